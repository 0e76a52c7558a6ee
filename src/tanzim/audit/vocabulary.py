"""How the audit page says what a row holds, in the words of the officials who read it.

The `changes` of a row are keys and stored values: field names (`name_ar`), choice codes (`not_constituted`),
ids and codes of other records (a body's id, a territory's code). Each app declares, from its `AppConfig.ready`,
what the audit page needs to say them:

- `declare_change_keys(app, {key: ChangeKey(label, refers_to=…, choices=…)}, record_type=…)`: a key that is not a
  field of the record's model (or means something else there); a model's own fields need nothing, their
  `verbose_name`, choices and relations are read off the model.
- `declare_names(kind, resolver)`: how to name the records of a kind (a model label such as
  "organization.body", or a kind of code such as "territory.code"). A resolver is called with the ids (as
  strings) and the reader's scope, and answers the names of those the scope may see; an id it does not answer
  is shown as hidden, never as the id. Several apps may name the same kind (a person is visible through their
  commune, their member entry or their mandates): each answers for the ids the others left.
- `declare_record_fields(record_type, *model_labels)`: models whose fields a record's rows also name (a member's
  row names the fields of the member's person).

Nothing here knows the apps; this module imports nothing above `audit`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from tanzim.territory.scope import Scope

    Label = str | _StrPromise  # a lazy translation

# A kind of names → the names of the ids (strings) the scope may see.
Resolver = Callable[[Collection[str], "Scope"], Mapping[str, str]]


@dataclass(frozen=True)
class ChangeKey:
    """A key of `changes`: its label, and how to read its value.

    `refers_to`: the value (or each item of a list) is an id or code of that kind of record; a tuple reads a list
    of lists item by item (None: leave that item out), e.g. (None, "organization.positiontype.key",
    "people.person") for [mandate id, position key, person id]. `choices`: the value is a code of these choices.
    `many`: the value is a list of ids (otherwise a list of two is read as [old, new]).
    """

    label: Label
    refers_to: str | tuple[str | None, ...] | None = None
    choices: Iterable[tuple[str, Any]] | None = None
    many: bool = False  # a list of ids, never an [old, new] pair


_KEYS: dict[tuple[str, str], tuple[str, ChangeKey]] = {}  # (record type or "", key) → (app, key)
_NAMES: dict[str, list[tuple[str, Resolver]]] = {}
_FIELDS_OF: dict[str, tuple[str, ...]] = {}


def declare_change_keys(app: str, keys: Mapping[str, Label | ChangeKey], *, record_type: str = "") -> None:
    """Declare keys of `changes` and their labels; with `record_type`, only on that record type's rows."""
    for key, spec in keys.items():
        _KEYS[(record_type, key)] = (app, spec if isinstance(spec, ChangeKey) else ChangeKey(label=spec))


def declare_names(kind: str, resolver: Resolver, *, app: str) -> None:
    """Declare how `app` names records of `kind` for a reader (registering the same app and kind again replaces)."""
    _NAMES[kind] = [(a, r) for a, r in _NAMES.get(kind, []) if a != app] + [(app, resolver)]


def declare_record_fields(record_type: str, *model_labels: str) -> None:
    _FIELDS_OF[record_type] = tuple(model_labels)


def forget(app: str) -> None:
    """Remove what `app` declared (tests that declare a make-believe app)."""
    for k in [k for k, (a, _spec) in _KEYS.items() if a == app]:
        del _KEYS[k]
    for kind in list(_NAMES):
        _NAMES[kind] = [(a, r) for a, r in _NAMES[kind] if a != app]


def change_key(record_type: str, key: str) -> ChangeKey | None:
    found = _KEYS.get((record_type, key)) or _KEYS.get(("", key))
    return found[1] if found else None


def model_field(record_type: str, key: str):
    """The model field a key names: on the record's own model, else on the models declared beside it."""
    labels = [record_type, *_FIELDS_OF.get(record_type, ())]
    for label in labels:
        model = None
        with contextlib.suppress(LookupError, ValueError):
            model = apps.get_model(label)
        if model is None:
            continue
        try:
            return model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
    return None


def ids_of(values: Iterable[Any]) -> list[int]:
    """The values that can be database ids (a resolver by primary key filters on these only)."""
    return [int(v) for v in map(str, values) if v.isascii() and v.isdigit() and len(v) <= 18]


def can_name(kind: str) -> bool:
    return bool(_NAMES.get(kind))


def names(kind: str, ids: Iterable[Any], scope: Scope) -> dict[str, str]:
    """The names of the records of `kind` the scope may see, by id as a string; the others are absent."""
    wanted = {str(i) for i in ids if i not in (None, "")}
    found: dict[str, str] = {}
    for _app, resolver in _NAMES.get(kind, []):
        left = wanted - found.keys()
        if not left:
            break
        found.update({str(k): str(v) for k, v in resolver(left, scope).items() if str(k) in left and v})
    return found


def key_label(record_type: str, key: str) -> str:
    """A changed key as the reader calls it: the declared label, else the model field's name, else the key."""
    spec = change_key(record_type, key)
    if spec is not None:
        return str(spec.label)
    f = model_field(record_type, key)
    return str(f.verbose_name) if f is not None and hasattr(f, "verbose_name") else key
