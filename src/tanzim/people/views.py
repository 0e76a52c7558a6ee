"""The person picker's suggestions (people/widgets.py, static/tanzim/picker.js)."""

from __future__ import annotations

from django.shortcuts import render

from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.territory.capability import Capability
from tanzim.territory.selectors import place_label
from tanzim.territory.suggest import reading_scope, within_path

from .footprint import footprints
from .picker import person_facts, persons_numbered
from .selectors import person_suggestions
from .widgets import person_label


def person_suggest(request):
    """At most 20 persons of the reader's scope (and of the form's narrower territory) matching what was typed: a
    name in either script and any spelling, or a card number. Each is told apart by both names, card number, birth
    year (where the reader may see birth dates), commune and current positions (those the reader may see). With
    `for=<capability>`, a person whose mandates or grants reach beyond the reader's scope of it is shown as one the
    reader cannot choose. The search is recorded in the audit trail, as every search of the registry is."""
    text = request.GET.get("q", "").strip()[:100]
    scope = request.scope
    within = within_path(request)
    persons = []
    if text and within is not None:
        numbered = persons_numbered(text, scope) if any(c.isdigit() for c in text) else ()
        persons = person_suggestions(scope=scope, text=text, within_path=within or None, numbered=numbered)
    ids = [p.pk for p in persons]
    facts = person_facts(ids, scope)
    wanted = request.GET.get("for", "")
    beyond: set[int] = set()
    if wanted in Capability.values and ids:
        writable = reading_scope(request)
        beyond = {pk for pk, reach in footprints(ids).items() if not writable.contains(reach)}
    rows = []
    for person in persons:
        path = person.commune.path if person.commune is not None else None
        other = person.full_name_ar if person.full_name != person.full_name_ar else person.full_name_latin
        personal = request.authority.can(Capability.PERSONAL_DATA, path)
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
    if text:
        audit_record(
            acting_user=request.user,
            action="member.list",
            target_type="people.person",
            territory_path=audit_path_of(scope, within or ""),
            changes={"picker": True, "q": text, "shown": len(rows)},
            address=request.META.get("REMOTE_ADDR"),
        )
    return render(
        request,
        "people/_suggestions.html",
        {"rows": rows, "typed": text, "may_add": request.GET.get("new") == "1" and within is not None},
    )
