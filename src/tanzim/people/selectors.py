"""Reads of persons, always through a scope (a person lies where their commune lies)."""

from __future__ import annotations

from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from tanzim.arabic import name_key
from tanzim.territory.models import Level, Territory
from tanzim.territory.scope import Scope

from .models import Person

# The most suggestions a person picker shows: enough to find one among namesakes, few enough to read on a phone.
SUGGESTIONS = 20
MIN_PREFIX = 3


def person_list(*, scope: Scope, text: str = "", within_path: str | None = None) -> QuerySet:
    """Persons visible in the scope, optionally those whose commune lies inside `within_path`."""
    qs = Person.objects.visible_to(scope).select_related("commune")
    if within_path:
        qs = qs.filter(commune__path__startswith=within_path)
    if text:
        for word in text.split():
            qs = qs.filter(
                Q(first_name_ar__icontains=word)
                | Q(last_name_ar__icontains=word)
                | Q(first_name_latin__icontains=word)
                | Q(last_name_latin__icontains=word)
            )
    return qs


def person_get(*, scope: Scope, pk: int) -> Person:
    try:
        return person_list(scope=scope).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None


def search_words(text: str) -> list[tuple[str, bool]]:
    """The words of `text`'s key, each with whether it is matched whole: every word but the last was finished
    (a space followed it); the last may still be being typed and is matched as the start of a word."""
    words = [w for w in name_key(text).split() if w.isalnum()]
    return [(w, i < len(words) - 1) for i, w in enumerate(words)]


def persons_named(text: str) -> QuerySet:
    """Persons whose name key holds each finished word of `text`'s key, and a word starting with its last.

    PostgreSQL reads the full-text index of the key's words (`to_tsquery('simple', 'w1 & w2:*')`, migration
    people 0005): a whole word reads one posting list, a prefix the lists of every word it starts, which for
    "Mohamed" is most of the cost. SQLite scans with `LIKE '% w1 %'` and `LIKE '% w2%'` on the key, framed by
    spaces. Keys hold letters and digits only, split on spaces, so both see the same words.
    """
    return _named(search_words(text))


def _named(words: list[tuple[str, bool]]) -> QuerySet:
    if not words:
        return Person.objects.none()
    if connection.vendor != "postgresql":
        q = Q()
        for word, whole in words:
            q &= Q(name_key__contains=f" {word} " if whole else f" {word}")
        return Person.objects.filter(q)
    query = " & ".join(word if whole else f"{word}:*" for word, whole in words)
    # Unqualified column: this queryset is also used as a subquery, whose table Django aliases.
    match = RawSQL("to_tsvector('simple', name_key) @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())
    return Person.objects.filter(match)


@lru_cache(maxsize=256)
def _commune_ids(paths: frozenset[str], national: bool, within_path: str) -> tuple[int, ...]:
    """The communes and arrondissements of a scope (inside `within_path`), kept per process: the division changes only
    when `tanzim load-territory` runs, and units are never deleted nor moved to another path by it."""
    places = Scope(paths=paths, national=national).filter(
        Territory.objects.filter(level__in=(Level.COMMUNE, Level.ARRONDISSEMENT)), "path"
    )
    if within_path:
        places = places.filter(path__startswith=within_path)
    return tuple(places.values_list("pk", flat=True))


def _living_in(scope: Scope, within_path: str | None) -> Q:
    """Persons whose commune lies in the scope (and inside `within_path`), as a list of commune ids when the scope is
    narrower than the country: PostgreSQL then joins the word index with the commune index (a province is a few
    dozen communes) instead of walking every namesake of the country through the territory table."""
    if scope.is_everything and not within_path:
        return Q()
    q = Q(commune_id__in=_commune_ids(scope.paths, scope.national, within_path or ""))
    if scope.national and not within_path:
        q |= Q(commune__isnull=True)
    return q


def person_suggestions(
    *, scope: Scope, text: str, within_path: str | None = None, numbered=(), limit: int = SUGGESTIONS
) -> list[Person]:
    """What a person picker suggests for `text`: persons of the scope (and of `within_path`) whose names match it in
    either script and any spelling the name key folds together, or, for a text with digits, the persons `numbered`
    gives (card numbers: the member registry answers, people/picker.py). At most `limit`, by name."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    if any(c.isdigit() for c in text):
        qs: QuerySet = Person.objects.filter(pk__in=list(numbered))
    else:
        words = search_words(text)
        # A word still being typed and shorter than three letters ("ال", "Mo") starts most names of the country: the
        # word index would read every one of them. It is matched on the few rows the other words (or the territory)
        # leave, as the start of a word of the key, like the index would.
        indexed = [(w, whole) for w, whole in words if whole or len(w) >= MIN_PREFIX]
        short = [w for w, whole in words if not whole and len(w) < MIN_PREFIX]
        if not indexed and (scope.is_everything and not within_path):
            return []  # a letter or two over the whole country: type more
        qs = _named(indexed) if indexed else Person.objects.all()
        for word in short:
            qs = qs.filter(name_key__contains=f" {word}")
        if not words:
            return []
    qs = qs.select_related("commune__parent").filter(_living_in(scope, within_path))
    return list(qs.order_by("last_name_ar", "first_name_ar", "last_name_latin", "id")[:limit])
