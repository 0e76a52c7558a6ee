"""What the meetings hold about a person, for the right of access and for erasure (law 09-08).

The copy lists the meetings the person chaired, framed or reported, and every line of an attendance register
naming them (with how they were marked), through the reader's scope.

Erasure keeps the person's attendance lines and roles: they are the body's record (its quorum and its decisions
were computed on them), and the person row they point at is itself blanked by the erasure, so they name nobody
any more. What the meetings copied as text is blanked here: the capacity and note of their attendance lines, and
their name wherever a decision's snapshot of the entitled or an approved version of the minutes wrote it, which
take the erased name the registry now gives the person.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.people.dossier import DossierPart, dossier_part, erasure_step

from .models import Attendance, Decision, Meeting, MeetingRole, MinutesVersion


@dossier_part("meetings")
def meetings_of_person(*, person, scope) -> DossierPart | None:
    roles = list(
        MeetingRole.objects.visible_to(scope)
        .filter(person=person)
        .select_related(
            "meeting__kind", "meeting__body__body_type", "meeting__body__territory", "meeting__body__organization"
        )
        .order_by("meeting__starts_at", "id")
    )
    lines = list(
        Attendance.objects.visible_to(scope)
        .filter(person=person)
        .select_related(
            "meeting__kind", "meeting__body__body_type", "meeting__body__territory", "meeting__body__organization"
        )
        .order_by("meeting__starts_at", "id")
    )
    if not roles and not lines:
        return None
    rows = []
    for r in roles:
        rows.append(
            {
                _("Meeting"): f"{r.meeting.kind.name} — {r.meeting.body.name}",
                _("Date"): timezone.localtime(r.meeting.starts_at).strftime("%d/%m/%Y"),
                _("Role"): str(r.get_role_display()),
                _("Capacity"): r.capacity,
            }
        )
    for a in lines:
        rows.append(
            {
                _("Meeting"): f"{a.meeting.kind.name} — {a.meeting.body.name}",
                _("Date"): timezone.localtime(a.meeting.starts_at).strftime("%d/%m/%Y"),
                _("Attendance"): str(a.get_status_display()),
                _("Capacity"): a.guest_capacity,
            }
        )
    meeting_ids = sorted({str(r.meeting_id) for r in roles} | {str(a.meeting_id) for a in lines})
    return DossierPart(
        title=_("Meetings"),
        rows=rows,
        audit_targets={
            "meetings.meeting": meeting_ids,
            "meetings.attendance": [str(a.pk) for a in lines],
        },
    )


def _meetings_naming(person):
    """The meetings whose records name the person: an attendance line, a line they represented someone on, a
    role (chair, framer, rapporteur)."""
    return (
        Meeting.objects.filter(
            Q(attendance__person=person) | Q(attendance__represented_by=person) | Q(roles__person=person)
        )
        .values("pk")
        .distinct()
    )


def meetings_reach(*, person):
    """The bodies whose meeting records the erasure rewrites (their approved minutes, their decisions' lists)."""
    return Meeting.objects.filter(pk__in=_meetings_naming(person)).values_list("body__path", flat=True).distinct()


@erasure_step("meetings", reach=meetings_reach)
def erase_from_meetings(*, person) -> dict[str, int]:
    erased_name = person.full_name  # the registry's erased name, already written by the erasure
    blanked = Attendance.objects.filter(person=person).update(guest_capacity="", note="")
    decisions = 0
    for decision in Decision.objects.filter(meeting__attendance__person=person).distinct():
        changed = False
        for entry in decision.entitled:
            if entry.get("person") == person.pk and entry.get("name") != erased_name:
                entry["name"], changed = erased_name, True
        if changed:
            decision.save(update_fields=["entitled"])
            decisions += 1
    versions = 0
    for version in MinutesVersion.objects.filter(meeting_id__in=_meetings_naming(person)):
        changed = False
        for key in ("attendance", "roles"):
            for entry in version.content.get(key, []):
                # Names are kept in both scripts ({"ar", "fr"}); the first versions kept one string.
                if entry.get("person") == person.pk:
                    entry["name"] = _erased(entry.get("name"), erased_name)
                    entry["capacity"], changed = "", True
                if entry.get("represented_by_person") == person.pk:
                    entry["represented_by"], changed = _erased(entry.get("represented_by"), erased_name), True
        if changed:
            version.save(update_fields=["content"])
            versions += 1
    return {"attendance_lines": blanked, "decisions": decisions, "minutes_versions": versions}


def _erased(name, erased_name: str):
    return {"ar": erased_name, "fr": erased_name} if isinstance(name, dict) or name is None else erased_name
