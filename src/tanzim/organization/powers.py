"""The capability ceiling of a write that seats someone: nobody gives a position carrying a capability, at a place,
that they do not hold there themself.

What a mandate gives its holder is decided above this app (`tanzim.access`: the party's choice per position, the
defaults, executive offices of the party only); access registers it here with `powers_provider` from its
`AppConfig.ready`, so the offices and the registry (a merge carries mandates) can ask it without importing access.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation

from tanzim.territory.capability import Capability

from .models import Body, PositionType

PowersProvider = Callable[[PositionType, Body], frozenset[str]]
_PROVIDERS: dict[str, PowersProvider] = {}


def powers_provider(name: str) -> Callable[[PowersProvider], PowersProvider]:
    """Register what a mandate (a position in a body) gives its holder: a function `(position_type, body) ->
    capabilities`."""

    def register(provider: PowersProvider) -> PowersProvider:
        _PROVIDERS[name] = provider
        return provider

    return register


def powers_of(position_type: PositionType, body: Body) -> frozenset[str]:
    """The capabilities a mandate as `position_type` in `body` gives its holder, over the body's territory."""
    found: set[str] = set()
    for provider in _PROVIDERS.values():
        found |= provider(position_type, body)
    return frozenset(found)


def powers_withheld(authority, position_type: PositionType, body: Body) -> list[str]:
    """The capabilities a seat as `position_type` in `body` would give that the writer does not hold at the body's
    place from elsewhere than the body itself (`authority.without_body`: an office is changed from above it).
    Empty: the writer may give the position."""
    own = authority.without_body(body.pk)
    return sorted(c for c in powers_of(position_type, body) if not own.can(c, body.path))


def powers_named(capabilities: list[str]) -> str:
    """The capabilities as a reader names them, in the active language."""
    comma = "، " if (translation.get_language() or "ar").startswith("ar") else ", "
    return comma.join(str(Capability(c).label) for c in capabilities)
