"""What a person picker shows of a person's offices: their current positions, in the bodies the reader may see."""

from __future__ import annotations

from tanzim.people.picker import facts_provider

from .selectors import mandate_list


@facts_provider("positions")
def current_positions(person_ids, scope):
    found: dict[int, dict] = {}
    mandates = mandate_list(scope=scope, current=True).filter(person_id__in=list(person_ids))
    for m in mandates:
        found.setdefault(m.person_id, {"positions": []})["positions"].append(f"{m.title} — {m.body.name}")
    return found
