from django.shortcuts import render

from .models import Territory
from .scope import Scope
from .selectors import place_label, place_search, territory_children_with_counts, territory_get, territory_search
from .suggest import levels, reading_scope, within_path


def territory_index(request):
    """Regions of Morocco with their population; a search box for any unit by name or code."""
    text = request.GET.get("q", "").strip()
    results = territory_search(scope=request.scope, text=text) if text else None
    regions = territory_children_with_counts(scope=request.scope, parent=None)
    return render(request, "territory/index.html", {"regions": regions, "q": text, "results": results})


def territory_detail(request, code: str):
    """One unit: where it lies and its sub-units with population.

    The party's bodies on the unit come from the organization app (loaded into the page by htmx), so this app
    keeps knowing nothing of the apps above it.
    """
    unit = territory_get(scope=request.scope, code=code)
    children = territory_children_with_counts(scope=request.scope, parent=unit)
    ancestors: list[Territory] = []
    parent = unit.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    return render(request, "territory/detail.html", {"unit": unit, "children": children, "ancestors": ancestors})


def place_suggest(request):
    """Suggestions of a place picker (territory/widgets.py): at most 20 units of the reader's scope whose name or
    code starts like the text, each told apart from its homonyms by the unit above it."""
    text = request.GET.get("q", "")
    scope = reading_scope(request)
    within = within_path(request)
    units = []
    if within is not None:
        if within:
            scope = scope.intersection(Scope.of(within))
        above = request.GET.get("above") == "1" and not within
        units = place_search(scope=scope, text=text, levels=levels(request), include_above=above)
    return render(
        request,
        "territory/_suggestions.html",
        {"places": [(u, place_label(u)) for u in units], "typed": text.strip()},
    )
