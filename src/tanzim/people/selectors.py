"""Reads of persons, always through a scope (a person lies where their commune lies)."""

from __future__ import annotations

from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from tanzim.arabic import name_key
from tanzim.arabic.sound import FROM_ARABIC, FROM_LATIN, sounds
from tanzim.territory.models import Level, Territory
from tanzim.territory.scope import Scope

from .models import Person

# The most suggestions a person picker shows: enough to find one among namesakes, few enough to read on a phone.
SUGGESTIONS = 20
MIN_PREFIX = 3

# A query's readings are looked for among the other script's names: a Latin word's among Arabic names', and back.
_OTHER_SCRIPT = {FROM_ARABIC: FROM_LATIN, FROM_LATIN: FROM_ARABIC}


def search_words(text: str) -> list[tuple[str, bool]]:
    """The words of `text`'s key, each with whether it is matched whole: every word but the last was finished
    (a space followed it); the last may still be being typed and is matched as the start of a word."""
    words = [w for w in name_key(text).split() if w.isalnum()]
    return [(w, i < len(words) - 1) for i, w in enumerate(words)]


def name_query(text: str, *, across_scripts: bool = True) -> list[list[list[tuple[str, bool]]]]:
    """What a name search asks, as alternatives (OR) of conjunctions (AND) of words, each word a set of
    alternatives (OR) given as (word, is a sound reading). In each conjunction the last word is matched by its
    start (it may still be being typed), the others whole.

    Each word of the query's name key may also be matched by a reading of it in the other script's names (its
    sound key's readings, tag swapped): "Karima Ahkane" is (karima | qkrma) & (akan | qhkn). When the key and the
    readings do not split the query into the same words (a compound glued in one and not the other: آيت علي),
    the query is the key's words or the readings, each as a whole.
    """
    keys = [w for w in name_key(text).split() if w.isalnum()]
    if not across_scripts:
        return [[[(k, False)] for k in keys]] if keys else []
    readings = [[_OTHER_SCRIPT[r[0]] + r[1:] for r in rs if r.isalnum()] for rs in sounds(text)]
    readings = [rs for rs in readings if rs]
    if len(readings) == len(keys):
        return [[[(k, False), *((r, True) for r in rs)] for k, rs in zip(keys, readings, strict=True)]] if keys else []
    blocks = []
    if keys:
        blocks.append([[(k, False)] for k in keys])
    if readings:
        blocks.append([[(r, True) for r in rs] for rs in readings])
    return blocks


def persons_named(text: str, *, across_scripts: bool = True) -> QuerySet:
    """Persons whose names match `text` in either script (name_query): the finished words whole, the last one by
    its start.

    PostgreSQL reads the full-text index of both keys' words (`to_tsvector('simple', name_key || sound_key)`,
    migration people 0008) with one `to_tsquery`: a whole word reads one posting list, a prefix the lists of every
    word it starts. SQLite scans with `LIKE '% w1 %'` and `LIKE '% w2%'` on the key a word belongs to, framed by
    spaces. Keys hold letters and digits only, split on spaces, so both see the same words. `across_scripts=False`
    matches the name key alone (the search before the sound key: `make bench` compares the two).
    """
    blocks = name_query(text, across_scripts=across_scripts)
    if not blocks:
        return Person.objects.none()
    if connection.vendor != "postgresql":
        either = Q()
        for block in blocks:
            each = Q()
            for i, alternatives in enumerate(block):
                whole = i < len(block) - 1
                one = Q()
                for word, sound in alternatives:
                    framed = f" {word} " if whole else f" {word}"
                    one |= Q(sound_key__contains=framed) if sound else Q(name_key__contains=framed)
                each &= one
            either |= each
        return Person.objects.filter(either)
    query = " | ".join(
        "("
        + " & ".join(
            "(" + " | ".join(word if i < len(block) - 1 else f"{word}:*" for word, _sound in alternatives) + ")"
            for i, alternatives in enumerate(block)
        )
        + ")"
        for block in blocks
    )
    # Unqualified columns: this queryset is also used as a subquery, whose table Django aliases. The expression is
    # the index's own (people 0008), so the index answers.
    match = RawSQL(
        "to_tsvector('simple', name_key || sound_key) @@ to_tsquery('simple', %s)", [query], output_field=BooleanField()
    )
    return Person.objects.filter(match)


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
    # The expression of the word index (people 0008: both keys), so the index answers.
    match = RawSQL(
        "to_tsvector('simple', name_key || sound_key) @@ to_tsquery('simple', %s)", [query], output_field=BooleanField()
    )
    return Person.objects.filter(match)


@lru_cache(maxsize=256)
def _commune_ids(paths: frozenset[str], national: bool, within_path: str) -> tuple[int, ...]:
    """The communes and arrondissements of a scope (inside `within_path`), kept per process: the division changes only
    when `tanzim load-territory` runs, and units are never deleted nor moved to another path by it."""
    places = Territory.objects.visible_to(Scope(paths=paths, national=national)).filter(
        level__in=(Level.COMMUNE, Level.ARRONDISSEMENT)
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
        # All words long enough: the name in either script (its key's words, or their readings).
        qs = persons_named(text) if indexed and not short else (_named(indexed) if indexed else Person.objects.all())
        for word in short:
            qs = qs.filter(name_key__contains=f" {word}")
        if not words:
            return []
    qs = qs.select_related("commune__parent").filter(_living_in(scope, within_path))
    return list(qs.order_by("last_name_ar", "first_name_ar", "last_name_latin", "id")[:limit])


def person_list(*, scope: Scope, text: str = "", within_path: str | None = None) -> QuerySet:
    """Persons visible in the scope, optionally those whose commune lies inside `within_path`."""
    qs = Person.objects.visible_to(scope).select_related("commune")
    if within_path:
        qs = qs.filter(commune__path__startswith=within_path)
    if text:
        # Each word inside any name as typed, or the name in either script through its keys (persons_named).
        typed = Q()
        for word in text.split():
            typed &= (
                Q(first_name_ar__icontains=word)
                | Q(last_name_ar__icontains=word)
                | Q(first_name_latin__icontains=word)
                | Q(last_name_latin__icontains=word)
            )
        qs = qs.filter(typed | Q(pk__in=persons_named(text).values("pk")))
    return qs


def person_get(*, scope: Scope, pk: int) -> Person:
    try:
        return person_list(scope=scope).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
