"""The person picker's extension points, and the "new person" value it yields.

A person picker suggests persons told apart by what the apps above hold about them: the member registry their card
number, the offices their current positions. This app does not know those apps; they register here, in their
`AppConfig.ready`:

- `facts_provider(name)`: `(person_ids, scope) -> {person_id: {fact: value}}` — what the reader may see about these
  persons through `scope` ("card": the card number; "positions": current positions, as text).
- `number_lookup(name)`: `(text, scope) -> person ids` — the persons a number typed in a picker names in `scope` (a
  card number: the registry).
- `enrolment(name)`: `(acting_user, scope, person, card_number) -> None` — record the card number of a person just
  created from a picker (the registry makes them a member; it raises PickRefused when it cannot).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

FactsProvider = Callable[[list[int], Scope], dict[int, dict]]
NumberLookup = Callable[[str, Scope], Iterable[int]]
Enrolment = Callable[..., None]

_FACTS: dict[str, FactsProvider] = {}
_NUMBERS: dict[str, NumberLookup] = {}
_ENROLMENT: dict[str, Enrolment] = {}


def facts_provider(name: str):
    def register(provider: FactsProvider) -> FactsProvider:
        _FACTS[name] = provider
        return provider

    return register


def number_lookup(name: str):
    def register(lookup: NumberLookup) -> NumberLookup:
        _NUMBERS[name] = lookup
        return lookup

    return register


def enrolment(name: str):
    def register(enrol: Enrolment) -> Enrolment:
        _ENROLMENT[name] = enrol
        return enrol

    return register


def person_facts(person_ids: list[int], scope: Scope) -> dict[int, dict]:
    """Every app's facts about these persons, as the reader may see them through `scope`."""
    facts: dict[int, dict] = {pk: {} for pk in person_ids}
    if not person_ids:
        return facts
    for provider in _FACTS.values():
        for pk, found in provider(list(person_ids), scope).items():
            facts.setdefault(pk, {}).update(found)
    return facts


def persons_numbered(text: str, scope: Scope) -> set[int]:
    found: set[int] = set()
    for lookup in _NUMBERS.values():
        found.update(lookup(text, scope))
    return found


def may_enrol() -> bool:
    return bool(_ENROLMENT)


def enrol(*, acting_user, scope: Scope, person, card_number: str) -> None:
    for register in _ENROLMENT.values():
        register(acting_user=acting_user, scope=scope, person=person, card_number=card_number)


class PickRefused(Exception):
    """A person chosen or created in a picker that the write cannot take (a card number already used…)."""

    code = "pick_refused"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NewPerson:
    """A person the official adds from a picker ("not in the registry"): created by the view's write, in the same
    transaction (people.services.person_from_pick), so a refused write creates nobody."""

    first_name_ar: str
    last_name_ar: str
    first_name_latin: str
    last_name_latin: str
    gender: str
    commune: Territory
    card_number: str = ""

    # Services that compare persons (two seats for the same person) read a key; a new person has no id yet.
    pk = None

    @property
    def full_name(self) -> str:
        arabic = f"{self.first_name_ar} {self.last_name_ar}".strip()
        latin = f"{self.first_name_latin} {self.last_name_latin}".strip()
        return arabic or latin

    def __str__(self) -> str:
        return self.full_name
