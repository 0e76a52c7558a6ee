"""Findings of the review at the end of stop 18: nobody gives themself a position or another entry's positions, a
duplicate decision and an import conflict need the whole of both sides, and a cookie naming no session makes the
server store nothing."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from tanzim.access.models import Account
from tanzim.members.conflicts import conflict_list
from tanzim.members.models import DuplicateFlag, DuplicateReason, ImportConflict
from tanzim.members.services import MemberError, duplicate_flag_dismiss, member_merge
from tanzim.organization.errors import SeatBeyondScope
from tanzim.organization.models import Mandate, PositionType
from tanzim.organization.services import Seat, office_add, office_renew
from tanzim.people.footprint import PersonBeyondScope
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory

TETOUAN = Scope.of("01/01.571/")


@pytest.fixture
def positions(party):
    return {p.key: p for p in PositionType.objects.all()}


def login_of(person):
    user = get_user_model().objects.create_user(f"u{person.pk}", password="a-long-test-password")
    Account.objects.create(user=user, person=person)
    return user


def test_an_official_cannot_coopt_or_renew_themself_into_an_office(positions):
    province = make_body("provincial_office", "01.571")
    branch = make_body("local_office", "01.571.01.11", parent=province)
    office_renew(
        acting_user=None, body=branch, held_on=dt.date(2025, 1, 5), seats=[Seat(positions["head"], PersonFactory())]
    )
    deputy = PersonFactory(first_name_ar="نائب", last_name_ar="إقليمي")
    writer = login_of(deputy)
    with pytest.raises(SeatBeyondScope) as refused:
        office_add(
            acting_user=writer,
            body=branch,
            held_on=dt.date(2025, 2, 1),
            scope=TETOUAN,
            seats=[Seat(positions["advisor"], PersonFactory()), Seat(positions["treasurer"], deputy)],
        )
    assert refused.value.row == 1
    with pytest.raises(SeatBeyondScope):
        office_renew(
            acting_user=writer,
            body=branch,
            held_on=dt.date(2025, 3, 1),
            scope=TETOUAN,
            seats=[Seat(positions["head"], deputy)],
        )
    assert not Mandate.objects.filter(person=deputy).exists()
    # Another person is seated as before.
    office_add(
        acting_user=writer,
        body=branch,
        held_on=dt.date(2025, 2, 1),
        scope=TETOUAN,
        seats=[Seat(positions["treasurer"], PersonFactory())],
    )


def test_a_merge_cannot_hand_the_other_entrys_positions_to_the_writer(positions):
    branch = make_body("local_office", "01.571.01.11")
    mine = make_member("OWN-1", first_ar="سعيد", last_ar="البقالي")
    head = make_member("OWN-2", first_ar="سعيد", last_ar="البقالي")
    office_renew(
        acting_user=None, body=branch, held_on=dt.date(2025, 1, 5), seats=[Seat(positions["head"], head.person)]
    )
    writer = login_of(mine.person)
    with pytest.raises(MemberError) as refused:
        member_merge(acting_user=writer, scope=TETOUAN, keep=mine, drop=head)
    assert refused.value.code == "own_mandates"
    assert Mandate.objects.get(body=branch).person_id == head.person_id


def test_a_duplicate_flag_about_a_person_held_above_is_decided_above(positions):
    region = make_body("regional_office", "01")
    regional = make_member("HIGH-1", first_ar="نبيل", last_ar="الناصري")
    office_renew(
        acting_user=None, body=region, held_on=dt.date(2025, 1, 5), seats=[Seat(positions["head"], regional.person)]
    )
    other = make_member("HIGH-2", first_ar="نبيل", last_ar="الناصري")
    flag = DuplicateFlag.objects.create(first=regional, second=other, reason=DuplicateReason.CLOSE_NAME)
    with pytest.raises(PersonBeyondScope):
        duplicate_flag_dismiss(acting_user=None, scope=TETOUAN, flag=flag)
    assert DuplicateFlag.objects.get(pk=flag.pk).status == flag.status


def test_an_import_conflict_is_read_only_by_who_covers_the_files_place_too(party):
    member = make_member("CF-1", first_ar="حسناء", last_ar="الريسوني")
    taounate = "03/03.531/03.531.01.01/"
    ImportConflict.objects.create(
        member=member,
        row=2,
        card_number="CF-1",
        path=member.path,
        file_path=taounate,
        values={"first_name_ar": "فاطمة", "last_name_ar": "الزهراء", "cin": "Z123456"},
    )
    assert conflict_list(scope=TETOUAN).count() == 0
    assert conflict_list(scope=TETOUAN.union(Scope.of("03/03.531/"))).count() == 1


def test_a_cookie_naming_no_session_makes_the_server_store_none(db):
    client = Client()
    client.cookies["sessionid"] = "made-up-session-key-0123456789"
    before = Session.objects.count()
    for _ in range(3):
        client.get("/ops/ping/")  # no form: nothing asks for a session
    assert Session.objects.count() == before
