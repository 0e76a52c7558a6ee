"""The safety net under the edge bounds: input they missed is a 404 or a 400, never a server error.

Ids in URLs are bounded by the `<id:…>` converter, numbers in forms by `max_value`, the API's by its field types.
Should a number past a 64-bit column still reach the database, or a NUL character reach PostgreSQL, the page
answers as for any id that names nothing (404) or any unreadable request (400). The API has the same net in
`tanzim.api.errors`.
"""

from django.core.exceptions import BadRequest
from django.db import DataError
from django.http import Http404


def out_of_range(exc: Exception) -> bool:
    """An integer the database cannot hold: OverflowError (SQLite), NumericValueOutOfRange (PostgreSQL)."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DataError) and type(exc.__cause__).__name__ == "NumericValueOutOfRange"


def nul_in_text(exc: Exception) -> bool:
    """A NUL character PostgreSQL cannot store: in a text parameter (refused by psycopg) or in JSON (by jsonb)."""
    return isinstance(exc, DataError) and any(mark in str(exc) for mark in ("NUL (0x00)", "\\u0000"))


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if out_of_range(exception):
            raise Http404 from exception
        if nul_in_text(exception):
            raise BadRequest("NUL character in the request") from exception
        return None
