"""Error codes: each app declares the codes it refuses with, and what each means, from its `AppConfig.ready`.

    declare_errors("members", {"card_taken": _("card number already taken"), …})
    declare_errors("organization", ErrorCode)          # a TextChoices enum declares its values and labels

A refusal carries a code for programs (the API's `{"code", "message", "field"}`, a page's test) and a message
for people. Codes form one vocabulary across the apps: a code may be declared by several apps when it names the
same refusal (`outside_scope`); the first label stays. Raising a `CodedError` (or the API's `Refusal`) with a
code nobody declared fails in development and in the tests (`TANZIM_STRICT_DECLARATIONS`), so the list of codes
the API may answer stays whole. This module sits below every app and imports none of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass
class ErrorSpec:
    code: str
    label: str | _StrPromise  # a lazy translation
    apps: set[str] = field(default_factory=set)


class UndeclaredError(ValueError):
    """A refusal raised with a code no app declared: declare it in the app's `ready` with `declare_errors`."""


_ERRORS: dict[str, ErrorSpec] = {}


def declare_errors(app: str, codes) -> None:
    """Declare `app`'s error codes: a mapping code → label, or a TextChoices class (its values and labels)."""
    items = codes.items() if isinstance(codes, Mapping) else ((c.value, c.label) for c in codes)
    for code, label in items:
        spec = _ERRORS.setdefault(str(code), ErrorSpec(code=str(code), label=label))
        spec.apps.add(app)


def forget_errors(app: str) -> None:
    """Remove what `app` declared (tests that declare a make-believe app)."""
    for code, spec in list(_ERRORS.items()):
        spec.apps.discard(app)
        if not spec.apps:
            del _ERRORS[code]


def declared_errors() -> dict[str, ErrorSpec]:
    return dict(_ERRORS)


def error_label(code: str) -> str:
    spec = _ERRORS.get(code)
    return str(spec.label) if spec is not None else code


def check_error(code: str) -> None:
    if code not in _ERRORS and getattr(settings, "TANZIM_STRICT_DECLARATIONS", settings.DEBUG):
        raise UndeclaredError(
            f"The error code {code!r} is not declared: add it to declare_errors() in the AppConfig.ready of the "
            "app that refuses with it."
        )


class CodedError(Exception):
    """A refused operation: `code` for programs, `message` in the reader's language for people."""

    def __init__(self, code: str, message):
        check_error(code)
        super().__init__(code)
        self.code = code
        self.message = message
