"""What a person picker's list shows about each person it suggests, shared by the suggestion endpoint
(people/views.py) and the forms that draw a list ahead (a pasted composition's doubtful names)."""

from __future__ import annotations

from tanzim.territory.capability import Capability
from tanzim.territory.scope import Scope
from tanzim.territory.selectors import place_label

from .footprint import footprints
from .picker import person_facts
from .widgets import person_label


def suggestion_rows(persons, *, scope: Scope, authority, writable: Scope | None = None) -> list[dict]:
    """One row per person: both names, card number, birth year (where the reader may see birth dates), commune and
    current positions (those the reader may see through `scope`). With `writable` (the reader's scope of the write
    the choice is for), a person whose mandates or grants reach beyond it is marked as one the reader cannot choose."""
    ids = [p.pk for p in persons]
    facts = person_facts(ids, scope)
    beyond: set[int] = set()
    if writable is not None and ids:
        beyond = {pk for pk, reach in footprints(ids).items() if not writable.contains(reach)}
    rows = []
    for person in persons:
        path = person.commune.path if person.commune is not None else None
        other = person.full_name_ar if person.full_name != person.full_name_ar else person.full_name_latin
        personal = authority.can(Capability.PERSONAL_DATA, path)
        rows.append(
            {
                "person": person,
                "label": person_label(person),
                "other_name": other,
                "card": facts.get(person.pk, {}).get("card", ""),
                "born": person.birth_date.year if personal and person.birth_date else None,
                "place": place_label(person.commune) if person.commune is not None else "",
                "positions": facts.get(person.pk, {}).get("positions", []),
                "beyond": person.pk in beyond,
            }
        )
    return rows
