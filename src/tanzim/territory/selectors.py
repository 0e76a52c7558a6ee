"""Reads of the territory. Every function takes the reader's scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import Level, Territory
from .scope import Scope


def territory_list(*, scope: Scope, parent: Territory | None = None, level: str | None = None) -> QuerySet:
    """Units visible in the scope: the children of `parent` (regions when None), or every unit of a level."""
    qs = Territory.objects.all()
    if level:
        qs = qs.filter(level=level)
    elif parent is None:
        qs = qs.filter(level=Level.REGION)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return territory_visible(scope=scope, queryset=qs).order_by("code")


def territory_visible(*, scope: Scope, queryset: QuerySet | None = None) -> QuerySet:
    """Units the scope covers, plus the units above them (a provincial reader sees which region it is in)."""
    qs = Territory.objects.all() if queryset is None else queryset
    if scope.is_everything:
        return qs
    inside = scope.q("path") if any(scope.paths) else Q(pk__in=[])
    above = Q(pk__in=[])
    for p in scope.paths:
        if p:
            parts = p.rstrip("/").split("/")
            above |= Q(path__in=["/".join(parts[: i + 1]) + "/" for i in range(len(parts))])
    return qs.filter(inside | above)


def territory_get(*, scope: Scope, code: str) -> Territory:
    """One unit by HCP code, or 404 when it does not exist or lies outside the scope."""
    try:
        return territory_visible(scope=scope).select_related("parent__parent__parent").get(code=code)
    except Territory.DoesNotExist:
        raise Http404 from None


def territory_counts(*, scope: Scope) -> dict[str, int]:
    """How many units of each level the scope covers."""
    qs = Territory.objects.visible_to(scope)
    rows = qs.values("level").annotate(n=Count("id"))
    counts = {level.value: 0 for level in Level}
    counts.update({r["level"]: r["n"] for r in rows})
    return counts


def territory_children_with_counts(*, scope: Scope, parent: Territory | None) -> QuerySet:
    """Children (regions at the top) annotated with how many children each has."""
    return territory_list(scope=scope, parent=parent).annotate(n_children=Count("children"))


def territory_search(*, scope: Scope, text: str, levels: list[str] | None = None, limit: int = 20) -> QuerySet:
    """Units whose Arabic or French name contains `text`, inside the scope."""
    qs = Territory.objects.filter(Q(name_ar__icontains=text) | Q(name_fr__icontains=text) | Q(code=text))
    if levels:
        qs = qs.filter(level__in=levels)
    return qs.visible_to(scope).select_related("parent").order_by("level", "code")[:limit]


def territory_communes(*, scope: Scope) -> QuerySet:
    """Communes and arrondissements inside the scope (where a member may be placed), by code."""
    return Territory.objects.visible_to(scope).filter(level__in=(Level.COMMUNE, Level.ARRONDISSEMENT)).order_by("code")


def territory_names_by_path(*, scope: Scope, paths) -> dict[str, str]:
    """The names of the units at these paths that the scope may see, by path."""
    units = territory_visible(scope=scope, queryset=Territory.objects.filter(path__in=list(paths)))
    return {t.path: t.name for t in units}
