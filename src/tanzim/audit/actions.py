"""The audit actions, each declared once by the app that writes it, with its label in the reader's language.

An app declares its actions from its `AppConfig.ready`:

    declare_actions("members", {"member.merge": _("Members merged"), …}, grouped=["member.list"])

The audit page, the copy of a person's data (right of access) and the filter of the log read the labels from here;
`audit_record` refuses, in development and in the tests, an action that no app declared (in production it writes
the row all the same: an audit row is never lost to a missing label). `grouped` actions are reads of a list: on
the audit page, consecutive rows of one reader collapse into one line with a count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    Label = str | _StrPromise  # a lazy translation, said in the reader's language when str()-ed


@dataclass(frozen=True)
class Action:
    key: str
    label: Label  # a lazy translation: str() it in the reader's language
    app: str
    grouped: bool = False


class UndeclaredAction(ValueError):
    """Code wrote an audit action no app declared: declare it, with its label, in the app's `ready`."""


_ACTIONS: dict[str, Action] = {}


def declare_actions(app: str, labels: Mapping[str, Label], *, grouped: Iterable[str] = ()) -> None:
    """Declare `app`'s audit actions (key → label). Declaring again from the same app replaces; two apps may not
    declare the same key."""
    grouped_keys = set(grouped)
    if unknown := grouped_keys - set(labels):
        raise ImproperlyConfigured(f"{app} groups audit actions it does not declare: {sorted(unknown)}")
    for key, label in labels.items():
        known = _ACTIONS.get(key)
        if known is not None and known.app != app:
            raise ImproperlyConfigured(f"The audit action {key!r} is declared by both {known.app} and {app}.")
        _ACTIONS[key] = Action(key=key, label=label, app=app, grouped=key in grouped_keys)


def forget_actions(app: str) -> None:
    """Remove what `app` declared (tests that declare a make-believe app)."""
    for key in [k for k, a in _ACTIONS.items() if a.app == app]:
        del _ACTIONS[key]


def declared_actions() -> dict[str, Action]:
    return dict(_ACTIONS)


def action_label(key: str) -> str:
    """The action as the reader calls it; an action nobody declared (an old row) shows its key."""
    action = _ACTIONS.get(key)
    return str(action.label) if action is not None else key


def is_grouped(key: str) -> bool:
    action = _ACTIONS.get(key)
    return action is not None and action.grouped


def strict() -> bool:
    """Refuse what no app declared (development and tests), rather than only write it."""
    return bool(getattr(settings, "TANZIM_STRICT_DECLARATIONS", settings.DEBUG))


def check_action(key: str) -> None:
    if key not in _ACTIONS and strict():
        raise UndeclaredAction(
            f"The audit action {key!r} is not declared: add it with its label to declare_actions() in the "
            "AppConfig.ready of the app that writes it."
        )
