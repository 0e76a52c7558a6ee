"""/api/v1/meetings: meetings, their quorum and attendance, read through the caller's scope."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from tanzim.api.errors import ERRORS, Count, Id
from tanzim.organization.selectors import body_get

from .models import Attendance, Meeting
from .selectors import agenda_list, attendance_list, meeting_get, meeting_list, quorum

router = Router()


class QuorumOut(Schema):
    entitled: int
    present: int
    required: int
    reached: bool


class RoleOut(Schema):
    role: str
    person_id: int | None
    name: str
    capacity: str


class MeetingOut(Schema):
    id: int
    body_id: int
    body: str
    kind: str
    kind_name: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    venue: str
    commune_code: str | None
    status: str

    @staticmethod
    def resolve_body(obj: Meeting) -> str:
        return obj.body.name

    @staticmethod
    def resolve_kind(obj: Meeting) -> str:
        return obj.kind.key

    @staticmethod
    def resolve_kind_name(obj: Meeting) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_commune_code(obj: Meeting) -> str | None:
        return obj.commune.code if obj.commune is not None else None


class DecisionOut(Schema):
    id: int
    text: str
    outcome: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    majority_base: str
    present_count: int
    entitled_count: int

    @staticmethod
    def resolve_entitled_count(obj) -> int:
        return len(obj.entitled or [])


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    minutes: str
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_decisions(obj) -> list:
        return list(obj.decisions.all())


class MeetingDetailOut(MeetingOut):
    minutes_version: int
    approved_at: dt.datetime | None
    cancelled_reason: str
    quorum: QuorumOut
    roles: list[RoleOut]
    agenda: list[AgendaItemOut]

    @staticmethod
    def resolve_quorum(obj: Meeting) -> dict:
        q = quorum(obj)
        return {"entitled": q.entitled, "present": q.present, "required": q.required, "reached": q.reached}

    @staticmethod
    def resolve_roles(obj: Meeting) -> list[dict]:
        return [
            {"role": r.role, "person_id": r.person_id, "name": r.display_name, "capacity": r.capacity}
            for r in obj.roles.all()
        ]

    @staticmethod
    def resolve_agenda(obj: Meeting, context) -> list:
        return list(agenda_list(scope=context["request"].scope, meeting=obj))


class AttendanceOut(Schema):
    id: int
    person_id: int | None
    name: str
    capacity: str
    category: str
    entitled: bool
    status: str

    @staticmethod
    def resolve_name(obj: Attendance) -> str:
        return obj.display_name

    @staticmethod
    def resolve_capacity(obj: Attendance) -> str:
        return obj.guest_capacity


@router.get("", response={200: list[MeetingOut], **ERRORS}, summary="List meetings")
def list_meetings(
    request,
    body_id: Id | None = None,
    upcoming: bool | None = None,
    status: str = "",
    offset: Count = 0,
    limit: Count = 50,
):
    """Meetings of the bodies in the caller's scope, newest first (`upcoming=true`: soonest first)."""
    body = body_get(scope=request.scope, pk=body_id) if body_id is not None else None
    qs = meeting_list(scope=request.scope, body=body, upcoming=upcoming, status=status or None)
    return list(qs[offset : offset + min(limit, 200)])


@router.get("/{id:meeting_id}", response={200: MeetingDetailOut, **ERRORS}, summary="One meeting")
def get_meeting(request, meeting_id: Id):
    """A meeting with its quorum, chairs and framers, agenda, minutes and decisions."""
    return meeting_get(scope=request.scope, pk=meeting_id)


@router.get(
    "/{id:meeting_id}/attendance", response={200: list[AttendanceOut], **ERRORS}, summary="A meeting's attendance"
)
def get_attendance(request, meeting_id: Id):
    meeting = meeting_get(scope=request.scope, pk=meeting_id)
    return list(attendance_list(scope=request.scope, meeting=meeting))
