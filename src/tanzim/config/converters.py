"""The `<id:…>` path converter: a database id in a URL, at most 18 digits.

Ids are 64-bit integers (at most 2^63 - 1, 19 digits). A longer number cannot name a row: with `<int:…>` it reached
the database and failed there (OverflowError on SQLite, NumericValueOutOfRange on PostgreSQL), a server error.
Eighteen digits always fit, so such a URL simply matches no route: 404. Every urls.py, and the API's paths
(`{id:body_id}`), use this converter for ids instead of `int`.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest value of a 64-bit id column (bigint, SQLite INTEGER)


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
