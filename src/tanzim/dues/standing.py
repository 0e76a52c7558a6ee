"""A member's standing, computed from their ledger: pure functions, no database.

Covered years are those of the live (not reversed) payments and waivers; the standing for a year reads the latest
run of consecutive covered years and the latest run of waived years. A lapse stays a lapse: a payment after it
starts a new run, it does not join the run before the gap; a payment made after its year ended is "paid late".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

UP_TO_DATE = "up_to_date"
ARREARS = "arrears"
EXEMPT = "exempt"
NEVER_PAID = "never_paid"

PAID = "paid"
PAID_LATE = "paid_late"
WAIVED = "waived"
LAPSE = "lapse"


@dataclass(frozen=True)
class Runs:
    run_from: int | None = None
    run_to: int | None = None
    waived_from: int | None = None
    waived_to: int | None = None


@dataclass(frozen=True)
class StandingNow:
    status: str
    since: dt.date | None = None  # in arrears since (1 January of the first year not covered after the run)
    through: int | None = None  # the last year covered by the latest run


@dataclass
class YearLine:
    year: int
    state: str
    entries: list = field(default_factory=list)


def live_entries(entries: Iterable) -> list:
    """The entries that count: every entry but reversals and the entries a reversal cancelled."""
    entries = list(entries)
    cancelled = {e.reverses_id for e in entries if e.kind == "reversal"}
    return [e for e in entries if e.kind != "reversal" and e.pk not in cancelled]


def _years(entries, kinds) -> set[int]:
    years: set[int] = set()
    for e in entries:
        if e.kind in kinds and e.year_from is not None:
            years.update(range(e.year_from, e.year_to + 1))
    return years


def _latest_run(years: set[int]) -> tuple[int | None, int | None]:
    if not years:
        return None, None
    end = max(years)
    start = end
    while start - 1 in years:
        start -= 1
    return start, end


def runs_of(entries: Iterable) -> Runs:
    live = live_entries(entries)
    run_from, run_to = _latest_run(_years(live, ("payment", "waiver")))
    waived_from, waived_to = _latest_run(_years(live, ("waiver",)))
    return Runs(run_from, run_to, waived_from, waived_to)


def standing_at(runs: Runs, year: int) -> StandingNow:
    """The standing in `year` from the stored runs (the SQL filters of `selectors` say the same)."""
    if runs.waived_from is not None and runs.waived_to is not None and runs.waived_from <= year <= runs.waived_to:
        return StandingNow(EXEMPT, through=runs.run_to)
    if runs.run_to is None or runs.run_from is None:
        return StandingNow(NEVER_PAID)
    if runs.run_from <= year <= runs.run_to:
        return StandingNow(UP_TO_DATE, through=runs.run_to)
    since = dt.date(runs.run_to + 1, 1, 1) if runs.run_to < year else None
    return StandingNow(ARREARS, since=since, through=runs.run_to)


def year_lines(entries: Iterable, *, year: int, first: int | None = None) -> list[YearLine]:
    """Year by year, from the first covered year (or `first`, the join year) to `year`: paid, paid late, waived or
    a lapse, with the live entries of the year. The newest first."""
    live = live_entries(entries)
    covered = _years(live, ("payment", "waiver"))
    starts = [y for y in (min(covered) if covered else None, first) if y is not None]
    if not starts:
        return []
    lines = []
    for y in range(min(starts), max(year, max(covered) if covered else year) + 1):
        mine = [e for e in live if e.year_from is not None and e.year_from <= y <= e.year_to]
        waivers = [e for e in mine if e.kind == "waiver"]
        payments = [e for e in mine if e.kind == "payment"]
        if waivers:
            state = WAIVED
        elif payments:
            on_time = any(e.entry_date <= dt.date(y, 12, 31) for e in payments)
            state = PAID if on_time else PAID_LATE
        else:
            state = LAPSE
        lines.append(YearLine(y, state, mine))
    return lines[::-1]
