"""Reads of persons, always through a scope (a person lies where their commune lies)."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from tanzim.arabic import name_key
from tanzim.arabic.sound import FROM_ARABIC, FROM_LATIN, sounds
from tanzim.territory.scope import Scope

from .models import Person

# A query's readings are looked for among the other script's names: a Latin word's among Arabic names', and back.
_OTHER_SCRIPT = {FROM_ARABIC: FROM_LATIN, FROM_LATIN: FROM_ARABIC}


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
