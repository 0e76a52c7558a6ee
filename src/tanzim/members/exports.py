"""The current (scoped, filtered) member list as CSV or XLSX, streamed row by row.

For people, in words: headers in the reader's language, gender, status, education and sector by their labels,
commune and province by their names, dates as dates (date cells in XLSX), the years of dues paid. For machines
(`?codes=1`): the columns' keys as headers and the stored codes (HCP codes, ISO dates).

Identity card, phone and birth date columns are written only for a reader who may see them for every row
exported (`personal=True`); otherwise the columns are left out entirely, so a file never carries blank
columns that look like missing data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import StreamingHttpResponse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .declared_years import declared_years_read

if TYPE_CHECKING:
    from .models import Member

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


@dataclass(frozen=True)
class Column:
    """One column of the file: its key (the header for machines), its header for people, and its value in words
    (labels, names, dates) and as a code (keys, HCP codes, ISO dates)."""

    key: str
    header: Callable[[], str]
    words: Callable[[Member], object]
    code: Callable[[Member], object] | None = None

    def value(self, member: Member, *, codes: bool):
        return (self.code or self.words)(member) if codes else self.words(member)


def _commune(m: Member):
    return m.person.commune if m.person.commune_id else None


def _province(m: Member):
    commune = _commune(m)
    return commune.parent if commune is not None and commune.level == "commune" else None


def _years(m: Member) -> list[int]:
    return getattr(m, "dues_years", [])


COLUMNS = (
    Column("card_number", lambda: _("Card number"), lambda m: m.card_number),
    Column("last_name_ar", lambda: _("Last name (Arabic)"), lambda m: m.person.last_name_ar),
    Column("first_name_ar", lambda: _("First name (Arabic)"), lambda m: m.person.first_name_ar),
    Column("last_name_latin", lambda: _("Last name (Latin)"), lambda m: m.person.last_name_latin),
    Column("first_name_latin", lambda: _("First name (Latin)"), lambda m: m.person.first_name_latin),
    Column("gender", lambda: _("Gender"), lambda m: m.person.get_gender_display(), lambda m: m.person.gender),
    Column("birth_date", lambda: _("Birth date"), lambda m: m.person.birth_date),
    Column("cin", lambda: _("National identity card"), lambda m: m.person.cin),
    Column("phone", lambda: _("Phone"), lambda m: m.person.phone),
    Column(
        "commune",
        lambda: _("Commune"),
        lambda m: c.name if (c := _commune(m)) else "",
        lambda m: c.code if (c := _commune(m)) else "",
    ),
    Column(
        "province",
        lambda: _("Province or prefecture"),
        lambda m: p.name if (p := _province(m)) else "",
        lambda m: p.code if (p := _province(m)) else "",
    ),
    Column("local_body", lambda: _("Local body"), lambda m: m.local_body.name if m.local_body is not None else ""),
    Column("join_date", lambda: _("Join date"), lambda m: m.join_date),
    Column("status", lambda: _("Status"), lambda m: m.get_status_display(), lambda m: m.status),
    Column("profession", lambda: _("Profession"), lambda m: m.profession),
    Column(
        "education_level",
        lambda: _("Education level"),
        lambda m: m.get_education_level_display() if m.education_level else "",
        lambda m: m.education_level,
    ),
    Column("sector", lambda: _("Sector"), lambda m: m.get_sector_display() if m.sector else "", lambda m: m.sector),
    Column(
        "dues_years",
        lambda: _("Years of dues paid"),
        lambda m: " ".join(str(y) for y in _years(m)),
        lambda m: ",".join(str(y) for y in _years(m)),
    ),
)


def columns(*, personal: bool) -> list[Column]:
    return [c for c in COLUMNS if personal or c.key not in PERSONAL_COLUMNS]


def headers(*, personal: bool = True, codes: bool = False) -> list[str]:
    """The first row: in the reader's language for people, the columns' keys for machines (`codes`)."""
    return [c.key if codes else str(c.header()) for c in columns(personal=personal)]


CHUNK = 2000


def _rows(members, scope):
    """The members with what the columns read, in chunks: commune and province, local body, and the years of dues
    the ledger knows (read through `scope`, a chunk at a time)."""
    chunk: list[Member] = []
    for member in members.select_related("person__commune__parent").iterator(chunk_size=CHUNK):
        chunk.append(member)
        if len(chunk) == CHUNK:
            yield from _with_years(chunk, scope)
            chunk = []
    yield from _with_years(chunk, scope)


def _with_years(chunk: list[Member], scope) -> list[Member]:
    years = declared_years_read(scope=scope, member_ids=[m.pk for m in chunk]) if chunk else {}
    for member in chunk:
        member.dues_years = years.get(member.pk, [])  # type: ignore[attr-defined]
    return chunk


def _text(value, *, codes: bool):
    """A CSV cell: a date as dd/mm/yyyy for people, ISO for machines."""
    if isinstance(value, dt.date):
        return value.isoformat() if codes else value.strftime("%d/%m/%Y")
    return "" if value is None else value


def export_csv(members, filename: str, *, scope, personal: bool, codes: bool = False) -> StreamingHttpResponse:
    cols = columns(personal=personal)

    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers(personal=personal, codes=codes))
        yield "\ufeff" + buffer.getvalue()
        for member in _rows(members, scope):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_inert(_text(c.value(member, codes=codes), codes=codes)) for c in cols])
            yield buffer.getvalue()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(members, filename: str, *, scope, personal: bool, codes: bool = False):
    """Dates are date cells shown dd/mm/yyyy (a spreadsheet sorts and filters them as dates); right to left for an
    Arabic reader."""
    from django.http import HttpResponse
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.sheet_view.rightToLeft = get_language_bidi()
    cols = columns(personal=personal)

    def cell(value):
        if isinstance(value, dt.date):
            # openpyxl writes a date as a date serial; its stubs name only datetime.
            written = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
            written.number_format = "yyyy-mm-dd" if codes else "dd/mm/yyyy"
            return written
        return _inert("" if value is None else value)

    sheet.append(headers(personal=personal, codes=codes))
    for member in _rows(members, scope):
        sheet.append([cell(c.value(member, codes=codes)) for c in cols])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
