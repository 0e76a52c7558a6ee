"""What each app holds about a person, for the right of access and for erasure (law 09-08).

The copy a person receives (privacy.selectors.member_dossier) and the erasure (privacy.services
.member_erase) cover the registry, the offices and the logins themselves; an app built later (meetings with their
attendance, dues with their ledger, elections with their candidacies) adds what it holds by registering, from its
`AppConfig.ready`, a dossier part and an erasure step. Nothing here knows the apps; the copy and the erasure ask
every registered app, so a new app's data can never be forgotten by either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tanzim.territory.scope import Scope


@dataclass
class DossierPart:
    """One section of the copy: a title in the reader's language, rows of (label → value) in that language,
    and the audit rows that concern the person through this app's records (target type → ids)."""

    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    audit_targets: dict[str, list[str]] = field(default_factory=dict)


DossierProvider = Callable[..., DossierPart | None]  # (*, person, scope) -> part, or None when nothing is held
ErasureStep = Callable[..., dict[str, int]]  # (*, person) -> counts of what was removed or blanked
# (*, person) -> the territory paths of the bodies whose records the step rewrites ("" or None: national)
ErasureReach = Callable[..., Iterable[str | None]]

_PARTS: dict[str, DossierProvider] = {}
_STEPS: dict[str, ErasureStep] = {}
_REACH: dict[str, ErasureReach] = {}


def dossier_part(key: str) -> Callable[[DossierProvider], DossierProvider]:
    """Register what an app adds to a person's right-of-access copy, under `key` (registering again replaces)."""

    def register(provider: DossierProvider) -> DossierProvider:
        _PARTS[key] = provider
        return provider

    return register


def erasure_step(key: str, *, reach: ErasureReach | None = None) -> Callable[[ErasureStep], ErasureStep]:
    """Register what an app blanks or removes when a person's data are erased (in the erasure's transaction).

    `reach` says whose records the step rewrites: the territory paths of the bodies that keep them (a regional
    meeting's approved minutes, a candidacy decided by the national office). An erasure is a write to every one
    of those records, so it is allowed only to someone whose territory covers them all (`erasure_reach`); a step
    that only touches what the person's own member entry holds needs none."""

    def register(step: ErasureStep) -> ErasureStep:
        _STEPS[key] = step
        if reach is None:
            _REACH.pop(key, None)
        else:
            _REACH[key] = reach
        return step

    return register


def unregister(key: str) -> None:
    _PARTS.pop(key, None)
    _STEPS.pop(key, None)
    _REACH.pop(key, None)


def dossier_parts(*, person, scope: Scope) -> dict[str, DossierPart]:
    """Every registered app's part of the copy, read through the reader's scope (an app holding nothing: none)."""
    parts = {}
    for key, provider in _PARTS.items():
        part = provider(person=person, scope=scope)
        if part is not None:
            parts[key] = part
    return parts


def erasure_reach(*, person) -> Scope:
    """Every territory whose records an erasure of `person` would rewrite, as one Scope (national if any is)."""
    paths = [path for reach in _REACH.values() for path in reach(person=person)]
    return Scope(paths=frozenset(p for p in paths if p), national=any(not p for p in paths)).union(Scope.nothing())


def erase_everywhere(*, person) -> dict[str, dict[str, int]]:
    """Run every registered erasure step for a person; what each removed, by app."""
    return {key: step(person=person) for key, step in _STEPS.items()}
