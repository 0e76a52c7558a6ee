"""Every read of programmes and activities takes the reader's scope: outside it a record does not exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tanzim.territory.scope import Scope

from .models import Activity, ActivityKind, ActivityState, Participant, WorkProgramme, state_expression

ACTIVITY_RELATED = (
    "kind",
    "body__body_type",
    "body__territory",
    "body__organization",
    "commune__parent",
    "programme",
)


def kind_list() -> QuerySet:
    """The party's kinds of activity (nomenclature: the same for every reader)."""
    return ActivityKind.objects.all()


def programme_list(*, scope: Scope, body=None) -> QuerySet:
    qs = WorkProgramme.objects.visible_to(scope).select_related(
        "body__body_type", "body__territory", "body__organization"
    )
    if body is not None:
        qs = qs.filter(body=body)
    return qs


def programme_get(*, scope: Scope, pk: int) -> WorkProgramme:
    try:
        return programme_list(scope=scope).get(pk=pk)
    except WorkProgramme.DoesNotExist:
        raise Http404 from None


def activity_list(
    *,
    scope: Scope,
    body=None,
    programme=None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> QuerySet:
    """Activities the scope covers, each with its `current_state` on `today`; `start`/`end`: those with a day in
    that span (an activity of several days counts in every span it touches)."""
    today = today or timezone.localdate()
    qs = (
        Activity.objects.visible_to(scope)
        .select_related(*ACTIVITY_RELATED)
        .annotate(current_state=state_expression(today))
    )
    if body is not None:
        qs = qs.filter(body=body)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if end is not None:
        qs = qs.filter(starts_on__lte=end)
    if start is not None:
        qs = qs.filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
    return qs


def activity_get(*, scope: Scope, pk: int, today: dt.date | None = None) -> Activity:
    try:
        return activity_list(scope=scope, today=today).get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None


def participant_list(*, scope: Scope, activity=None, person=None) -> QuerySet:
    qs = Participant.objects.visible_to(scope).select_related("person", "activity__kind", "activity__body")
    if activity is not None:
        qs = qs.filter(activity=activity)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.order_by("-attended", "person__last_name_ar", "person__first_name_ar", "id")


@dataclass(frozen=True)
class Tally:
    """Planned against done: every activity counted once, in the state it is in today."""

    planned: int = 0
    due: int = 0
    done: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        """Every activity that was planned, the cancelled ones aside."""
        return self.planned + self.due + self.done

    @property
    def percent_done(self) -> int | None:
        """Done out of those whose day has come (done + due); None when none has come yet."""
        came = self.done + self.due
        return round(100 * self.done / came) if came else None


def tally(activities: QuerySet) -> Tally:
    """Counts by state of activities read by `activity_list` (one query)."""
    rows = activities.order_by().values("current_state").annotate(n=Count("id"))
    counts = {row["current_state"]: row["n"] for row in rows}
    return Tally(**{state.value: counts.get(state.value, 0) for state in ActivityState})


def tally_by(activities: QuerySet, field: str) -> dict[int, Tally]:
    """Counts by state for each value of `field` ("programme", "body"), in one query."""
    rows = activities.order_by().values(field, "current_state").annotate(n=Count("id"))
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row[field], {})[row["current_state"]] = row["n"]
    return {key: Tally(**counts) for key, counts in found.items()}
