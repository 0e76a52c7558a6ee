from django.shortcuts import render

from .models import Territory
from .selectors import territory_children_with_counts, territory_get, territory_search


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
