import datetime as dt

import pytest

from tanzim.audit.models import AuditEntry
from tanzim.members.models import DuplicateFlag, Member
from tanzim.members.selectors import MemberFilters, member_list, youth_birth_cutoff
from tanzim.members.services import MemberError, member_merge, member_set_status
from tanzim.organization.models import Mandate, PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()


def cards(**filters):
    return {m.card_number for m in member_list(scope=Scope.everything(), filters=MemberFilters(**filters))}


def test_youth_and_women_are_derived_from_birth_date_and_gender(party):
    cutoff = youth_birth_cutoff()
    make_member("Y-1", first_ar="أنس", birth_date=cutoff + dt.timedelta(days=30))
    make_member("Y-2", first_ar="حسن", birth_date=cutoff - dt.timedelta(days=30))
    make_member("W-1", first_ar="فتحية", gender="f", birth_date=cutoff + dt.timedelta(days=300))
    assert cards(youth=True) == {"Y-1", "W-1"}
    assert cards(women=True) == {"W-1"}
    assert cards(youth=True, women=False) == {"Y-1"}
    # the limit is the party's: raising it makes the older member young again
    party.youth_age_limit = 40
    party.save()
    assert "Y-2" in cards(youth=True)


def test_status_history_is_dated(party):
    member = make_member("H-1", first_ar="أمين")
    member_set_status(
        acting_user=None, scope=EVERYTHING, member=member, status="suspended", since=dt.date(2026, 1, 5), note="قرار"
    )
    member_set_status(acting_user=None, scope=EVERYTHING, member=member, status="active", since=dt.date(2026, 6, 1))
    history = list(member.status_history.values_list("status", "since"))
    assert history == [("active", dt.date(2026, 6, 1)), ("suspended", dt.date(2026, 1, 5))]
    assert cards(status="active") == {"H-1"}


def test_close_name_and_same_birth_date_is_a_probable_duplicate(party):
    born = dt.date(1980, 4, 2)
    make_member("D-1", first_ar="عبد الإله", last_ar="الخليفي", birth_date=born)
    second = make_member("D-2", first_ar="عبدالاله", last_ar="الخليفى", birth_date=born)
    make_member("D-3", first_ar="عبد الإله", last_ar="الخليفي", birth_date=dt.date(1981, 4, 2))
    flags = DuplicateFlag.objects.all()
    assert [(f.first.card_number, f.second.card_number, f.reason) for f in flags] == [("D-1", "D-2", "close_name")]
    assert second.pk in (flags[0].first_id, flags[0].second_id)


def test_merge_keeps_history_and_mandates(party):
    province = make_body("provincial_office", "01.571")
    keep = make_member("M-1", first_ar="كريمة", last_ar="أحكان", gender="f", cin="L111111")
    drop = make_member(
        "M-2",
        first_ar="كريمه",
        last_ar="احكان",
        gender="f",
        cin="L111111",
        phone="+212661234567",
        profession="أمينة مال",
    )
    office_renew(
        acting_user=None,
        body=province,
        held_on=dt.date(2025, 1, 19),
        seats=[Seat(PositionType.objects.get(key="head"), drop.person)],
    )
    member_set_status(acting_user=None, scope=EVERYTHING, member=drop, status="lapsed", since=dt.date(2025, 3, 1))
    assert DuplicateFlag.objects.filter(reason="same_cin").count() == 1

    member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)

    keep.refresh_from_db()
    assert not Member.objects.filter(card_number="M-2").exists()
    assert Mandate.objects.get(body=province).person_id == keep.person_id
    assert keep.person.phone == "+212661234567" and keep.profession == "أمينة مال"  # gaps filled
    assert keep.status_history.filter(status="lapsed").exists()
    entry = AuditEntry.objects.get(action="member.merge")
    assert entry.changes["dropped_card"] == "M-2"
    with pytest.raises(MemberError):
        member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=keep)


def test_writes_are_audited_with_old_and_new_values(party):
    member = make_member("A-1", first_ar="سعيد")
    created = AuditEntry.objects.get(action="member.create", target_id=str(member.pk))
    assert created.changes["card_number"] == [None, "A-1"]
    assert created.territory_path == "01/01.571/01.571.01.11/"
