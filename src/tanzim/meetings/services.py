"""Every write to a meeting: keyword-only, the writer's scope (of the MINUTES capability) checked here, one
transaction, one audit row each.

Approved minutes are locked: every write below refuses with `minutes_approved` until a correction opens the next
version (the approved one is kept as a `MinutesVersion`). A cancelled meeting is not written either.

Attendance writes no person: a line names a person the writer may read (a registry person chosen in the
register's picker, or brought by an invited category read through the writer's scope), or a guest by name. The
footprint rule (`people.footprint`) is for writes that change a person; the register only refers to them, so what
is checked is that the writer may read the person — a Tétouan writer cannot put a Taounate person on a register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.organization.models import Body
from tanzim.people.models import Person
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from . import invitations
from .documents_read import frozen_followups, minutes_snapshot
from .errors import MeetingError
from .errors import MeetingErrorCode as Code
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionOutcome,
    InvitedCategory,
    MajorityBase,
    Meeting,
    MeetingKind,
    MeetingRole,
    MeetingRoleKind,
    MeetingStatus,
    MinutesVersion,
)
from .selectors import counts_as_present, office_at, quorum_rule


@dataclass(frozen=True)
class RoleIn:
    """A chair, framer or rapporteur: a person of the registry, or a name typed, with the capacity said."""

    role: str
    person: Person | None = None
    name: str = ""
    capacity: str = ""


def _local(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "d/m/Y H:i")


def _require_scope(scope: Scope, body: Body) -> None:
    if not scope.covers(body.path):
        raise MeetingError(
            Code.OUTSIDE_SCOPE,
            _("Your responsibilities do not include writing the meetings of “%(body)s”.") % {"body": body.name},
            field="body",
        )


def _require_editable(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.APPROVED:
        who = meeting.approved_by.get_username() if meeting.approved_by else "—"
        raise MeetingError(
            Code.MINUTES_APPROVED,
            _(
                "The minutes were approved on %(date)s by %(user)s and can no longer be changed. To change them, "
                "open a correction: it becomes version %(next)d, and the approved version is kept."
            )
            % {
                "date": _local(meeting.approved_at) if meeting.approved_at else "—",
                "user": who,
                "next": meeting.minutes_version + 1,
            },
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError(Code.MEETING_CANCELLED, _("This meeting was cancelled; its record is no longer changed."))


def _locked_for_write(*, scope: Scope, meeting: Meeting) -> Meeting:
    """The meeting read again under a row lock, checked for scope and for being editable."""
    fresh = Meeting.objects.select_for_update(of=("self",)).select_related("body", "approved_by").get(pk=meeting.pk)
    _require_scope(scope, fresh.body)
    _require_editable(fresh)
    return fresh


def _readable_person(scope: Scope, person: Person, *, field: str) -> Person:
    from tanzim.people.selectors import person_list

    if not person_list(scope=scope).filter(pk=person.pk).exists():
        raise MeetingError(
            Code.PERSON_NOT_READABLE,
            _("This person is not among those your responsibilities cover; choose from the suggestions."),
            field=field,
        )
    return person


def _check_fields(*, starts_at: dt.datetime, ends_at: dt.datetime | None, categories) -> None:
    if ends_at is not None and ends_at < starts_at:
        raise MeetingError(Code.ENDS_BEFORE_START, _("The meeting cannot end before it starts."), field="ends_at")
    for key in categories:
        if key not in invitations.CATEGORIES:
            raise MeetingError(Code.UNKNOWN_CATEGORY, _("Unknown invited category."), field="categories")


def _write_roles(*, scope: Scope, meeting: Meeting, roles: list[RoleIn]) -> list:
    meeting.roles.all().delete()
    written = []
    for order, role in enumerate(roles):
        name = (role.name or "").strip()
        if role.person is None and not name:
            raise MeetingError(Code.NOBODY_NAMED, _("Choose a person or type a name."), field="roles")
        if role.person is not None:
            _readable_person(scope, role.person, field="roles")
        MeetingRole.objects.create(
            meeting=meeting,
            role=MeetingRoleKind(role.role),
            person=role.person,
            name="" if role.person is not None else name,
            capacity=(role.capacity or "").strip(),
            order=order,
        )
        written.append([role.role, role.person.pk if role.person else None, name, role.capacity])
    return written


def _sync_register(*, scope: Scope, meeting: Meeting) -> None:
    """Put on the register the body's office at the meeting's date (entitled, counts for the quorum) and the
    persons of the invited categories, read through `scope`; lines not yet marked whose reason went (a category
    no longer invited, a date moved past a mandate) go; marked lines and guests stay."""
    day = timezone.localtime(meeting.starts_at).date()
    wanted: dict[int, tuple[str, bool, str]] = {}
    for m in office_at(scope=scope, body=meeting.body, day=day):
        wanted.setdefault(m.person_id, (invitations.OFFICE, True, m.title))
    for key in meeting.invited_categories.values_list("key", flat=True):
        for invitee in invitations.invitees(key, scope=scope, body=meeting.body, day=day):
            wanted.setdefault(invitee.person.pk, (key, False, invitee.capacity))
    lines = {a.person_id: a for a in meeting.attendance.filter(person__isnull=False)}
    for person_id, line in lines.items():
        if person_id in wanted:
            category, entitled, _capacity = wanted[person_id]
            if line.entitled != entitled or (entitled and line.category != category):
                line.entitled = entitled
                line.category = category if entitled else line.category
                line.save(update_fields=["entitled", "category"])
        elif line.status == AttendanceStatus.INVITED and line.category != invitations.GUEST:
            line.delete()
        elif line.entitled:
            line.entitled = False
            line.save(update_fields=["entitled"])
    order = meeting.attendance.aggregate(n=Max("order"))["n"] or 0
    for person_id, (category, entitled, capacity) in wanted.items():
        if person_id not in lines:
            order += 1
            Attendance.objects.create(
                meeting=meeting,
                person_id=person_id,
                category=category,
                entitled=entitled,
                guest_capacity=capacity[:200],
                order=order,
            )


def meeting_create(
    *,
    acting_user,
    scope: Scope,
    body: Body,
    kind: MeetingKind,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    title: str = "",
    venue: str = "",
    commune: Territory | None = None,
    opening: str = "",
    roles: list[RoleIn] | None = None,
    categories: list[str] | None = None,
) -> Meeting:
    """Record a meeting of `body` (planned, or already held when the date is past is still marked by hand), with
    its chairs and framers and the invited categories; the register is filled from the body's office at its date
    and the categories."""
    categories = list(dict.fromkeys(categories or []))
    _require_scope(scope, body)
    _check_fields(starts_at=starts_at, ends_at=ends_at, categories=categories)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            title=title.strip(),
            venue=venue.strip(),
            commune=commune,
            opening=opening,
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        written_roles = _write_roles(scope=scope, meeting=meeting, roles=list(roles or []))
        for key in categories:
            InvitedCategory.objects.create(meeting=meeting, key=key)
        _sync_register(scope=scope, meeting=meeting)
        audit_record(
            acting_user=acting_user,
            action="meeting.create",
            target=meeting,
            territory_path=body.path,
            changes={
                "body": body.pk,
                "kind": kind.key,
                "starts_at": _local(starts_at),
                "venue": meeting.venue,
                "roles": written_roles,
                "categories": categories,
            },
        )
    return meeting


def meeting_update(
    *,
    acting_user,
    scope: Scope,
    meeting: Meeting,
    kind: MeetingKind,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    title: str = "",
    venue: str = "",
    commune: Territory | None = None,
    opening: str = "",
    roles: list[RoleIn] | None = None,
    categories: list[str] | None = None,
) -> Meeting:
    categories = list(dict.fromkeys(categories or []))
    _check_fields(starts_at=starts_at, ends_at=ends_at, categories=categories)
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        before = {"kind": meeting.kind.key, "starts_at": _local(meeting.starts_at), "venue": meeting.venue}
        meeting.kind, meeting.starts_at, meeting.ends_at = kind, starts_at, ends_at
        meeting.title, meeting.venue, meeting.commune, meeting.opening = title.strip(), venue.strip(), commune, opening
        meeting.save()
        written_roles = _write_roles(scope=scope, meeting=meeting, roles=list(roles or []))
        meeting.invited_categories.exclude(key__in=categories).delete()
        for key in categories:
            InvitedCategory.objects.get_or_create(meeting=meeting, key=key)
        _sync_register(scope=scope, meeting=meeting)
        audit_record(
            acting_user=acting_user,
            action="meeting.update",
            target=meeting,
            territory_path=meeting.body.path,
            changes={
                "before": before,
                "kind": kind.key,
                "starts_at": _local(starts_at),
                "venue": meeting.venue,
                "roles": written_roles,
                "categories": categories,
            },
        )
    return meeting


def meeting_cancel(*, acting_user, scope: Scope, meeting: Meeting, reason: str) -> Meeting:
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError(Code.REASON_REQUIRED, _("Say why the meeting is cancelled."), field="reason")
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        if meeting.status != MeetingStatus.PLANNED:
            raise MeetingError(Code.MEETING_CANCELLED, _("Only a planned meeting can be cancelled."))
        meeting.status, meeting.cancelled_reason = MeetingStatus.CANCELLED, reason[:300]
        meeting.save(update_fields=["status", "cancelled_reason"])
        audit_record(
            acting_user=acting_user,
            action="meeting.cancel",
            target=meeting,
            territory_path=meeting.body.path,
            changes={"reason": meeting.cancelled_reason},
        )
    return meeting


def meeting_mark_held(*, acting_user, scope: Scope, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        if meeting.starts_at > (now or timezone.now()):
            raise MeetingError(
                Code.HELD_IN_FUTURE,
                _("The meeting starts on %(date)s: mark it held once it has taken place.")
                % {"date": _local(meeting.starts_at)},
            )
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
        audit_record(
            acting_user=acting_user,
            action="meeting.held",
            target=meeting,
            territory_path=meeting.body.path,
            changes={"status": MeetingStatus.HELD.value},
        )
    return meeting


# --- attendance ---------------------------------------------------------------------------------------------------


def attendance_mark(
    *,
    acting_user,
    scope: Scope,
    meeting: Meeting,
    line: Attendance,
    status: str,
    represented_by: Person | None = None,
    note: str | None = None,
) -> Attendance:
    """Mark one line present, excused, absent or represented (by whom, a person the writer may read)."""
    status = AttendanceStatus(status)
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        line = Attendance.objects.select_for_update().get(pk=line.pk, meeting=meeting)
        if represented_by is not None:
            _readable_person(scope, represented_by, field="represented_by")
        before = line.status
        line.status = status
        line.represented_by = represented_by if status == AttendanceStatus.REPRESENTED else None
        if note is not None:
            line.note = note.strip()[:200]
        line.save(update_fields=["status", "represented_by", "note"])
        audit_record(
            acting_user=acting_user,
            action="attendance.mark",
            target=line,
            territory_path=meeting.body.path,
            changes={
                "meeting": meeting.pk,
                "person": line.person_id,
                "guest": line.guest_name,
                "before": before,
                "status": status.value,
            },
        )
    return line


def attendance_add(
    *,
    acting_user,
    scope: Scope,
    meeting: Meeting,
    person: Person | None = None,
    guest_name: str = "",
    capacity: str = "",
    status: str = AttendanceStatus.PRESENT,
) -> Attendance:
    """Add a line to the register: a person of the registry the writer may read, or a guest by name. Neither
    counts for the quorum (only the body's office at the meeting's date does)."""
    guest_name = (guest_name or "").strip()
    if person is None and not guest_name:
        raise MeetingError(Code.NOBODY_NAMED, _("Choose a person or type the guest's name."), field="person")
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        if person is not None:
            _readable_person(scope, person, field="person")
            if meeting.attendance.filter(person=person).exists():
                raise MeetingError(
                    Code.ALREADY_ON_REGISTER,
                    _("%(person)s is already on the register.") % {"person": person.full_name},
                    field="person",
                )
        order = (meeting.attendance.aggregate(n=Max("order"))["n"] or 0) + 1
        line = Attendance.objects.create(
            meeting=meeting,
            person=person,
            guest_name="" if person is not None else guest_name[:200],
            guest_capacity=(capacity or "").strip()[:200],
            category=invitations.GUEST,
            entitled=False,
            status=AttendanceStatus(status),
            order=order,
        )
        audit_record(
            acting_user=acting_user,
            action="attendance.add",
            target=line,
            territory_path=meeting.body.path,
            changes={"meeting": meeting.pk, "person": line.person_id, "guest": line.guest_name},
        )
    return line


# --- agenda, minutes and decisions ------------------------------------------------------------------------------


def agenda_item_save(
    *, acting_user, scope: Scope, meeting: Meeting, item: AgendaItem | None = None, title: str, minutes: str = ""
) -> AgendaItem:
    """Add an item at the end of the agenda, or change an item's title and minutes (plain text: a blank line
    between paragraphs, "- " before a list line)."""
    title = (title or "").strip()
    if not title:
        raise MeetingError(Code.NOBODY_NAMED, _("Give the item a title."), field="title")
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        if item is None:
            order = (meeting.agenda_items.aggregate(n=Max("order"))["n"] or 0) + 1
            item = AgendaItem.objects.create(meeting=meeting, order=order, title=title[:300], minutes=minutes)
            action = "agenda.create"
        else:
            item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
            item.title, item.minutes = title[:300], minutes
            item.save(update_fields=["title", "minutes"])
            action = "agenda.update"
        audit_record(
            acting_user=acting_user,
            action=action,
            target=item,
            territory_path=meeting.body.path,
            changes={"meeting": meeting.pk, "title": item.title, "minutes_length": len(minutes)},
        )
    return item


def _check_votes(
    *, outcome: str, votes: tuple[int | None, int | None, int | None], base: str, present: int, entitled: int
) -> None:
    for_, against, abstain = votes
    given = [v for v in votes if v is not None]
    if outcome in (DecisionOutcome.CONSENSUS, DecisionOutcome.POSTPONED):
        return
    if outcome == DecisionOutcome.ADOPTED and len(given) < 3:
        raise MeetingError(
            Code.VOTES_REQUIRED,
            _("A decision adopted by vote needs the votes for, against and abstaining."),
            field="votes_for",
        )
    if not given:
        return  # rejected without a count
    for_, against, abstain = for_ or 0, against or 0, abstain or 0
    cast = for_ + against + abstain
    if cast > present:
        raise MeetingError(
            Code.VOTES_TOO_MANY,
            _("%(cast)d votes were counted but only %(present)d persons are present.")
            % {"cast": cast, "present": present},
            field="votes_for",
        )
    basis = {MajorityBase.CAST: for_ + against, MajorityBase.PRESENT: present, MajorityBase.ENTITLED: entitled}[
        MajorityBase(base or MajorityBase.CAST)
    ]
    adopted = for_ * 2 > basis
    if outcome == DecisionOutcome.ADOPTED and not adopted:
        raise MeetingError(
            Code.VOTES_CONTRADICT,
            _("%(for)d votes for do not make a majority of %(basis)d: the decision is not adopted.")
            % {"for": for_, "basis": basis},
            field="outcome",
        )
    if outcome == DecisionOutcome.REJECTED and adopted:
        raise MeetingError(
            Code.VOTES_CONTRADICT,
            _("%(for)d votes for make a majority of %(basis)d: the decision is adopted, not rejected.")
            % {"for": for_, "basis": basis},
            field="outcome",
        )


def decision_record(
    *,
    acting_user,
    scope: Scope,
    meeting: Meeting,
    item: AgendaItem | None,
    text: str,
    outcome: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    majority_base: str = "",
) -> Decision:
    """Record a decision on an item. The persons entitled at that moment (the register's entitled lines) and how
    many of them are present are copied into the decision, so a later change of the office does not rewrite it."""
    text = (text or "").strip()
    if not text:
        raise MeetingError(Code.NOBODY_NAMED, _("Write the decision."), field="text")
    outcome = DecisionOutcome(outcome)
    voted = outcome in (DecisionOutcome.ADOPTED, DecisionOutcome.REJECTED)
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        if item is not None and item.meeting_id != meeting.pk:
            raise MeetingError(Code.OUTSIDE_SCOPE, _("This item is not on the meeting's agenda."), field="item")
        lines = list(meeting.attendance.select_related("person"))
        rule = quorum_rule(meeting.body)
        entitled = [
            {
                "person": a.person_id,
                "name": a.display_name,
                "status": a.status,
                "present": counts_as_present(a.status, rule),
            }
            for a in lines
            if a.entitled
        ]
        present_count = sum(1 for e in entitled if e["present"])
        all_present = sum(1 for a in lines if a.status == AttendanceStatus.PRESENT)
        if voted:
            _check_votes(
                outcome=outcome,
                votes=(votes_for, votes_against, votes_abstain),
                base=majority_base,
                present=all_present,
                entitled=len(entitled),
            )
        order = (meeting.decisions.aggregate(n=Max("order"))["n"] or 0) + 1
        decision = Decision.objects.create(
            meeting=meeting,
            agenda_item=item,
            order=order,
            text=text,
            outcome=outcome,
            votes_for=votes_for if voted else None,
            votes_against=votes_against if voted else None,
            votes_abstain=votes_abstain if voted else None,
            majority_base=(majority_base or MajorityBase.CAST) if voted else "",
            entitled=entitled,
            present_count=present_count,
        )
        audit_record(
            acting_user=acting_user,
            action="decision.create",
            target=decision,
            territory_path=meeting.body.path,
            changes={
                "meeting": meeting.pk,
                "outcome": outcome.value,
                "votes": [votes_for, votes_against, votes_abstain] if voted else None,
                "present_count": present_count,
                "entitled_count": len(entitled),
            },
        )
    return decision


# --- approval and corrections -------------------------------------------------------------------------------------


def minutes_approve(*, acting_user, scope: Scope, meeting: Meeting) -> MinutesVersion:
    """Approve the minutes of a held meeting: they are locked, with who approved them and when, and the record
    is kept as this version."""
    with transaction.atomic():
        meeting = _locked_for_write(scope=scope, meeting=meeting)
        if meeting.status != MeetingStatus.HELD:
            raise MeetingError(Code.NOT_HELD, _("Mark the meeting held before approving its minutes."))
        now = timezone.now()
        user = acting_user if getattr(acting_user, "is_authenticated", False) else None
        meeting.status, meeting.approved_at, meeting.approved_by = MeetingStatus.APPROVED, now, user
        meeting.save(update_fields=["status", "approved_at", "approved_by"])
        # The record as the documents draw it (both languages), with what its decisions sent down: the PDF of
        # this version says what was approved, whatever a later correction changes.
        content = minutes_snapshot(meeting)
        content["followups"] = frozen_followups(meeting, scope=scope)
        version = MinutesVersion.objects.create(
            meeting=meeting,
            number=meeting.minutes_version,
            content=content,
            approved_at=now,
            approved_by=user,
        )
        audit_record(
            acting_user=acting_user,
            action="minutes.approve",
            target=meeting,
            territory_path=meeting.body.path,
            changes={"version": version.number},
        )
    return version


def minutes_correct(*, acting_user, scope: Scope, meeting: Meeting, reason: str) -> Meeting:
    """Open a correction of approved minutes: the meeting is editable again as the next version; the approved
    version stays as it was, with the reason it was corrected."""
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError(Code.REASON_REQUIRED, _("Say why the approved minutes are corrected."), field="reason")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
        _require_scope(scope, meeting.body)
        if meeting.status != MeetingStatus.APPROVED:
            raise MeetingError(Code.NOT_APPROVED, _("Only approved minutes are corrected; these can be edited."))
        MinutesVersion.objects.filter(meeting=meeting, number=meeting.minutes_version).update(
            correction_reason=reason[:300]
        )
        meeting.status = MeetingStatus.HELD
        meeting.minutes_version += 1
        meeting.approved_at, meeting.approved_by = None, None
        meeting.save(update_fields=["status", "minutes_version", "approved_at", "approved_by"])
        audit_record(
            acting_user=acting_user,
            action="minutes.correct",
            target=meeting,
            territory_path=meeting.body.path,
            changes={"version": meeting.minutes_version, "reason": reason[:300]},
        )
    return meeting
