"""A Taounate provincial secretariat (as in the seed report) and a Tétouan one, with the logins of their heads."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from tanzim.access.models import Account
from tanzim.members.services import member_elected_add
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()
TAOUNATE = "03.531"
TAOUNATE_COMMUNE = "03.531.01.05"
TETOUAN = "01.571"
TETOUAN_COMMUNE = "01.571.01.11"

OFFICE = [
    ("head", "محمد", "النجاري", "Mohamed", "Najjari", "m"),
    ("deputy_head", "فاطمة", "الزهراوي", "Fatima", "Zahraoui", "f"),
    ("treasurer", "يوسف", "العلمي", "Youssef", "Alami", "m"),
    ("rapporteur", "خديجة", "البقالي", "Khadija", "Bakkali", "f"),
    ("advisor", "رشيد", "الإدريسي", "Rachid", "Idrissi", "m"),
]


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _person(card, first_ar, last_ar, first_latin, last_latin, gender="m", commune=TAOUNATE_COMMUNE):
    return make_member(
        card,
        first_ar=first_ar,
        last_ar=last_ar,
        first_latin=first_latin,
        last_latin=last_latin,
        gender=gender,
        commune=commune,
    ).person


def _login(username, person):
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    Account.objects.create(user=user, person=person)
    return user


def make_world(office_from=dt.date(2025, 10, 5)) -> dict:
    """Taounate's provincial secretariat (five members, its rapporteur and head have logins), a branch with its
    head, a member of parliament of the province; Tétouan's provincial secretariat with its head's login."""
    bureau = make_body("national_executive")
    region = make_body("regional_office", "03", parent=bureau)
    province = make_body("provincial_office", TAOUNATE, parent=region)
    branch = make_body("local_office", TAOUNATE_COMMUNE, parent=province)
    persons = {}
    seats = []
    for n, (key, first_ar, last_ar, first_latin, last_latin, gender) in enumerate(OFFICE):
        person = _person(f"TAO-{n:04d}", first_ar, last_ar, first_latin, last_latin, gender)
        persons[key] = person
        seats.append(Seat(PositionType.objects.get(key=key), person))
    office_renew(acting_user=None, body=province, held_on=office_from, seats=seats)
    local_head = _person("TAO-0100", "عبد الإله", "الوزاني", "Abdelilah", "Ouazzani")
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 6, 1),
        seats=[Seat(PositionType.objects.get(key="head"), local_head)],
    )
    mp = make_member(
        "TAO-0200", first_ar="سعيد", last_ar="الفاسي", first_latin="Said", last_latin="Fassi", commune=TAOUNATE_COMMUNE
    )
    member_elected_add(
        acting_user=None,
        scope=EVERYTHING,
        member=mp,
        office="representative",
        territory=Territory.objects.get(code=TAOUNATE),
        term_start=2021,
        term_end=2026,
        head_of_list=True,
    )
    tetouan = make_body("provincial_office", TETOUAN, parent=bureau)
    tetouan_head = _person("TET-0001", "كريم", "الصقلي", "Karim", "Sqalli", commune=TETOUAN_COMMUNE)
    office_renew(
        acting_user=None,
        body=tetouan,
        held_on=dt.date(2025, 2, 1),
        seats=[Seat(PositionType.objects.get(key="head"), tetouan_head)],
    )
    return {
        "bureau": bureau,
        "region": region,
        "province": province,
        "branch": branch,
        "persons": persons,
        "local_head": local_head,
        "mp": mp.person,
        "tetouan": tetouan,
        "tetouan_head": tetouan_head,
        "head_user": _login("taounate-head", persons["head"]),
        "rapporteur_user": _login("taounate-rapporteur", persons["rapporteur"]),
        "treasurer_user": _login("taounate-treasurer", persons["treasurer"]),
        "tetouan_user": _login("tetouan-head", tetouan_head),
    }


TAOUNATE_SCOPE_PATH = "03/03.531/"


def taounate_scope() -> Scope:
    return Scope.of(Territory.objects.get(code=TAOUNATE).path)


def ordinary_meeting(body, day: dt.date, *, scope: Scope | None = None):
    """An ordinary meeting of `body` at 16:00 on `day`, created by an official of its own territory (or `scope`)."""
    from tanzim.meetings.models import MeetingKind
    from tanzim.meetings.services import meeting_create

    return meeting_create(
        acting_user=None,
        scope=scope or Scope.of(body.path),
        body=body,
        kind=MeetingKind.objects.get(key="ordinary"),
        starts_at=at(day),
    )
