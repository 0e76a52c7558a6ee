"""The audit log as officials read it: one line per act, in their words.

- Actions by their declared label (`audit.actions`).
- Changed keys by the label of the model field or of the declared key (`audit.vocabulary`): "Arabic name",
  not `name_ar`; choice codes by their label: "Not constituted", not `not_constituted`.
- Ids and codes of other records by the record's name, as the reader's scope lets them see it (each app declares
  how to name its records); an id the reader may not see is shown as hidden, never as the id.
- Reads of a list (grouped actions) by the same reader, on the same kind of list and territory, one after the
  other, collapse into one line with a count; the rows stay listed under it.
- Values of personal fields masked where the reader may not see personal data.

A page holds `PAGE` lines; the next page starts before the last row shown (`before`, a row id), so a line never
moves from one page to the other as the log grows, and a page costs the same whatever its depth.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from .actions import action_label, is_grouped
from .vocabulary import can_name, change_key, key_label, model_field, names

if TYPE_CHECKING:
    from tanzim.territory.scope import Scope

PAGE = 50
SCAN = 5000  # rows read at most for one page: a longer run of list reads goes on over the next page
CHUNK = 500
DETAIL = 20  # rows of a grouped line listed under it
MASK = "•••"
# Keys of `changes` that carry personal data (law 09-08), at any depth ("filters" → "q").
PERSONAL_KEYS = frozenset({"cin", "phone", "birth_date", "address", "q"})
_FIELDS = ("pk", "at", "actor_id", "action", "target_type", "territory_path")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

Lookup = Callable[[str, Any], "str | None"]


@dataclass
class Line:
    entry: Any  # the newest AuditEntry of the line
    count: int = 1
    oldest: dt.datetime | None = None
    action_label: str = ""
    record_label: str = ""
    record_name: str = ""
    place: str = ""
    changes: list[tuple[str, str]] = field(default_factory=list)
    rows: list[tuple[dt.datetime, list[tuple[str, str]]]] = field(default_factory=list)  # a group's rows
    more: int = 0  # rows of the group not listed


@dataclass
class Page:
    lines: list[Line]
    next_before: int | None  # the id to start the next page before, None on the last page


def _after(qs: QuerySet, at: dt.datetime, pk: int) -> QuerySet:
    """Rows that come after (at, pk) in the log's order (newest first)."""
    return qs.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))


def _scan(qs: QuerySet, limit: int) -> Iterator[tuple]:
    """The rows' light columns in the log's order, read in chunks (no offset), at most `limit`."""
    last = None
    read = 0
    while read < limit:
        chunk = list(
            (qs if last is None else _after(qs, last[1], last[0])).values_list(*_FIELDS)[: min(CHUNK, limit - read)]
        )
        yield from chunk
        read += len(chunk)
        if len(chunk) < CHUNK:
            return
        last = chunk[-1]


def _same_run(first: tuple, row: tuple) -> bool:
    """One more read of the same list by the same reader."""
    _pk, _at, actor, action, target_type, path = first
    return is_grouped(action) and actor is not None and (actor, action, target_type, path) == row[2:]


def group(qs: QuerySet, *, size: int = PAGE, limit: int = SCAN) -> tuple[list[list[tuple]], int | None]:
    """The first `size` lines of `qs` (each a list of rows' light columns) and where the next page starts."""
    lines: list[list[tuple]] = []
    read = 0
    for row in _scan(qs, limit):
        read += 1
        if lines and _same_run(lines[-1][0], row):
            lines[-1].append(row)
            continue
        if len(lines) == size:
            return lines, lines[-1][-1][0]
        lines.append([row])
    return lines, (lines[-1][-1][0] if read >= limit and lines else None)


# --- values as the reader reads them ---------------------------------------------------------------------------


def _mask(value, personal: bool):
    if personal:
        return value
    if isinstance(value, dict):
        return {
            k: (MASK if k in PERSONAL_KEYS and v not in (None, "", []) else _mask(v, False)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask(v, False) for v in value]
    return value


def _text(value, choices: dict | None = None) -> str:
    """A value as the reader reads it: a choice by its label, a date as dd/mm/yyyy, the rest as stored."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if choices and isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and (date := ISO_DATE.fullmatch(value)):
        return f"{date[3]}/{date[2]}/{date[1]}"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:159] + "…"


@dataclass(frozen=True)
class _How:
    choices: dict
    refers_to: str | tuple | None
    many: bool


def _relation(f) -> str | None:
    if f is not None and f.is_relation and f.related_model is not None:
        return f.related_model._meta.label_lower
    return None


def _how(record_type: str, key: str) -> _How:
    spec = change_key(record_type, key)
    f = model_field(record_type, key) if spec is None or spec.refers_to is None or spec.choices is None else None
    if spec is not None and spec.choices is not None:
        choices = dict(spec.choices)
    else:
        choices = dict(getattr(f, "choices", None) or ())
    refers_to = spec.refers_to if spec is not None and spec.refers_to is not None else _relation(f)
    many = bool(spec.many) if spec is not None else bool(f is not None and f.many_to_many)
    return _How(choices=choices, refers_to=refers_to, many=many)


def _scalar(value) -> bool:
    return not isinstance(value, list | dict)


def _value(value, how: _How, lookup: Lookup) -> str:
    def one(v, kind=how.refers_to) -> str:
        if v is None or v == "":
            return "–"
        if v == MASK:
            return MASK
        if isinstance(kind, str):
            return lookup(kind, v) or MASK  # a record the reader may not see: hidden, never its id
        return _text(v, how.choices)

    if isinstance(how.refers_to, tuple) and isinstance(value, list):
        items = [
            ": ".join(one(part, kind) for kind, part in zip(how.refers_to, item, strict=False) if kind is not None)
            for item in value
            if isinstance(item, list)
        ]
        return "; ".join(items) or "–"
    if isinstance(value, list) and not how.many and len(value) == 2 and all(_scalar(v) for v in value):
        return f"{one(value[0])} → {one(value[1])}"  # [old, new]
    if isinstance(value, list) and (how.refers_to or how.many):
        return ", ".join(one(v) for v in value) or "–"
    return one(value)


def change_lines(entry, *, personal: bool, lookup: Lookup) -> list[tuple[str, str]]:
    """Each changed key of a row, labelled, with "old → new" or its value; masked and named as the reader may."""
    changes = entry.changes
    if not isinstance(changes, dict):
        return [("", _text(changes))]
    lines = []
    for key, value in _mask(changes, personal).items():
        if key in PERSONAL_KEYS and not personal and value not in (None, "", []):
            value = MASK
        lines.append((key_label(entry.target_type, key), _value(value, _how(entry.target_type, key), lookup)))
    return lines


# --- the page ---------------------------------------------------------------------------------------------------


def audit_page(
    rows: QuerySet,
    *,
    scope: Scope,
    personal: Callable[[str], bool],
    record_types: dict[str, str],
    before: int | None = None,
    size: int = PAGE,
) -> Page:
    """A page of the log as lines, from the rows of `rows` (already scoped and filtered) before row `before`.

    `scope` is where the reader may see the records the rows name; `personal(path)` whether the reader may see
    personal data of a row at that territory path. A `before` the reader cannot see is a 404.
    """
    qs = rows
    if before is not None:
        at = rows.filter(pk=before).values_list("at", flat=True).first()
        if at is None:
            raise Http404
        qs = _after(rows, at, before)
    groups, next_before = group(qs, size=size)

    shown = {g[0][0] for g in groups}
    for g in groups:
        if len(g) > 1:
            shown.update(r[0] for r in g[:DETAIL])
    entries = {e.pk: e for e in rows.filter(pk__in=shown)} if shown else {}

    lines = [Line(entry=entries[g[0][0]], count=len(g), oldest=g[-1][1]) for g in groups]
    # A grouped line lists its rows (DETAIL at most) under it.
    details = [[entries[r[0]] for r in g[:DETAIL]] if len(g) > 1 else [] for g in groups]

    # Two passes: first what the rows name, then the names, read once per kind through the reader's scope.
    wanted: dict[str, set[str]] = {}

    def collect(kind: str, value) -> str:
        wanted.setdefault(kind, set()).add(str(value))
        return ""

    def fill(lookup: Lookup) -> None:
        for line, detail in zip(lines, details, strict=True):
            entry = line.entry
            is_personal = personal(entry.territory_path)
            line.changes = change_lines(entry, personal=is_personal, lookup=lookup)
            line.rows = [(e.at, change_lines(e, personal=is_personal, lookup=lookup)) for e in detail]
            line.more = line.count - len(detail) if detail else 0
            if entry.target_id and can_name(entry.target_type):
                line.record_name = lookup(entry.target_type, entry.target_id) or ""
            if entry.territory_path:
                line.place = lookup("territory.path", entry.territory_path) or ""

    fill(collect)
    found = {kind: names(kind, ids, scope) for kind, ids in wanted.items()}
    fill(lambda kind, value: found.get(kind, {}).get(str(value)))

    for line in lines:
        line.action_label = action_label(line.entry.action)
        line.record_label = record_types.get(line.entry.target_type, line.entry.target_type)
    return Page(lines=lines, next_before=next_before)
