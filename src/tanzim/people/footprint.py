"""Where a person reaches: the one rule every write to a shared person goes through.

A person is one record shared by every app: the member registry, the offices (mandates), the logins and their
grants. Renaming, erasing or merging a person changes what every one of those shows, so a write to a person is
allowed only when the writer's scope covers the person's *footprint*: their commune, their member entry, and
every body where they hold a mandate, a grant or a login that is not over. A provincial secretary may correct a
member of her province, but not the deputy head of the regional office who happens to live there.

Apps declare what they hold about persons with `footprint_provider`, in their `AppConfig.ready`; this module
does not know them, so an app built later (elections, dues) adds its own without changing anything here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.territory.scope import Scope

# A provider answers, for the given person ids (or, with None, for every person it holds something about that
# confers a place in the hierarchy: mandates, grants), pairs (person id, territory path); a path of None or ""
# is national.
Provider = Callable[[Collection[int] | None, dt.date], Iterable[tuple[int, str | None]]]
_PROVIDERS: list[tuple[str, Provider]] = []


def footprint_provider(name: str) -> Callable[[Provider], Provider]:
    """Register what an app holds about persons under `name` (registering a name again replaces it)."""

    def register(provider: Provider) -> Provider:
        _PROVIDERS[:] = [(n, p) for n, p in _PROVIDERS if n != name]
        _PROVIDERS.append((name, provider))
        return provider

    return register


def _scope_of(paths: Iterable[str | None]) -> Scope:
    paths = list(paths)
    return Scope(
        paths=frozenset(p for p in paths if p),
        national=any(not p for p in paths),
    ).union(Scope.nothing())


def footprints(person_ids: Collection[int] | None, *, today: dt.date | None = None) -> dict[int, Scope]:
    """Each person's footprint as a Scope. With None: only the persons some provider holds a place for."""
    from .models import Person

    today = today or timezone.localdate()
    found: dict[int, list[str | None]] = {}
    if person_ids is not None:
        ids = list(person_ids)
        for pk, path in Person.objects.filter(pk__in=ids, commune__isnull=False).values_list("pk", "commune__path"):
            found.setdefault(pk, []).append(path)
    for _name, provider in _PROVIDERS:
        for pk, place in provider(person_ids, today):
            found.setdefault(pk, []).append(place)
    return {pk: _scope_of(paths) for pk, paths in found.items()}


def footprint(person_id: int, *, today: dt.date | None = None) -> Scope:
    return footprints([person_id], today=today).get(person_id, Scope.nothing())


def persons_beyond(scope: Scope, *, today: dt.date | None = None) -> set[int]:
    """Persons holding a place (mandate, grant) that `scope` does not cover: those a scoped import must not touch."""
    if scope.is_everything:
        return set()
    return {pk for pk, reach in footprints(None, today=today).items() if not scope.contains(reach)}


class PersonBeyondScope(PermissionDenied):
    """A write refused because the person also belongs somewhere the writer's territory does not reach."""

    code = "person_beyond_scope"

    def __init__(self, message: str | None = None):
        self.message = message or _(
            "A higher body holds this person: they have a mandate, a grant or a login beyond your territory. "
            "Only an official whose territory covers all of it can change, erase or merge this record."
        )
        super().__init__(self.message)


def persons_within(scope: Scope, person_ids: Collection[int | None]) -> set[int]:
    """Of these persons, those whose whole footprint `scope` covers: the ones a page may offer to change (a write
    to the others is refused by `require_person_within`, so the page must not offer it)."""
    ids = [pk for pk in person_ids if pk]
    if scope.is_everything:
        return set(ids)
    reach = footprints(ids)
    return {pk for pk in ids if scope.contains(reach.get(pk, Scope.nothing()))}


def require_person_within(scope: Scope, *person_ids: int | None) -> None:
    """Refuse (PersonBeyondScope) unless `scope` covers the whole footprint of every given person."""
    if scope.is_everything:
        return
    ids = [pk for pk in person_ids if pk]
    for reach in footprints(ids).values():
        if not scope.contains(reach):
            raise PersonBeyondScope()
