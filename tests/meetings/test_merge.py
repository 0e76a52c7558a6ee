"""Two entries of one person merged when the meetings name them: a line they represented someone on moves to the
kept person; both on one register (a register names a person once) stops the merge with a reason, not an error."""

from __future__ import annotations

import datetime as dt

import pytest

from tanzim.meetings.models import Attendance
from tanzim.meetings.services import attendance_add, attendance_mark
from tanzim.members.models import Member
from tanzim.members.services import MemberError, member_merge
from tanzim.territory.scope import Scope
from tests.meetings.factories import EVERYTHING, make_world, ordinary_meeting, taounate_scope
from tests.members.factories import make_member


@pytest.fixture
def world(party):
    return make_world()


def _meeting(world):
    return ordinary_meeting(world["province"], dt.date(2026, 1, 17), scope=taounate_scope())


def _twin(world):
    """A second entry of the member of parliament, typed from another branch's file."""
    return make_member("TAO-0299", first_ar="سعيد", last_ar="الفاسي", commune="03.531.01.05")


def test_a_representation_moves_to_the_kept_person(world):
    meeting = _meeting(world)
    twin = _twin(world)
    line = Attendance.objects.filter(meeting=meeting, person__isnull=False).first()
    attendance_mark(
        acting_user=None,
        scope=taounate_scope(),
        meeting=meeting,
        line=line,
        status="represented",
        represented_by=twin.person,
    )
    kept = Member.objects.get(person=world["mp"])

    member_merge(acting_user=None, scope=EVERYTHING, keep=kept, drop=twin)

    line.refresh_from_db()
    assert line.represented_by_id == world["mp"].pk


def test_both_entries_on_one_register_stop_the_merge_and_change_nothing(world):
    meeting = _meeting(world)
    twin = _twin(world)
    scope = taounate_scope()
    attendance_add(acting_user=None, scope=scope, meeting=meeting, person=world["mp"])
    attendance_add(acting_user=None, scope=scope, meeting=meeting, person=twin.person)
    kept = Member.objects.get(person=world["mp"])

    with pytest.raises(MemberError) as refused:
        member_merge(acting_user=None, scope=EVERYTHING, keep=kept, drop=twin)

    assert refused.value.code == "linked_record_clash"
    assert Member.objects.filter(pk=twin.pk).exists()
    assert Attendance.objects.filter(meeting=meeting, person__in=[world["mp"], twin.person]).count() == 2


def test_a_province_cannot_merge_away_an_entry_named_in_the_regions_register(world):
    """Merging rewrites every record naming the entry merged away: a regional meeting's register is the region's."""
    twin = _twin(world)
    region = Scope.of(world["region"].path)
    meeting = ordinary_meeting(world["region"], dt.date(2026, 2, 7), scope=region)
    attendance_add(acting_user=None, scope=region, meeting=meeting, person=twin.person)
    kept = Member.objects.get(person=world["mp"])

    with pytest.raises(MemberError) as refused:
        member_merge(acting_user=None, scope=taounate_scope(), keep=kept, drop=twin)

    assert refused.value.code == "records_beyond"
    assert Attendance.objects.get(meeting=meeting).person_id == twin.person_id
    member_merge(acting_user=None, scope=region, keep=kept, drop=twin)  # the region, whose territory covers it
    assert Attendance.objects.get(meeting=meeting).person_id == world["mp"].pk
