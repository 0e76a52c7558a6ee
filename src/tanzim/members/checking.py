"""The processes that check the batches of a large member file (importer.checking_pool starts them).

A checking process loads this module before Django is set up, so it imports nothing of the apps at its top: `start`
sets Django up (no database is touched there), takes the uploader's language and the importer's reader, and `read`
checks one batch with it.
"""

from __future__ import annotations

import pickle
from typing import Any

_reader: Any = None


def start(reader: bytes, language: str) -> None:
    import django

    django.setup()
    from django.utils import translation

    translation.activate(language)
    global _reader
    _reader = pickle.loads(reader)  # noqa: S301  (the importer's own reader, handed over by the importing process)


def read(numbers: list[int], lines: list[list], as_copy: bool) -> tuple:
    """One batch checked; with `as_copy`, its staging rows as the text of a COPY (one string to send back instead
    of thousands of tuples to pickle here and format there)."""
    if _reader is None:
        raise RuntimeError("a checking process was not started with its reader")
    return _reader.read(numbers, lines, as_copy=as_copy)
