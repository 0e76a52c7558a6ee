"""The meetings in a person's right-of-access copy, and what an erasure blanks there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tanzim.meetings.models import Attendance, MinutesVersion
from tanzim.meetings.services import (
    agenda_item_save,
    attendance_mark,
    decision_record,
    meeting_mark_held,
    minutes_approve,
)
from tanzim.members.models import Member
from tanzim.people.dossier import dossier_parts
from tanzim.privacy.services import member_erase
from tests.meetings.factories import EVERYTHING, make_world, ordinary_meeting, taounate_scope


@pytest.fixture
def world(party):
    return make_world()


def test_the_copy_lists_the_meetings_attended_and_the_erasure_blanks_the_name_in_the_snapshots(world):
    scope = taounate_scope()
    advisor = world["persons"]["advisor"]
    meeting = ordinary_meeting(world["province"], dt.date(2026, 1, 17), scope=scope)
    line = Attendance.objects.get(meeting=meeting, person=advisor)
    attendance_mark(acting_user=None, scope=scope, meeting=meeting, line=line, status="present", note="متأخر")
    item = agenda_item_save(acting_user=None, scope=scope, meeting=meeting, title="البند")
    decision = decision_record(acting_user=None, scope=scope, meeting=meeting, item=item, text="x", outcome="consensus")
    meeting_mark_held(acting_user=None, scope=scope, meeting=meeting)
    minutes_approve(acting_user=None, scope=scope, meeting=meeting)

    with translation.override("fr"):
        part = dossier_parts(person=advisor, scope=scope)["meetings"]
    assert part.title == "Réunions"
    assert [row["Présence"] for row in part.rows] == ["Présent"]
    assert part.audit_targets["meetings.meeting"] == [str(meeting.pk)]
    assert "meetings" not in dossier_parts(person=world["tetouan_head"], scope=scope)

    name = advisor.full_name
    member_erase(acting_user=None, scope=EVERYTHING, member=Member.objects.get(person=advisor), reason="طلب")
    line.refresh_from_db()
    decision.refresh_from_db()
    version = MinutesVersion.objects.get(meeting=meeting)
    assert line.status == "present" and line.note == "" and line.guest_capacity == ""  # the count stays true
    assert name not in str(decision.entitled) and name not in str(version.content)
    assert len(decision.entitled) == 5
