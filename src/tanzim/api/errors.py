"""One shape for every refusal of the API: `{"code": str, "message": str, "field": str | null}`.

`code` is stable, for programs; `message` is for people, in the reader's language (Arabic unless the request asks
for French); `field` names the input at fault (a body field as a dotted path, "seats.0.person_id", or a query or
path parameter), null when no single input is. `install(api)` turns every way an operation can be refused into
that shape: its own `Refusal`, ninja's validation errors, ninja's `HttpError` (401, a failed CSRF check, a body
that is not JSON), Django's `Http404` and `PermissionDenied`, an unreadable multipart body. `tanzim.api.middleware`
does the same for the answers given before any operation runs (no such route, a method not allowed).

Ids and counts are bounded here, at the edge: a number past a 64-bit column is refused with the field named,
instead of reaching the database and failing there.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import DataError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import BeforeValidator

from tanzim.config.bad_input import nul_in_text, out_of_range
from tanzim.config.converters import MAX_ID
from tanzim.errors import check_error, declare_errors

# A database id (path, query or body) and a count or offset: within a 64-bit column.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_ID)]


def _iso_day(value):
    """A day as the schema documents it, YYYY-MM-DD; not a number read as seconds since 1970."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date is written YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


# A date in a query or a body: YYYY-MM-DD only (pydantic alone also takes "0" as 01/01/1970).
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


class ApiError(Schema):
    """Every 4xx answer of the API."""

    code: str = Field(description="Stable error code, e.g. not_found, forbidden, invalid, too_long")
    message: str = Field(description="What is wrong, in the reader's language")
    field: str | None = Field(None, description="The input at fault (a dotted path into the body), or null")


# Declared on every operation, so the OpenAPI document says what a refusal looks like (401: not signed in).
ERRORS = {400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError}


class Refusal(Exception):
    """An operation's own refusal: answered in the error shape with this status (422 unless told)."""

    def __init__(self, code: str, message, *, field: str | None = None, status: int = 422):
        check_error(code)
        super().__init__(code)
        self.code = code
        self.message = message
        self.field = field
        self.status = status


def error_body(code: str, message, field: str | None = None) -> dict:
    return {"code": code, "message": str(message), "field": field}


# The codes the API answers by itself (the apps declare theirs from their `ready`). Their labels are the
# messages, which say no more than the code.
_STATUS_MESSAGES = {
    400: ("bad_request", gettext_lazy("The request cannot be read: send the body as JSON.")),
    401: ("unauthenticated", gettext_lazy("Sign in to use the API.")),
    403: ("forbidden", gettext_lazy("Your responsibilities do not include this action here.")),
    404: ("not_found", gettext_lazy("Nothing was found at this address.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed at this address.")),
    413: ("too_large", gettext_lazy("The request is too large.")),
    422: ("invalid", gettext_lazy("This value is not valid.")),
    429: ("throttled", gettext_lazy("Too many requests: wait a moment and try again.")),
}
_REFUSED = ("refused", gettext_lazy("The request was refused."))
declare_errors(
    "api",
    {
        **dict(_STATUS_MESSAGES.values()),
        _REFUSED[0]: _REFUSED[1],
        "csrf_failed": gettext_lazy("The request was refused: its security token (CSRF) is missing or wrong."),
        "control_character": gettext_lazy("A value holds a NUL character."),
    },
)


def status_error(status: int) -> tuple[str, str]:
    """(code, message) of a refusal that says no more than its HTTP status."""
    code, message = _STATUS_MESSAGES.get(status, _REFUSED)
    return code, str(message)


def _validation_message(error: dict) -> str:
    """A pydantic error in the reader's language, by its type (its own text is English)."""
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("This number is out of range.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind.startswith(("date", "datetime")):
        return _("Enter a date as yyyy-mm-dd.")
    if kind in ("enum", "literal_error"):
        return _("Choose one of the allowed values.")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("This value has the wrong type.")
    return _("This value is not valid.")


_SOURCES = {"query", "path", "body", "form", "file", "header", "cookie"}


def _validation_field(error: dict) -> str | None:
    """The dotted path of the input at fault: ('body', 'payload', 'seats', 0, 'person_id') → "seats.0.person_id"."""
    loc = list(error.get("loc", ()))
    source = loc.pop(0) if loc and loc[0] in _SOURCES else None
    if source == "body" and loc:
        loc.pop(0)  # the operation's name for its body ("payload"), which the caller never sees
    return ".".join(str(part) for part in loc) or None


def install(api) -> None:
    """Answer every refusal of `api` in the error shape."""

    def respond(request, status: int, code: str, message, field: str | None = None):
        return api.create_response(request, error_body(code, message, field), status=status)

    @api.exception_handler(Refusal)
    def refusal(request, exc: Refusal):
        return respond(request, exc.status, exc.code, exc.message, exc.field)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        first = exc.errors[0] if exc.errors else {}
        return respond(request, 422, "invalid", _validation_message(first), _validation_field(first))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        return respond(request, 401, *status_error(401))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 403 and str(exc).startswith("CSRF"):
            message = _("The request was refused: its security token (CSRF) is missing or wrong.")
            return respond(request, 403, "csrf_failed", message)
        # ninja's own texts are English: the status says it in the reader's language.
        return respond(request, exc.status_code, *status_error(exc.status_code))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        code, message = status_error(403)
        # A refusal that names its reason (a person a higher body holds) keeps its own code.
        return respond(request, 403, getattr(exc, "code", None) or code, str(exc) or message)

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, *status_error(404))

    @api.exception_handler(MultiPartParserError)
    def unreadable_multipart(request, exc: MultiPartParserError):
        return respond(request, 400, *status_error(400))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc: SuspiciousOperation):
        return respond(request, 400, *status_error(400))

    # Safety nets: the bounds above keep these from happening; if one still does, it is no server error.

    @api.exception_handler(OverflowError)
    def overflow(request, exc: OverflowError):
        return respond(request, 404, *status_error(404))

    @api.exception_handler(DataError)
    def data_error(request, exc: DataError):
        if out_of_range(exc):
            return respond(request, 404, *status_error(404))
        if nul_in_text(exc):
            return respond(request, 400, "control_character", _("A value holds a NUL character."))
        raise exc
