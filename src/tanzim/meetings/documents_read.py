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
        {
            "role": r.role,
            "person": r.person_id,
            # A person of the registry in both scripts, or the name typed for an official the writer cannot read.
            "name": _names(r.person) if r.person_id else _both(r.name, r.name),
            "capacity": r.capacity,
            "from_body": _body_names(r.from_body),
        }
        for r in meeting.roles.select_related("person", "from_body__body_type", "from_body__territory").order_by(
            "role", "order", "id"
        )
    ]
    lines = [
        {
            "person": a.person_id,
            "name": _names(a.person) if a.person_id else _both(a.guest_name, a.guest_name),
            "capacity": a.guest_capacity,
            "category": a.category,
            "entitled": a.entitled,
            "status": a.status,
            "represented_by": _names(a.represented_by) if a.represented_by_id else None,
            "represented_by_person": a.represented_by_id,
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
    live_followups: list[FollowUp] = field(default_factory=list)

    @property
    def followups(self) -> list[FollowUp]:
        """What the meeting sent down: as the approved version kept it (in the active language), or, for a
        draft, as the directives stand."""
        if "followups" not in self.snapshot:
            return self.live_followups
        return [
            FollowUp(
                decision_id=f.get("decision_id"),
                text=f.get("text", ""),
                recipients=self.pick(f.get("recipients")),
                due=dt.date.fromisoformat(f["due"]) if f.get("due") else None,
                due_words=self.pick(f.get("due_words")),
            )
            for f in self.snapshot["followups"]
        ]

    def pick(self, both: dict[str, str] | None, language: str | None = None) -> str:
        if not both:
            return ""
        language = language or get_language()
        return both.get("fr" if language == "fr" else "ar") or both.get("ar", "")


def frozen_followups(meeting: Meeting, *, scope: Scope) -> list[dict[str, Any]]:
    """What the meeting sent down, in both languages, as an approval keeps it with the minutes."""
    from django.utils import translation

    said: dict[str, list[FollowUp]] = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            said[language] = followups(meeting, scope=scope)
    return [
        {
            "decision_id": ar.decision_id,
            "text": ar.text,
            "recipients": _both(ar.recipients, fr.recipients),
            "due": ar.due.isoformat() if ar.due else None,
            "due_words": _both(ar.due_words, fr.due_words),
        }
        for ar, fr in zip(said["ar"], said["fr"], strict=True)
    ]


def meeting_record(meeting: Meeting, *, scope: Scope, number: int | None = None) -> MeetingRecord:
    """The record a document is drawn from. Without `number`: the last approved version when the minutes are
    approved, else the current record as a draft. With `number`: that approved version as it was approved (a
    404 when there is none), whatever was corrected since."""
    if number is not None:
        version = MinutesVersion.objects.filter(meeting=meeting, number=number).first()
        if version is None:
            raise Http404
    else:
        version = approved_version(meeting) if meeting.status == MeetingStatus.APPROVED else None
    snapshot = readable(version.content) if version is not None else minutes_snapshot(meeting)
    return MeetingRecord(
        meeting=meeting,
        snapshot=snapshot,
        draft=version is None,
        version=version.number if version is not None else meeting.minutes_version,
        approved_at=version.approved_at if version is not None else None,
        party=party_names(),
        body_names=_body_names(meeting.body) or {"ar": "", "fr": ""},
        live_followups=followups(meeting, scope=scope) if "followups" not in snapshot else [],
    )


def readable(content: Any) -> dict[str, Any]:
    """An approved version's content in the one format the documents read. Versions approved before the format
    was one (`format` missing) held each name once, in the approver's language: it stands for both."""
    if not isinstance(content, dict):
        return {"format": SNAPSHOT_FORMAT}
    if content.get("format") == SNAPSHOT_FORMAT:
        return content

    def both(value: Any) -> dict[str, str] | None:
        return value if isinstance(value, dict) or value is None else _both(str(value), str(value))

    def decision(d: dict[str, Any]) -> dict[str, Any]:
        votes = d.get("votes") or [None, None, None]
        return {
            "text": d.get("text", ""),
            "outcome": d.get("outcome", ""),
            "for": votes[0],
            "against": votes[1],
            "abstain": votes[2],
        }

    role_keys = {str(label): key for key, label in MeetingRoleKind.choices}
    return {
        "format": SNAPSHOT_FORMAT,
        "title": content.get("title", ""),
        "kind": both(content.get("kind", "")),
        "starts_at": _legacy_moment(content.get("starts_at")),
        "ends_at": None,
        "venue": content.get("venue", ""),
        "commune": both(content.get("commune")) if content.get("commune") else None,
        "opening": content.get("opening", ""),
        "roles": [
            {
                "role": role_keys.get(r.get("role", ""), r.get("role", "")),
                "person": r.get("person"),
                "name": both(r.get("name", "")),
                "capacity": r.get("capacity", ""),
                "from_body": None,
            }
            for r in content.get("roles", [])
        ],
        "categories": [],
        "attendance": [
            {
                "person": a.get("person"),
                "name": both(a.get("name", "")),
                "capacity": a.get("capacity", ""),
                "category": "",
                "entitled": a.get("entitled"),
                "status": a.get("status", ""),
                "represented_by": None,
            }
            for a in content.get("attendance", [])
        ],
        "agenda": [
            {
                "title": item.get("title", ""),
                "minutes": item.get("minutes", ""),
                "decisions": [decision(d) for d in item.get("decisions", [])],
            }
            for item in content.get("agenda", [])
        ],
        "decisions": [],
        "quorum": content.get("quorum") or {},
    }


def _legacy_moment(value: Any) -> str | None:
    """A date-time the first versions wrote as shown ("17/01/2026 10:00", Africa/Casablanca), as ISO."""
    try:
        shown = dt.datetime.strptime(str(value), "%d/%m/%Y %H:%M")  # noqa: DTZ007 (local time, made aware here)
        return timezone.make_aware(shown).isoformat()
    except ValueError:
        return None


def local(value: str | None) -> dt.datetime | None:
    """A stored ISO date-time in Africa/Casablanca."""
    if not value:
        return None
    return timezone.localtime(dt.datetime.fromisoformat(value))


ROLE_ORDER = [MeetingRoleKind.CHAIR, MeetingRoleKind.FRAMER, MeetingRoleKind.RAPPORTEUR]
