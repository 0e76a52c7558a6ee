"""A little Taounate: the national bureau, the Fès-Meknès region, Taounate's provincial office and some branches."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from tanzim.access.models import Account
from tanzim.meetings.models import Decision, DecisionOutcome, Meeting, MeetingKind
from tanzim.organization.models import BodyStatus, PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.models import Territory
from tests.members.factories import make_member
from tests.organization.factories import make_body

TAOUNATE = "03.531"
TETOUAN = "01.571"


def taounate_communes() -> list[Territory]:
    return list(Territory.objects.filter(level="commune", path__startswith="03/03.531/").order_by("code"))


def make_world(*, constituted: int = 3) -> dict:
    """The bodies down to Taounate: `constituted` of its communes have a constituted branch, one a dormant one;
    Tétouan's provincial office beside it."""
    bureau = make_body("national_executive", status=BodyStatus.CONSTITUTED)
    region = make_body("regional_office", "03", parent=bureau, status=BodyStatus.CONSTITUTED)
    province = make_body("provincial_office", TAOUNATE, parent=region, status=BodyStatus.CONSTITUTED)
    communes = taounate_communes()
    branches = [
        make_body("local_office", c.code, parent=province, status=BodyStatus.CONSTITUTED)
        for c in communes[:constituted]
    ]
    dormant = make_body("local_office", communes[constituted].code, parent=province, status=BodyStatus.DORMANT)
    tetouan_region = make_body("regional_office", "01", parent=bureau, status=BodyStatus.CONSTITUTED)
    tetouan = make_body("provincial_office", TETOUAN, parent=tetouan_region, status=BodyStatus.CONSTITUTED)
    return {
        "bureau": bureau,
        "region": region,
        "province": province,
        "branches": branches,
        "dormant": dormant,
        "communes": communes,
        "tetouan": tetouan,
    }


def official(body, username: str, *, key: str = "head", card: str | None = None):
    """A user heading (or holding `key` in) `body` since 2025."""
    member = make_member(
        card or f"T-{username}", first_ar="مسؤول", last_ar=username, first_latin="Official", last_latin=username
    )
    office_renew(
        acting_user=None,
        body=body,
        held_on=dt.date(2025, 2, 1),
        seats=[Seat(PositionType.objects.get(key=key), member.person)],
    )
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    Account.objects.create(user=user, person=member.person)
    return user


def make_decision(body, *, on: dt.date = dt.date(2026, 1, 17), text: str = "توجيهات") -> Decision:
    kind, _ = MeetingKind.objects.get_or_create(
        key="organizational", defaults={"name_ar": "اجتماع تنظيمي وتواصلي", "name_fr": "Réunion d'organisation"}
    )
    starts = timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
    meeting = Meeting.objects.create(body=body, kind=kind, starts_at=starts, venue="المقر الإقليمي", status="held")
    return Decision.objects.create(meeting=meeting, text=text, outcome=DecisionOutcome.CONSENSUS, order=1)
