"""The reads behind a meeting's documents (minutes PDF, attendance sheet, communiqué, calendar feeds).

Every read starts from `Meeting.objects.visible_to(scope)`: a meeting outside the reader's scope is a 404, never a
document. The record a document is drawn from is a plain dict (`minutes_snapshot`), the same for the current draft
and for an approved version (`MinutesVersion.content` holds one), with both scripts of every name, so a document
in French or in Arabic is drawn from the same frozen record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from tanzim.organization.models import Body, PartyProfile
from tanzim.territory.scope import Scope

from .followups import FollowUp, followups
from .models import (
    AttendanceStatus,
    CalendarFeed,
    Communique,
    Meeting,
    MeetingRoleKind,
    MeetingStatus,
    MinutesVersion,
    QuorumRule,
)

SNAPSHOT_FORMAT = 1


def meeting_get(*, scope: Scope, pk: int) -> Meeting:
    """A meeting the reader may read, with what its documents name; 404 otherwise."""
    meeting = (
        Meeting.objects.visible_to(scope)
        .select_related("body__body_type", "body__territory", "body__organization", "kind", "commune")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meetings_of_body(*, scope: Scope, body: Body, since: dt.datetime | None = None):
    qs = Meeting.objects.visible_to(scope).filter(body=body)
    if since is not None:
        qs = qs.filter(starts_at__gte=since)
    return qs.select_related("body__body_type", "body__territory", "body__organization", "kind", "commune")


def meetings_of_person(*, scope: Scope, person_id: int, since: dt.datetime | None = None):
    """The meetings a person is on the attendance register of (invited, present or not), within `scope`."""
    qs = Meeting.objects.visible_to(scope).filter(attendance__person_id=person_id)
    if since is not None:
        qs = qs.filter(starts_at__gte=since)
    return qs.distinct().select_related("body__body_type", "body__territory", "body__organization", "kind", "commune")


def body_get(*, scope: Scope, pk: int) -> Body:
    body = Body.objects.visible_to(scope).select_related("body_type", "territory", "organization").filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def party_names() -> dict[str, str]:
    party = PartyProfile.objects.first()
    if party is None:
        return {"ar": "", "fr": ""}
    return {"ar": party.name_ar, "fr": party.name_fr or party.name_ar}


def approved_version(meeting: Meeting) -> MinutesVersion | None:
    """The last approved version of the minutes, or None."""
    return MinutesVersion.objects.filter(meeting=meeting).order_by("-number").first()


def communique_versions(*, meeting: Meeting, language: str):
    return Communique.objects.filter(meeting=meeting, language=language).select_related("created_by")


def communique_latest(*, meeting: Meeting, language: str) -> Communique | None:
    return communique_versions(meeting=meeting, language=language).order_by("-version").first()


def communique_published(*, meeting: Meeting, language: str) -> Communique | None:
    return (
        communique_versions(meeting=meeting, language=language)
        .filter(published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def calendar_feeds_of(user) -> list[CalendarFeed]:
    """The feeds a user holds (their own: a user reads only the addresses they were given)."""
    return list(CalendarFeed.objects.filter(user=user).select_related("body__body_type", "body__territory"))


def calendar_feed_of(user, body: Body | None) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, body=body).first()


# --- the record a document is drawn from ---------------------------------------------------------------------


def _names(person) -> dict[str, str]:
    if person is None:
        return {"ar": "", "fr": ""}
    return {"ar": person.full_name_ar or person.full_name_latin, "fr": person.full_name_latin or person.full_name_ar}


def _both(ar: str, fr: str) -> dict[str, str]:
    return {"ar": ar, "fr": fr or ar}


def _decision(d) -> dict[str, Any]:
    return {
        "id": d.pk,
        "text": d.text,
        "outcome": d.outcome,
        "for": d.votes_for,
        "against": d.votes_against,
        "abstain": d.votes_abstain,
        "base": d.majority_base,
        "entitled": len(d.entitled or []),
        "present": d.present_count,
    }


def quorum_of(meeting: Meeting, lines: list[dict[str, Any]]) -> dict[str, int]:
    """Present / required among the entitled lines of the register (the body type's rule; half by default)."""
    rule = QuorumRule.objects.filter(body_type_id=meeting.body.body_type_id).first() or QuorumRule()
    counted = {AttendanceStatus.PRESENT}
    if rule.proxies_count:
        counted.add(AttendanceStatus.REPRESENTED)
    entitled = [line for line in lines if line["entitled"]]
    present = sum(1 for line in entitled if line["status"] in counted)
    return {"entitled": len(entitled), "present": present, "required": rule.required(len(entitled))}


def minutes_snapshot(meeting: Meeting) -> dict[str, Any]:
    """The whole record of a meeting as its documents show it, in plain values (JSON): what an approval freezes
    into `MinutesVersion.content`, and what a draft is drawn from."""
    roles = [
        {"role": r.role, "name": _names(r.person), "capacity": r.capacity, "from_body": _body_names(r.from_body)}
        for r in meeting.roles.select_related("person", "from_body__body_type", "from_body__territory").order_by(
            "role", "order", "id"
        )
    ]
    lines = [
        {
            "name": _names(a.person) if a.person_id else _both(a.guest_name, a.guest_name),
            "capacity": a.guest_capacity,
            "category": a.category,
            "entitled": a.entitled,
            "status": a.status,
            "represented_by": _names(a.represented_by) if a.represented_by_id else None,
            "note": a.note,
        }
        for a in meeting.attendance.select_related("person", "represented_by").order_by("order", "id")
    ]
    decisions = list(meeting.decisions.order_by("order", "id"))
    agenda = []
    for item in meeting.agenda_items.order_by("order", "id"):
        agenda.append(
            {
                "title": item.title,
                "minutes": item.minutes,
                "decisions": [_decision(d) for d in decisions if d.agenda_item_id == item.pk],
            }
        )
    return {
        "format": SNAPSHOT_FORMAT,
        "title": meeting.title,
        "kind": _both(meeting.kind.name_ar, meeting.kind.name_fr),
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None,
        "venue": meeting.venue,
        "commune": _both(meeting.commune.name_ar, meeting.commune.name_fr) if meeting.commune is not None else None,
        "commune_kind": meeting.commune.kind if meeting.commune is not None else "",
        "opening": meeting.opening,
        "roles": roles,
        "categories": list(meeting.invited_categories.order_by("id").values_list("key", flat=True)),
        "attendance": lines,
        "agenda": agenda,
        "decisions": [_decision(d) for d in decisions if d.agenda_item_id is None],
        "quorum": quorum_of(meeting, lines),
    }


def _body_names(body: Body | None) -> dict[str, str] | None:
    if body is None:
        return None
    from django.utils import translation

    with translation.override("ar"):
        ar = body.name
    with translation.override("fr"):
        fr = body.name
    return {"ar": ar, "fr": fr}


@dataclass
class MeetingRecord:
    """What a document of a meeting shows: the record (approved or draft), the body, the party, the directives."""

    meeting: Meeting
    snapshot: dict[str, Any]
    draft: bool
    version: int
    approved_at: dt.datetime | None
    party: dict[str, str]
    body_names: dict[str, str]
    followups: list[FollowUp] = field(default_factory=list)

    def pick(self, both: dict[str, str] | None, language: str | None = None) -> str:
        if not both:
            return ""
        language = language or get_language()
        return both.get("fr" if language == "fr" else "ar") or both.get("ar", "")


def meeting_record(meeting: Meeting, *, scope: Scope) -> MeetingRecord:
    """The approved version when the minutes are approved (as approved), else the current record as a draft."""
    version = approved_version(meeting) if meeting.status == MeetingStatus.APPROVED else None
    snapshot = version.content if version is not None and _readable(version.content) else None
    draft = version is None
    if snapshot is None:
        snapshot = minutes_snapshot(meeting)
    return MeetingRecord(
        meeting=meeting,
        snapshot=snapshot,
        draft=draft,
        version=version.number if version is not None else meeting.minutes_version,
        approved_at=version.approved_at if version is not None else None,
        party=party_names(),
        body_names=_body_names(meeting.body) or {"ar": "", "fr": ""},
        followups=followups(meeting, scope=scope),
    )


def _readable(content: Any) -> bool:
    return isinstance(content, dict) and content.get("format") == SNAPSHOT_FORMAT


def local(value: str | None) -> dt.datetime | None:
    """A stored ISO date-time in Africa/Casablanca."""
    if not value:
        return None
    return timezone.localtime(dt.datetime.fromisoformat(value))


ROLE_ORDER = [MeetingRoleKind.CHAIR, MeetingRoleKind.FRAMER, MeetingRoleKind.RAPPORTEUR]
