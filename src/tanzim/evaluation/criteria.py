"""The registry of scorecard criteria: `criterion(key, …)` registers a function that measures a set of bodies.

Evaluation registers what it can read today (meetings, office, mandate, members, verification, directives,
women and youth); an app above it — activities, dues — registers its own criterion from its `AppConfig.ready`,
and the scorecards, the body panel, the PDF and the API show it without a line changed here. A criterion that
nobody registered is absent: it counts in no score.

    from tanzim.evaluation.criteria import Measure, criterion

    @criterion("dues", label=_("Dues paid"), weight=10, order=80)
    def dues(situation) -> dict[int, Measure]:   # body id -> its measure, read through situation.scope
        ...

A `Measure` says how well the body does (`value`, 0 to 1, or None where the criterion does not apply), the
figure as a reader reads it (`shown`), and the reasons for a low value spelled out ("no meeting in 134 days").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from tanzim.organization.models import Body
    from tanzim.territory.scope import Scope

    from .models import Weighting


@dataclass(frozen=True)
class Measure:
    value: float | None
    shown: str
    reasons: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Situation:
    """What every criterion measures: the bodies, read through the reader's scope, at a date."""

    scope: Scope
    bodies: list[Body]
    today: dt.date
    weighting: Weighting
    memo: dict[str, Any] = field(default_factory=dict, compare=False)  # what several criteria read, read once

    @property
    def body_ids(self) -> list[int]:
        return [b.pk for b in self.bodies]


Compute = Callable[[Situation], dict[int, Measure]]


@dataclass(frozen=True)
class Criterion:
    key: str
    label: StrOrPromise
    compute: Compute
    weight: int
    order: int


_criteria: dict[str, Criterion] = {}


def criterion(key: str, *, label: StrOrPromise, weight: int, order: int = 100) -> Callable[[Compute], Compute]:
    """Register a criterion under `key` (again: replaced); `weight` counts until the department sets another."""

    def add(compute: Compute) -> Compute:
        _criteria[key] = Criterion(key=key, label=label, compute=compute, weight=weight, order=order)
        return compute

    return add


def unregister(key: str) -> None:
    _criteria.pop(key, None)


def registered() -> list[Criterion]:
    return sorted(_criteria.values(), key=lambda c: (c.order, c.key))
