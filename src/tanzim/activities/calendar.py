"""The calendar's sources: each app that puts dated things on the calendar page registers a function.

    from tanzim.activities.calendar import CalendarEntry, calendar_source

    @calendar_source("meetings")
    def meetings_on_calendar(*, scope, start, end) -> list[CalendarEntry]: ...

A source reads through the reader's `scope` like any selector and returns the entries with a day between `start`
and `end` (both included). The calendar page asks every registered source and knows none of them. Activities and
meetings are registered in activities/declarations.py (meetings lies below activities: activities reads it through
`meetings.selectors.meeting_list`, meetings never imports activities); an app above activities registers its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tanzim.territory.scope import Scope


@dataclass(frozen=True)
class CalendarEntry:
    starts_on: dt.date
    ends_on: dt.date  # the last day (the first again for a one-day entry)
    title: str
    kind: str  # what it is, in the reader's language ("قافلة", "Réunion ordinaire")
    body: str  # who holds it
    url: str
    state: str = ""  # a short key for the page's colour ("planned", "due", "done", "cancelled")
    state_label: str = ""
    place: str = ""
    time: dt.time | None = None
    source: str = ""

    def on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


CalendarSource = Callable[..., list[CalendarEntry]]  # (*, scope, start, end) -> entries

_SOURCES: dict[str, CalendarSource] = {}


def calendar_source(name: str) -> Callable[[CalendarSource], CalendarSource]:
    """Register a source of calendar entries under `name` (registering a name again replaces it)."""

    def register(source: CalendarSource) -> CalendarSource:
        _SOURCES[name] = source
        return source

    return register


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def calendar_entries(*, scope: Scope, start: dt.date, end: dt.date) -> list[CalendarEntry]:
    """Every registered source's entries between `start` and `end`, by day then time."""
    entries = []
    for name, source in _SOURCES.items():
        entries += [
            e if e.source else CalendarEntry(**{**e.__dict__, "source": name})
            for e in source(scope=scope, start=start, end=end)
        ]
    return sorted(entries, key=lambda e: (e.starts_on, e.time or dt.time.min, e.title))
