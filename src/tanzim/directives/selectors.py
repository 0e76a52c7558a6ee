"""Every read of the directives app, through the reader's scope.

A directive is read where its issuer is read; an assignment where its recipient is. What counts as done and what
is overdue is computed when read, never stored: an assignment to a commune without a body is done as soon as a
local body of the directive's organization is constituted there, and an open assignment is overdue once its due
date has passed (today in Africa/Casablanca, or the `today` given).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from tanzim.organization.models import Body, BodyLevel, BodyStatus
from tanzim.territory.scope import Scope

from .models import OPEN_STATES, Assignment, AssignmentAttachment, AssignmentState, Directive, TargetRule
from .services import today as casablanca_today

ASSIGNMENT_RELATED = (
    "directive__issuer__body_type",
    "directive__issuer__territory",
    "directive__issuer__organization",
    "body__body_type",
    "body__territory",
    "body__organization",
    "commune",
)


def _found() -> Exists:
    """A constituted local body of the directive's organization stands on the assignment's commune."""
    # Matched on the commune's id (the body's territory, or the arrondissement's parent): indexed keys, where a
    # prefix match on the path would scan the local bodies for every row.
    return Exists(
        Body.objects.filter(
            body_type__level=BodyLevel.LOCAL,
            status=BodyStatus.CONSTITUTED,
            organization_id=OuterRef("directive__rule_organization_id"),
        ).filter(Q(territory_id=OuterRef("commune_id")) | Q(territory__parent_id=OuterRef("commune_id")))
    )


def _structured() -> Case:
    """A commune assignment's commune now has a constituted local body of the directive's organization (asked
    row by row: for a page of rows or one assignment)."""
    # Asked only of the assignments to a commune without a body (CASE runs the subquery for those rows alone).
    return Case(When(body__isnull=True, then=_found()), default=Value(False), output_field=BooleanField())


def structured_ids(among: QuerySet) -> QuerySet:
    """The ids, among the assignments `among`, of those to a commune without a body where a local body is now
    constituted. Asked of many rows, this is one set the database builds once (a semi-join, then a hashed lookup
    per row), where the row-by-row subquery of `_structured` would be planned, and paid, once per row."""
    return among.filter(body__isnull=True).filter(_found()).order_by().values("pk")


def with_status(qs: QuerySet, *, among: QuerySet | None = None) -> QuerySet:
    """Assignments with `structured` (a commune now has its body). Given `among` (a queryset holding the rows
    of `qs`, e.g. a directive's assignments), the set of structured ones is built once for all of them."""
    if among is None:
        return qs.annotate(structured=_structured())
    found = When(pk__in=structured_ids(among), then=Value(True))
    return qs.annotate(structured=Case(found, default=Value(False), output_field=BooleanField()))


def overdue_among(qs: QuerySet, on: dt.date) -> QuerySet:
    """The assignments of `qs` overdue on `on`: open, past their due date, and not to a commune that has its
    body now."""
    late = qs.filter(state__in=OPEN_STATES, due_date__lt=on)
    return late.exclude(pk__in=structured_ids(late))


@dataclass
class Counts:
    total: int = 0
    done: int = 0
    waived: int = 0
    overdue: int = 0
    open: int = 0
    communes: int = 0  # structuring directives: communes counted, and those with a constituted body now
    structured: int = 0

    @property
    def to_go(self) -> int:
        return self.communes - self.structured

    @property
    def share_done(self) -> int:
        """Percent done (waived assignments left out of the count)."""
        counted = self.total - self.waived
        return round(100 * self.done / counted) if counted else 0


def effective_state(a: Assignment) -> str:
    if a.state in OPEN_STATES and a.body_id is None and getattr(a, "structured", False):
        return AssignmentState.DONE
    return a.state


def is_overdue(a: Assignment, on: dt.date) -> bool:
    return effective_state(a) in OPEN_STATES and a.due_date is not None and a.due_date < on


def decorate(rows, on: dt.date):
    """Give each assignment its computed `shown_state`, `overdue` and `days_left` for the pages."""
    for a in rows:
        a.shown_state = effective_state(a)
        a.shown_state_label = AssignmentState(a.shown_state).label
        a.overdue = is_overdue(a, on)
        a.days_left = (a.due_date - on).days if a.due_date else None
        a.days_late = -a.days_left if a.overdue and a.days_left is not None else 0
    return rows


def count(rows, on: dt.date, *, structuring: bool = False) -> Counts:
    c = Counts()
    communes, structured = set(), set()
    for a in rows:
        state = effective_state(a)
        c.total += 1
        if state == AssignmentState.DONE:
            c.done += 1
        elif state == AssignmentState.WAIVED:
            c.waived += 1
        else:
            c.open += 1
            if a.due_date is not None and a.due_date < on:
                c.overdue += 1
        if structuring and a.commune_id:
            communes.add(a.commune_id)
            if (a.body_id is not None and a.body_status == BodyStatus.CONSTITUTED) or getattr(a, "structured", False):
                structured.add(a.commune_id)
    c.communes, c.structured = len(communes), len(structured)
    return c


# --- directives ------------------------------------------------------------------------------------------------


def directive_list(*, scope: Scope) -> QuerySet:
    return Directive.objects.visible_to(scope).select_related(
        "issuer__body_type",
        "issuer__territory",
        "issuer__organization",
        "decision__meeting",
        "rule_territory",
        "rule_organization",
        "parent_assignment",
    )


def directive_get(*, scope: Scope, pk: int) -> Directive:
    """A directive read where its issuer is read (the recipients read it through their own assignment)."""
    try:
        return directive_list(scope=scope).get(pk=pk)
    except Directive.DoesNotExist:
        raise Http404 from None


def directive_assignments(*, directive: Directive, on: dt.date | None = None) -> list[Assignment]:
    """Every assignment of a directive the reader already read (the issuer follows all its recipients)."""
    on = on or casablanca_today()
    mine = Assignment.objects.filter(directive=directive)
    rows = with_status(mine.select_related(*ASSIGNMENT_RELATED[3:]), among=mine).annotate(body_status=_body_status())
    return decorate(list(rows.order_by("path", "id")), on)


def _body_status():
    from django.db.models import F

    return F("body__status")


def directive_counts(*, directive: Directive, on: dt.date | None = None, rows=None) -> Counts:
    on = on or casablanca_today()
    if rows is None:
        mine = Assignment.objects.filter(directive=directive)
        rows = with_status(mine, among=mine).annotate(body_status=_body_status())
    return count(rows, on, structuring=directive.rule == TargetRule.COMMUNES)


def directives_sent(*, scope: Scope, bodies, on: dt.date | None = None) -> list[Directive]:
    """The directives sent by `bodies` (ids), newest first, each with its roll-up (`counts`)."""
    on = on or casablanca_today()
    directives = list(directive_list(scope=scope).filter(issuer_id__in=list(bodies))[:200])
    rollups = _rollups(
        [d.pk for d in directives], on, structuring={d.pk for d in directives if d.rule == TargetRule.COMMUNES}
    )
    for d in directives:
        d.counts = rollups.get(d.pk, Counts())
        d.days_left = (d.due_date - on).days if d.due_date else None
    return directives


def rollups_of(directives, on: dt.date | None = None) -> dict[int, Counts]:
    """The roll-up of each of the directives given (already read through the reader's scope)."""
    structuring = {d.pk for d in directives if d.rule == TargetRule.COMMUNES}
    return _rollups([d.pk for d in directives], on or casablanca_today(), structuring=structuring)


def _rollups(directive_ids: list[int], on: dt.date, *, structuring: set[int]) -> dict[int, Counts]:
    """The roll-up of many directives in one aggregate query (one row per directive, counted in the database)."""
    return _aggregated(
        Assignment.objects.filter(directive_id__in=directive_ids), "directive_id", on, structuring=structuring
    )


def _aggregated(qs: QuerySet, key: str, on: dt.date, *, structuring: set[int] | None = None) -> dict[int, Counts]:
    """`Counts` per value of `key`, computed by the database with the rules of `count` (a commune that has its
    body now is done, an open assignment past its due date overdue, a waived one left out of the share):
    one query and a handful of numbers per group, however many assignments there are."""
    open_ = Q(state__in=OPEN_STATES)
    structured = Q(pk__in=structured_ids(qs))
    rows = (
        qs.values(key)
        .order_by()
        .annotate(
            n_total=Count("id"),
            n_done=Count("id", filter=Q(state=AssignmentState.DONE) | (open_ & structured)),
            n_waived=Count("id", filter=Q(state=AssignmentState.WAIVED)),
            n_overdue=Count("id", filter=open_ & Q(due_date__lt=on) & ~structured),
            n_communes=Count("commune_id", distinct=True),
            n_structured=Count("commune_id", distinct=True, filter=Q(body__status=BodyStatus.CONSTITUTED) | structured),
        )
    )
    out: dict[int, Counts] = {}
    for row in rows:
        c = Counts(total=row["n_total"], done=row["n_done"], waived=row["n_waived"], overdue=row["n_overdue"])
        c.open = c.total - c.done - c.waived
        if structuring is not None and row[key] in structuring:
            c.communes, c.structured = row["n_communes"], row["n_structured"]
        out[row[key]] = c
    return out


# --- assignments -----------------------------------------------------------------------------------------------


def assignment_list(*, scope: Scope) -> QuerySet:
    return with_status(Assignment.objects.visible_to(scope)).select_related(*ASSIGNMENT_RELATED)


def assignment_get(*, scope: Scope, pk: int, on: dt.date | None = None) -> Assignment:
    """An assignment read where its recipient is (the reader then reads the directive's words through it)."""
    try:
        a = assignment_list(scope=scope).annotate(body_status=_body_status()).get(pk=pk)
    except Assignment.DoesNotExist:
        raise Http404 from None
    return decorate([a], on or casablanca_today())[0]


def assignments_received(*, scope: Scope, bodies, on: dt.date | None = None, open_only: bool = False) -> list:
    """What `bodies` (ids) received: open ones first, by due date."""
    on = on or casablanca_today()
    qs = assignment_list(scope=scope).filter(body_id__in=list(bodies))
    if open_only:
        qs = qs.filter(state__in=OPEN_STATES)
    rows = decorate(list(qs.order_by("state", "due_date", "-id")[:200]), on)
    rows.sort(key=lambda a: (a.shown_state not in OPEN_STATES, a.due_date or dt.date.max, -a.pk))
    return rows


def overdue_assignments(*, scope: Scope, on: dt.date | None = None, limit: int = 50, offset: int = 0):
    """Open assignments past their due date in the reader's territory, the longest overdue first: (count, rows).

    The page's ids are chosen first, on the assignments alone (the open ones are indexed by due date), and only
    those rows are then read with their directive, issuer and recipient: the cost of a page does not grow with
    the number of overdue assignments behind it."""
    on = on or casablanca_today()
    late = overdue_among(Assignment.objects.visible_to(scope), on)
    total = late.count()
    ids = list(late.order_by("due_date", "id").values_list("id", flat=True)[offset : offset + limit])
    rows = list(assignment_list(scope=scope).filter(pk__in=ids).order_by("due_date", "id")) if ids else []
    return total, decorate(rows, on)


def passed_down(*, scope: Scope, assignment: Assignment, on: dt.date | None = None) -> list[Directive]:
    """The directives the recipient sent its own sub-bodies from this assignment, each with its roll-up and
    its recipients' rows (the parent sees them without opening each)."""
    on = on or casablanca_today()
    directives = list(directive_list(scope=scope).filter(parent_assignment=assignment))
    theirs = Assignment.objects.filter(directive__in=directives)
    rows = (
        with_status(theirs.select_related(*ASSIGNMENT_RELATED[3:]), among=theirs)
        .annotate(body_status=_body_status())
        .order_by("path", "id")
    )
    grouped: dict[int, list[Assignment]] = {}
    for a in decorate(list(rows), on) if directives else []:
        grouped.setdefault(a.directive_id, []).append(a)
    for d in directives:
        d.rows = grouped.get(d.pk, [])
        d.counts = count(d.rows, on)
    return directives


def rollup_of_passed_down(*, assignments: list[Assignment], on: dt.date) -> dict[int, Counts]:
    """For each assignment (ids), the roll-up of everything passed down from it (one aggregate query)."""
    return _aggregated(
        Assignment.objects.filter(directive__parent_assignment_id__in=[a.pk for a in assignments]),
        "directive__parent_assignment_id",
        on,
    )


def attachment_get(*, scope: Scope, pk: int) -> AssignmentAttachment:
    try:
        return AssignmentAttachment.objects.visible_to(scope).select_related("assignment").get(pk=pk)
    except AssignmentAttachment.DoesNotExist:
        raise Http404 from None


def attachments_of(*, scope: Scope, assignment: Assignment) -> QuerySet:
    return AssignmentAttachment.objects.visible_to(scope).filter(assignment=assignment).order_by("uploaded_at", "id")


def directives_of_decisions(*, scope: Scope, decision_ids) -> QuerySet:
    """The directives the given decisions sent (read where their issuer is)."""
    return directive_list(scope=scope).filter(decision_id__in=list(decision_ids)).order_by("id")


def decision_get(*, scope: Scope, pk: int):
    """A decision of a meeting, read where the meeting's body is read."""
    from tanzim.meetings.models import Decision

    try:
        return Decision.objects.visible_to(scope).select_related("meeting__body").get(pk=pk)
    except Decision.DoesNotExist:
        raise Http404 from None


def my_bodies(authority) -> list[int]:
    """The bodies the reader holds a current mandate in (their to-do and follow-up lists)."""
    return sorted({s.body_id for s in authority.sources if s.body_id})
