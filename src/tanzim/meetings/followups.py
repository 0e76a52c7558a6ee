"""What a meeting sent down, as the meeting's documents say it: an extension point the apps above fill.

The minutes PDF and the communiqué end with the directives the meeting's decisions sent ("make structuring the
priority and extend it to every commune of the province within three months"); meetings cannot import the app
that holds them, so that app registers a provider from its `AppConfig.ready`:

    @followup_provider("directives")
    def directives_of(meeting, *, scope) -> list[FollowUp]: ...

`followups(meeting, scope=…)` gathers them, in the order of the decisions. A provider reads through `scope` like
any selector.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUp:
    decision_id: int | None
    text: str  # the directive as written
    recipients: str  # who it goes to, in words: "every local body of the Province of Taounate"
    due: dt.date | None  # the date it is due by, if any
    due_words: str = ""  # as the decision said it: "within three months"


Provider = Callable[..., list[FollowUp]]  # (meeting, *, scope) -> [FollowUp]
_providers: dict[str, Provider] = {}


def followup_provider(name: str) -> Callable[[Provider], Provider]:
    def add(function: Provider) -> Provider:
        _providers[name] = function
        return function

    return add


def followups(meeting, *, scope) -> list[FollowUp]:
    found = [f for provider in _providers.values() for f in provider(meeting, scope=scope)]
    return sorted(found, key=lambda f: (f.decision_id is None, f.decision_id or 0))
