"""What a type-ahead's suggestion endpoint reads from its query string, the same way for places and persons."""

from __future__ import annotations

import contextlib

from django.http import Http404

from .capability import Capability
from .models import Level
from .scope import Scope
from .selectors import territory_get


def reading_scope(request) -> Scope:
    """The reader's scope for this picker: their reading scope, or with `for=<capability>` the narrower scope of that
    capability (a member's commune is chosen where they may write members). Never wider than the reading scope."""
    wanted = request.GET.get("for", "")
    if wanted in Capability.values:
        return request.authority.scope(wanted).intersection(request.scope)
    return request.scope


def within_path(request) -> str | None:
    """The form's narrower territory (`within=<HCP code>`, e.g. a body's province) as a path; "" without one; None
    when the code names no unit the reader may see (the picker then suggests nothing)."""
    code = request.GET.get("within", "").strip()
    if not code:
        return ""
    if not (code.isascii() and code.replace(".", "").isdigit() and len(code) <= 24):
        return None
    with contextlib.suppress(Http404):
        return territory_get(scope=request.scope, code=code).path
    return None


def levels(request) -> tuple[str, ...]:
    asked = request.GET.get("levels", "").split(",")
    return tuple(level for level in asked if level in Level.values)
