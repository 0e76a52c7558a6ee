"""Every read of the registration drive, through the reader's scope (`visible_to`).

Progress is counted by the database: the active members of a place grouped by their territory path (one grouped
count, a row per commune at most), then added up per sub-territory in Python over those few rows, never over
members. A member with no statement is "unknown"; a member whose known birth date makes them younger than 18 on
the day the lists close is "too young" and left out of the share (they cannot register yet).

Extension point for the elections app: `registered_member_ids(scope=, member_ids=)` answers, in one query, which
of the given members are registered on the general electoral lists today (their current statement says so), for a
criterion such as "registered on the electoral lists". It reads through the caller's scope: a member outside it
is never answered as registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tanzim.members.models import Member, MemberStatus
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .models import Registration, Revision, Statement, Status, Target

PAGE = 50


# ---------------------------------------------------------------------------------------------- the revision


def revision_list() -> QuerySet:
    """The revisions' calendars: national data every official reads."""
    return Revision.objects.all()


def current_revision(today: dt.date | None = None) -> Revision | None:
    """The revision under way: the first whose lists are not closed yet (else the latest)."""
    today = today or timezone.localdate()
    return Revision.objects.filter(closes_on__gte=today).order_by("closes_on").first() or Revision.objects.first()


def revision_get(year: int) -> Revision:
    try:
        return Revision.objects.get(year=year)
    except Revision.DoesNotExist:
        raise Http404 from None


def eligible(birth_date: dt.date | None, revision: Revision | None) -> bool | None:
    """18 years old by the day the lists close; None when the birth date (or the revision) is unknown."""
    if birth_date is None or revision is None:
        return None
    return birth_date <= revision.eligibility_cutoff


# ---------------------------------------------------------------------------------------------- progress


@dataclass
class Line:
    """The drive in one place: its active members and what is known of their registration."""

    place: Territory | None
    members: int = 0
    registered: int = 0
    not_registered: int = 0
    too_young: int = 0
    birth_unknown: int = 0
    target: Target | None = None
    today: dt.date | None = None
    deadline: dt.date | None = None  # the revision's last day for requests

    @property
    def unknown(self) -> int:
        """Members who may register and of whom nothing (or "unknown") was said."""
        return self.eligible - self.registered - self.not_registered

    @property
    def eligible(self) -> int:
        """Members who may be on the lists (birth date after the cut-off left out)."""
        return self.members - self.too_young

    @property
    def share(self) -> float:
        return self.registered / self.eligible if self.eligible else 0.0

    @property
    def percent(self) -> int:
        return int(self.share * 100)

    @property
    def target_count(self) -> int | None:
        if self.target is None:
            return None
        return -(-self.eligible * self.target.share // 100)

    @property
    def still_to_register(self) -> int | None:
        wanted = self.target_count
        return None if wanted is None else max(0, wanted - self.registered)

    @property
    def days_left(self) -> int | None:
        if self.deadline is None or self.today is None:
            return None
        return max(0, (self.deadline - self.today).days)

    @property
    def target_days_left(self) -> int | None:
        if self.target is None or self.today is None:
            return None
        return max(0, (self.target.deadline - self.today).days)


@dataclass
class Progress:
    place: Territory | None
    revision: Revision | None
    total: Line
    children: list[Line] = field(default_factory=list)
    elsewhere: Line | None = None  # members read at a level above the children (a provincial body's own)


def _depth(path: str) -> int:
    return path.count("/")


def _prefix(path: str, depth: int) -> str:
    parts = path.split("/")
    return "".join(p + "/" for p in parts[:depth]) if len(parts) > depth else ""


def drive_place(*, scope: Scope, code: str | None) -> Territory | None:
    """The place a drive page is about: a unit the reader sees, or by default their one territory (None: the
    country for a national reader, or all the reader's territories)."""
    if code:
        try:
            return Territory.objects.visible_to(scope).select_related("parent").get(code=code)
        except Territory.DoesNotExist:
            raise Http404 from None
    if not scope.national and len(scope.paths) == 1:
        return Territory.objects.filter(path=next(iter(scope.paths))).first()
    return None


def _children(scope: Scope, place: Territory | None) -> list[Territory]:
    if place is not None:
        qs = Territory.objects.visible_to(scope).filter(parent=place)
    elif scope.is_everything or "" in scope.paths:
        qs = Territory.objects.filter(level="region")
    else:
        qs = Territory.objects.filter(path__in=scope.paths)
    return list(qs.order_by("code"))


def _active(scope: Scope) -> QuerySet:
    return Member.objects.visible_to(scope).filter(status=MemberStatus.ACTIVE)


def _counts(scope: Scope, place: Territory | None, revision: Revision | None) -> list[dict]:
    """One row per territory path of the place's active members, with the counts (a single grouped query)."""
    members = _active(scope)
    if place is not None:
        members = members.filter(path__startswith=place.path)
    # Without a revision there is no cut-off: nobody is too young.
    cutoff = revision.eligibility_cutoff if revision is not None else dt.date(9999, 12, 31)
    young = Q(person__birth_date__gt=cutoff)
    may = Q(person__birth_date__lte=cutoff) | Q(person__birth_date__isnull=True)  # who may be on the lists
    return list(
        members.values("path").annotate(
            n=Count("pk"),
            registered=Count("pk", filter=may & Q(voter_registration__status=Status.REGISTERED)),
            not_registered=Count("pk", filter=may & Q(voter_registration__status=Status.NOT_REGISTERED)),
            too_young=Count("pk", filter=young),
            birth_unknown=Count("pk", filter=Q(person__birth_date__isnull=True)),
        )
    )


def _add(line: Line, row: dict) -> None:
    line.members += row["n"]
    line.registered += row["registered"]
    line.not_registered += row["not_registered"]
    line.too_young += row["too_young"]
    line.birth_unknown += row["birth_unknown"]


def _targets(scope: Scope, revision: Revision | None, paths: list[str]) -> dict[str, Target]:
    """The target of the party's body at each path (the first body's, when several sit on one territory)."""
    if revision is None:
        return {}
    found: dict[str, Target] = {}
    targets = (
        Target.objects.visible_to(scope)
        .filter(revision=revision, body__path__in=paths)
        .select_related("body")
        .order_by("body__organization_id", "body_id")
    )
    for target in targets:
        found.setdefault(target.body.path, target)
    return found


def progress(
    *, scope: Scope, place: Territory | None, revision: Revision | None = None, today: dt.date | None = None
) -> Progress:
    """The drive in a place (None: the reader's whole territory) and in each territory directly below it."""
    today = today or timezone.localdate()
    revision = revision if revision is not None else current_revision(today)
    deadline = revision.requests_until if revision is not None else None
    children = _children(scope, place)
    child_paths = {c.path: c for c in children}
    total = Line(place, today=today, deadline=deadline)
    lines = {c.path: Line(c, today=today, deadline=deadline) for c in children}
    elsewhere = Line(None, today=today, deadline=deadline)
    depth = _depth(place.path) + 1 if place is not None else 1
    for row in _counts(scope, place, revision):
        _add(total, row)
        key = _prefix(row["path"], depth) if place is not None or not scope.paths - {""} else _own(row, child_paths)
        if key in lines:
            _add(lines[key], row)
        else:
            _add(elsewhere, row)
    targets = _targets(scope, revision, [place.path if place is not None else "", *child_paths])
    total.target = targets.get(place.path if place is not None else "")
    for path, line in lines.items():
        line.target = targets.get(path)
    return Progress(
        place=place,
        revision=revision,
        total=total,
        children=list(lines.values()),
        elsewhere=elsewhere if elsewhere.members else None,
    )


def _own(row: dict, child_paths: dict) -> str:
    """For a reader of several territories: which of them a member's path lies in."""
    return next((p for p in child_paths if row["path"].startswith(p)), "")


# ---------------------------------------------------------------------------------------------- members


def call_list(
    *, scope: Scope, place: Territory | None, revision: Revision | None, status: str = "", after: str = ""
) -> QuerySet:
    """The active members of a place to call: not registered, or nothing known (members known to be too young
    to register left out), by card number; `after`: the last card number of the previous page."""
    members = _active(scope).select_related("person", "voter_registration").order_by("card_number")
    if place is not None:
        members = members.filter(path__startswith=place.path)
    if status == Status.NOT_REGISTERED:
        members = members.filter(voter_registration__status=Status.NOT_REGISTERED)
    elif status == Status.UNKNOWN:
        members = members.filter(Q(voter_registration__isnull=True) | Q(voter_registration__status=Status.UNKNOWN))
    else:
        members = members.exclude(voter_registration__status=Status.REGISTERED)
    if revision is not None:
        members = members.exclude(person__birth_date__gt=revision.eligibility_cutoff)
    if after:
        members = members.filter(card_number__gt=after)
    return members


def current_status(member) -> str:
    """The member's current status as the list read it (select_related on `voter_registration`)."""
    try:
        return member.voter_registration.status
    except Registration.DoesNotExist:
        return Status.UNKNOWN


def member_registration(*, scope: Scope, member) -> tuple[Statement | None, list[Statement]]:
    """The member's current statement and the history, newest first (the caller read the member through the scope)."""
    history = list(
        Statement.objects.visible_to(scope)
        .filter(member=member)
        .select_related("commune", "recorded_by")
        .order_by("-checked_on", "-id")
    )
    current = Registration.objects.visible_to(scope).filter(member=member).select_related("statement").first()
    shown = next((s for s in history if current is not None and s.pk == current.statement_id), None)
    return shown, history


def statement_list(*, scope: Scope) -> QuerySet:
    return Statement.objects.visible_to(scope).select_related("member__person", "commune")


def target_list(*, scope: Scope, revision: Revision | None = None) -> QuerySet:
    targets = Target.objects.visible_to(scope).select_related("body__territory", "body__body_type", "revision")
    return targets.filter(revision=revision) if revision is not None else targets


def registered_member_ids(*, scope: Scope, member_ids: Iterable[int]) -> set[int]:
    """Which of these members are registered on the general electoral lists (current statement), in one query."""
    ids = list(member_ids)
    if not ids:
        return set()
    return set(
        Registration.objects.visible_to(scope)
        .filter(member_id__in=ids, status=Status.REGISTERED)
        .values_list("member_id", flat=True)
    )


def registrations_of(*, scope: Scope, member_ids: Iterable[int]) -> dict[int, Registration]:
    """The current statement of each of these members that has one (status and the day it was checked), one query."""
    ids = list(member_ids)
    if not ids:
        return {}
    return {r.member_id: r for r in Registration.objects.visible_to(scope).filter(member_id__in=ids)}
