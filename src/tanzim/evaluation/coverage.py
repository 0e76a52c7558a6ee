"""Structuring coverage (نسبة التغطية التنظيمية): for a province, a region or the country, the communes with a
constituted local body of the party, a dormant one, or none; progress against a target and a date (a structuring
directive's, or the department's default); and coverage over time, replayed backwards from today's statuses
through the status changes the audit trail holds (bodies record them nowhere else).

A commune counts as constituted when a local body on it (or on one of its arrondissements) is constituted, dormant
when its best body is dormant; a body "not constituted" is no body.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from tanzim.organization.models import BodyStatus
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from . import selectors

CONSTITUTED, DORMANT, NONE = "constituted", "dormant", "none"
_RANK: dict[str, int] = {BodyStatus.CONSTITUTED.value: 2, BodyStatus.DORMANT.value: 1}


def commune_path(path: str) -> str:
    return "".join(part + "/" for part in path.split("/")[:3])


@dataclass
class Point:
    day: dt.date
    constituted: int
    dormant: int


@dataclass
class Coverage:
    place: Territory | None
    communes: int
    constituted: int
    dormant: int
    none: int
    today: dt.date
    status_of: dict[str, str] = field(default_factory=dict)  # commune path -> constituted / dormant / none
    points: list[Point] = field(default_factory=list)
    target_percent: int = 100
    target_date: dt.date | None = None
    target_title: str = ""

    def share(self, n: int) -> float:
        return n / self.communes if self.communes else 0.0

    @property
    def constituted_share(self) -> float:
        return self.share(self.constituted)

    @property
    def target_communes(self) -> int:
        return -(-self.communes * self.target_percent // 100)

    @property
    def still_to_structure(self) -> int:
        return max(0, self.target_communes - self.constituted)

    @property
    def days_left(self) -> int | None:
        return (self.target_date - self.today).days if self.target_date else None

    @property
    def reached(self) -> bool:
        return self.constituted >= self.target_communes


def _statuses(bodies: list[tuple[str, str]]) -> dict[str, str]:
    """Commune path -> the best status of a local body on it."""
    best: dict[str, int] = {}
    for path, status in bodies:
        key = commune_path(path)
        best[key] = max(best.get(key, 0), _RANK.get(status, 0))
    return {key: (CONSTITUTED if rank == 2 else DORMANT) for key, rank in best.items() if rank}


def month_ends(today: dt.date, months: int) -> list[dt.date]:
    days = []
    d = today
    for _i in range(months):
        days.append(d)
        d = d.replace(day=1) - dt.timedelta(days=1)
    return list(reversed(days))


def coverage(*, scope: Scope, place: Territory | None, today: dt.date | None = None, months: int = 12) -> Coverage:
    today = today or timezone.localdate()
    communes = list(selectors.communes_of(scope=scope, place=place).values_list("path", flat=True))
    commune_set = set(communes)
    bodies = selectors.local_bodies_of(scope=scope, place=place)
    status_now = {pk: status for pk, _path, status in bodies}
    path_of = {pk: path for pk, path, _status in bodies}

    def counts(statuses: dict[int, str]) -> tuple[int, int, dict[str, str]]:
        by_commune = _statuses([(path_of[pk], s) for pk, s in statuses.items() if s])
        by_commune = {k: v for k, v in by_commune.items() if k in commune_set}
        values = list(by_commune.values())
        return values.count(CONSTITUTED), values.count(DORMANT), by_commune

    constituted, dormant, by_commune = counts(status_now)
    result = Coverage(
        place=place,
        communes=len(communes),
        constituted=constituted,
        dormant=dormant,
        none=len(communes) - constituted - dormant,
        today=today,
        status_of={c: by_commune.get(c, NONE) for c in communes},
    )
    # Back in time: undo, newest first, every change made after each month's end.
    days = month_ends(today, months)
    since = timezone.make_aware(dt.datetime.combine(days[0], dt.time.max))
    changes = selectors.body_status_changes(scope=scope, body_ids=list(status_now), since=since)
    state = dict(status_now)
    points = []
    i = 0
    for d in reversed(days):
        end = timezone.make_aware(dt.datetime.combine(d, dt.time.max))
        while i < len(changes) and changes[i][0] > end:
            _at, body_id, before = changes[i]
            state[body_id] = before
            i += 1
        c, dm, _by = counts(state)
        points.append(Point(d, c, dm))
    result.points = list(reversed(points))
    w = selectors.weighting()
    result.target_percent = w.coverage_target_percent
    for directive in selectors.structuring_targets(scope=scope, place=place):
        due = directive.due_date or getattr(directive, "due", None)
        if due:
            result.target_percent, result.target_date, result.target_title = 100, due, directive.title
            break
    return result


def coverage_by_child(*, scope: Scope, place: Territory | None, today: dt.date | None = None) -> list[dict]:
    """One line per province (of a region or the country) with its coverage, read in one pass."""
    cov = coverage(scope=scope, place=place, today=today, months=1)
    rows: dict[str, dict] = {}
    depth = 2  # province paths: region/province/
    children = {t.path: t for t in selectors.provinces_of(scope=scope, place=place)}
    for path, status in cov.status_of.items():
        key = "".join(part + "/" for part in path.split("/")[:depth])
        if key not in children:
            continue
        row = rows.setdefault(key, {"place": children[key], "communes": 0, CONSTITUTED: 0, DORMANT: 0, NONE: 0})
        row["communes"] += 1
        row[status] += 1
    for row in rows.values():
        row["share"] = row[CONSTITUTED] / row["communes"] if row["communes"] else 0.0
    return sorted(rows.values(), key=lambda r: r["place"].code)
