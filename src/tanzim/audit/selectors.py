"""Reads of the audit trail, through the reader's scope like every other read.

A row lies where its `territory_path` says; a row without a territory (a national record, a platform-wide
operation) is read only through a national scope. The scope is duck-typed (a `tanzim.territory.scope.Scope`):
this app sits at the bottom of the stack and imports nothing above it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry

if TYPE_CHECKING:
    from tanzim.territory.scope import Scope


def audit_list(
    *,
    scope: Scope,
    action: str = "",
    target_type: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet:
    """Audit rows the scope covers, newest first, filtered by action, record type and dates (both included)."""
    qs = AuditEntry.objects.visible_to(scope).select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    # Days in the current time zone, compared as instants so the index on `at` answers.
    if since is not None:
        qs = qs.filter(at__gte=_day_start(since))
    if until is not None and until < dt.date.max:  # the last day of the calendar bounds nothing
        qs = qs.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    return qs.order_by("-at", "-id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_path_of(scope: Scope, within: str = "") -> str:
    """The territory path to record on the audit row of a bulk read made through `scope`.

    The territory filtered on if any (cut to the scope: never wider than what was read), else the scope's single
    path, else "" (a national row): a provincial auditor then finds the lists read in their province.
    """
    if within:
        if scope.covers(within):
            return within
        # A filter wider than the scope (a reader of a province naming its region) reads no more than the scope:
        # the row lies where the read did, so the auditors of that territory find it.
        scope = scope.intersection(type(scope).of(within))
    paths = [p for p in scope.paths if p]
    if len(paths) == 1 and not scope.national and "" not in scope.paths:
        return paths[0]
    return ""
