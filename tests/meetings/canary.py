"""The canary's meeting in Taounate: a held meeting of the Kanarikki provincial office with its register (the
office, a guest), minutes per item, a decision, and an approved version kept after a correction."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tanzim.meetings.models import AgendaItem, Attendance, Decision, Meeting, MeetingKind, MeetingRole, MinutesVersion
from tanzim.meetings.services import (
    RoleIn,
    agenda_item_save,
    attendance_add,
    attendance_mark,
    decision_record,
    meeting_create,
    meeting_mark_held,
    minutes_approve,
    minutes_correct,
)
from tanzim.territory.scope import Scope

EVERYTHING = Scope.everything()
PATH = "03/03.531/"


def records(canary, own_world) -> dict:
    meeting = meeting_create(
        acting_user=None,
        scope=EVERYTHING,
        body=canary["province"],
        kind=MeetingKind.objects.get(key="organizational"),
        starts_at=timezone.make_aware(dt.datetime.combine(dt.date(2026, 1, 17), dt.time(16, 0))),
        title="اجتماع الكناريكي",
        venue="Siège Kanarikki",
        roles=[RoleIn(role="chair", person=canary["member"].person, capacity="Kanarikki")],
        categories=["sub_heads", "parliament"],
    )
    guest = attendance_add(
        acting_user=None, scope=EVERYTHING, meeting=meeting, guest_name="ضيف الكناريكي", capacity="Kanarikki"
    )
    for line in meeting.attendance.exclude(pk=guest.pk):
        attendance_mark(acting_user=None, scope=EVERYTHING, meeting=meeting, line=line, status="present")
    item = agenda_item_save(
        acting_user=None, scope=EVERYTHING, meeting=meeting, title="نقطة الكناريكي", minutes="- Kanarikki"
    )
    decision = decision_record(
        acting_user=None, scope=EVERYTHING, meeting=meeting, item=item, text="مقرر الكناريكي", outcome="consensus"
    )
    meeting_mark_held(acting_user=None, scope=EVERYTHING, meeting=meeting)
    minutes_approve(acting_user=None, scope=EVERYTHING, meeting=meeting)
    minutes_correct(acting_user=None, scope=EVERYTHING, meeting=meeting, reason="Kanarikki")
    return {"meeting": Meeting.objects.get(pk=meeting.pk), "item": item, "decision": decision, "guest": guest}


def ids(canary) -> set[int]:
    made = canary["meetings"]
    meeting = made["meeting"]
    return (
        {meeting.pk, made["item"].pk, made["decision"].pk, made["guest"].pk}
        | set(meeting.attendance.values_list("pk", flat=True))
        | set(meeting.minutes_versions.values_list("number", flat=True))
    )


def state() -> dict:
    inside = {"meeting__body__path__startswith": PATH}
    return {
        "meetings": sorted(
            Meeting.objects.filter(body__path__startswith=PATH).values_list(
                "pk", "status", "title", "venue", "starts_at", "kind_id", "minutes_version", "cancelled_reason"
            )
        ),
        "roles": sorted(MeetingRole.objects.filter(**inside).values_list("pk", "person_id", "name", "capacity")),
        "attendance": sorted(
            Attendance.objects.filter(**inside).values_list("pk", "person_id", "guest_name", "status", "note")
        ),
        "items": sorted(AgendaItem.objects.filter(**inside).values_list("pk", "title", "minutes")),
        "decisions": sorted(Decision.objects.filter(**inside).values_list("pk", "text", "outcome")),
        "versions": sorted(MinutesVersion.objects.filter(**inside).values_list("pk", "number", "correction_reason")),
    }
