"""Reads of the territory. Every function takes the reader's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils.translation import pgettext_lazy

from tanzim.arabic import name_key

from .models import Kind, Level, Territory
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


# --- places by name (the place pickers) ------------------------------------------------------------------------

PLACE_LIMIT = 20
_LEVEL_ORDER = {Level.REGION: 0, Level.PROVINCE: 1, Level.COMMUNE: 2, Level.ARRONDISSEMENT: 3}
# The index of every unit's name words, built once per process (the division is ~1,700 units and changes only when
# `territory_load` runs, which clears it), so a place is found by any spelling name_key folds together.
_PLACE_INDEX: dict = {}


def _name_words(*names: str) -> frozenset[str]:
    words = set()
    for name in names:
        for word in name_key(name).split():
            words.add(word)
            if word.startswith("ال") and len(word) > 3:
                words.add(word[2:])  # الحسيمة is found by حسيمة too
    return frozenset(words)


def place_index_clear() -> None:
    _PLACE_INDEX.clear()


def _place_index() -> list[tuple[int, str, frozenset[str], str]]:
    version = Territory.objects.aggregate(n=Count("id"), top=Max("id"))
    if _PLACE_INDEX.get("version") != version:
        rows = Territory.objects.values_list("pk", "level", "name_ar", "name_fr")
        _PLACE_INDEX["units"] = [
            (pk, level, _name_words(ar, fr), name_key(ar) + "|" + name_key(fr)) for pk, level, ar, fr in rows
        ]
        _PLACE_INDEX["version"] = version
    return _PLACE_INDEX["units"]


def _places_scoped(scope: Scope, *, levels, include_above: bool) -> QuerySet:
    qs = Territory.objects.select_related("parent")
    if levels:
        qs = qs.filter(level__in=list(levels))
    return territory_visible(scope=scope, queryset=qs) if include_above else qs.visible_to(scope)


def looks_like_code(text: str) -> bool:
    """An HCP code: digits and dots ("01.571", "01.571.01.11")."""
    return bool(text) and text.isascii() and all(c.isdigit() or c == "." for c in text) and text[0].isdigit()


def place_search(
    *, scope: Scope, text: str, levels=None, include_above: bool = False, limit: int = PLACE_LIMIT
) -> list[Territory]:
    """Units whose Arabic or French name holds every typed word (as the start of one of its words, any spelling
    name_key folds together), or whose HCP code starts with the text, inside the scope (and, with `include_above`,
    the units above it, as the territory pages show them). Exact names first, larger units first, at most `limit`."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    qs = _places_scoped(scope, levels=levels, include_above=include_above)
    if looks_like_code(text):
        found = list(qs.filter(Q(code=text) | Q(code__startswith=text + ".")).order_by("code")[: limit * 5])
        return sorted(found, key=lambda t: (t.code != text, _LEVEL_ORDER.get(t.level, 9), t.code))[:limit]
    wanted = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in name_key(text).split()]
    if not wanted:
        return []
    exact_key = name_key(text)
    matched, exact = [], set()
    for pk, level, words, keys in _place_index():
        if levels and level not in levels:
            continue
        if all(any(word.startswith(w) for word in words) for w in wanted):
            matched.append(pk)
            if exact_key in keys.split("|"):
                exact.add(pk)
    units = list(qs.filter(pk__in=matched)) if matched else []
    units.sort(key=lambda t: (t.pk not in exact, _LEVEL_ORDER.get(t.level, 9), t.name_ar, t.code))
    return units[:limit]


def place_resolve(*, scope: Scope, text: str, levels=None, include_above: bool = False) -> list[Territory]:
    """What a place typed in a field names, for a form to accept or refuse: one unit when the text is its HCP code,
    or its name alone (or a name whose other holders all lie inside it: "تطوان" the province holds the commune);
    otherwise the candidates (none, or several for the reader to choose between)."""
    text = (text or "").strip()
    if not text:
        return []
    qs = _places_scoped(scope, levels=levels, include_above=include_above)
    if looks_like_code(text):
        return list(qs.filter(code=text))
    found = place_search(scope=scope, text=text, levels=levels, include_above=include_above, limit=PLACE_LIMIT)
    key = name_key(text)
    exact = [t for t in found if key in (name_key(t.name_ar), name_key(t.name_fr))]
    for pool in (exact, found):
        if len(pool) == 1:
            return pool
        outer = [t for t in pool if all(o.path.startswith(t.path) for o in pool)]
        if pool and outer:
            return outer[:1]
        if len(pool) > 1:
            return pool
    return found


def place_get(*, scope: Scope, code: str, levels=None, include_above: bool = False) -> Territory | None:
    """One unit by HCP code inside the scope (and of one of `levels`), or None: never a 404, a form says why."""
    if not looks_like_code((code or "").strip()):
        return None
    return _places_scoped(scope, levels=levels, include_above=include_above).filter(code=code.strip()).first()


PLACE_WORDS: dict[str, Any] = {
    Kind.REGION: pgettext_lazy("place", "Region"),
    Kind.PROVINCE: pgettext_lazy("place", "Province"),
    Kind.PREFECTURE: pgettext_lazy("place", "Prefecture"),
    Kind.URBAN: pgettext_lazy("place", "Commune"),
    Kind.RURAL: pgettext_lazy("place", "Commune"),
    Kind.ARRONDISSEMENT: pgettext_lazy("place", "Arrondissement"),
}


def place_name(unit: Territory) -> str:
    """ "جماعة تطوان", "Province Tétouan": the unit's kind and its name in the reader's language."""
    return f"{PLACE_WORDS.get(unit.kind, '')} {unit.name}".strip()


def place_label(unit: Territory) -> str:
    """A unit told apart from its homonyms: "جماعة أجدير — إقليم الحسيمة" (the unit, then the one above it)."""
    if unit.parent is None:
        return place_name(unit)
    return f"{place_name(unit)} — {place_name(unit.parent)}"
