"""The person picker's suggestions (people/widgets.py, static/tanzim/picker.js)."""

from __future__ import annotations

from django.shortcuts import render

from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.territory.capability import Capability
from tanzim.territory.suggest import reading_scope, within_path

from .picker import persons_numbered
from .selectors import person_suggestions
from .suggestions import suggestion_rows


def person_suggest(request):
    """At most 20 persons of the reader's scope (and of the form's narrower territory) matching what was typed: a
    name in either script and any spelling, or a card number. Each is told apart by both names, card number, birth
    year (where the reader may see birth dates), commune and current positions (those the reader may see). With
    `for=<capability>` (a write), a person whose mandates or grants reach beyond the reader's scope of it is shown
    as one the reader cannot choose; `for=read` marks nobody (reading chooses nothing, and a mark would tell
    whether the person holds something beyond the reader's territory). The search is recorded in the audit trail,
    as every search of the registry is, where the reader read (never at a wider territory the form named)."""
    text = request.GET.get("q", "").strip()[:100]
    scope = request.scope
    within = within_path(request)
    persons = []
    if text and within is not None:
        numbered = persons_numbered(text, scope) if any(c.isdigit() for c in text) else ()
        persons = person_suggestions(scope=scope, text=text, within_path=within or None, numbered=numbered)
    wanted = request.GET.get("for", "")
    # A person whose places reach beyond the scope of a write is marked as one the reader cannot choose (the write
    # would refuse them). Reading chooses nobody: a mark there would only tell that they hold something elsewhere.
    writable = reading_scope(request) if wanted in Capability.values and wanted != Capability.READ else None
    rows = suggestion_rows(persons, scope=scope, authority=request.authority, writable=writable)
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
