"""The current (scoped, filtered) member list as CSV or XLSX, streamed row by row.

Identity card, phone and birth date columns are written only for a reader who may see them for every row
exported (`personal=True`); otherwise the columns are left out entirely, so a file never carries blank
columns that look like missing data.
"""

from __future__ import annotations

import csv
import io
import re

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

COLUMNS = (
    ("card_number", lambda m: m.card_number),
    ("last_name_ar", lambda m: m.person.last_name_ar),
    ("first_name_ar", lambda m: m.person.first_name_ar),
    ("last_name_latin", lambda m: m.person.last_name_latin),
    ("first_name_latin", lambda m: m.person.first_name_latin),
    ("gender", lambda m: m.person.gender),
    ("birth_date", lambda m: m.person.birth_date.strftime("%d/%m/%Y") if m.person.birth_date else ""),
    ("cin", lambda m: m.person.cin),
    ("phone", lambda m: m.person.phone),
    ("commune", lambda m: m.person.commune.code if m.person.commune_id else ""),
    ("local_body", lambda m: m.local_body.name if m.local_body_id else ""),
    ("join_date", lambda m: m.join_date.strftime("%d/%m/%Y") if m.join_date else ""),
    ("status", lambda m: m.status),
    ("profession", lambda m: m.profession),
    ("sector", lambda m: m.sector),
)


# Personal data (law 09-08): exported only with the PERSONAL_DATA capability over every exported member.
PERSONAL_COLUMNS = frozenset({"birth_date", "cin", "phone"})


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)" typed as a name).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"\+\d{6,15}")


def _inert(value):
    """A text cell a spreadsheet shows as text: a leading quote before a formula-like start (phones excepted)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _PHONE.fullmatch(value):
        return "'" + value
    return value


def columns(*, personal: bool) -> list[tuple]:
    return [c for c in COLUMNS if personal or c[0] not in PERSONAL_COLUMNS]


def headers(*, personal: bool = True) -> list[str]:
    # The same Arabic headers the importer reads, so an export can be edited and imported back.
    from .parsing import HEADERS

    labels = {"local_body": _("local body")}
    return [HEADERS[key][0] if key in HEADERS else labels[key] for key, _getter in columns(personal=personal)]


def export_csv(members, filename: str, *, personal: bool) -> StreamingHttpResponse:
    getters = [getter for _key, getter in columns(personal=personal)]

    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers(personal=personal))
        yield "\ufeff" + buffer.getvalue()
        for member in members.iterator(chunk_size=2000):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_inert(getter(member)) for getter in getters])
            yield buffer.getvalue()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(members, filename: str, *, personal: bool):
    from django.http import HttpResponse
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.sheet_view.rightToLeft = True
    getters = [getter for _key, getter in columns(personal=personal)]
    sheet.append(headers(personal=personal))
    for member in members.iterator(chunk_size=2000):
        sheet.append([_inert(getter(member)) for getter in getters])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
