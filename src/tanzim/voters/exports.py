"""The call list as a spreadsheet (CSV or XLSX): who to call, their phone when the reader may see phones for
every member of the file, and what is known of their registration. Headers in the reader's language."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .selectors import current_status

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text a spreadsheet shows as text (a leading quote before what it would run as a formula; phones kept)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA) and not (text.startswith("+") and text[1:].isdigit()):
        return "'" + text
    return text


def _headers(personal: bool) -> list[str]:
    heads = [_("Card number"), _("Last name (Arabic)"), _("First name (Arabic)"), _("Last name (Latin)")]
    heads += [_("First name (Latin)")]
    if personal:
        heads.append(_("Phone"))
    return heads + [_("Commune"), _("Registration status"), _("Checked on")]


def _row(member, personal: bool, labels: dict) -> list[str]:
    person = member.person
    row = [member.card_number, person.last_name_ar, person.first_name_ar, person.last_name_latin]
    row.append(person.first_name_latin)
    if personal:
        row.append(person.phone)
    reg = getattr(member, "voter_registration", None) if hasattr(member, "voter_registration") else None
    checked = reg.checked_on.strftime("%d/%m/%Y") if reg is not None else ""
    commune = person.commune.name if person.commune_id else ""
    return [_cell(v) for v in [*row, commune, str(labels[current_status(member)]), checked]]


def _members(members):
    return members.select_related("person__commune").iterator(chunk_size=2000)


def call_list_csv(members, name: str, *, personal: bool, labels: dict) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(_headers(personal))
    for member in _members(members):
        writer.writerow(_row(member, personal, labels))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def call_list_xlsx(members, name: str, *, personal: bool, labels: dict) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.sheet_view.rightToLeft = get_language_bidi()
    sheet.append(_headers(personal))
    for member in _members(members):
        sheet.append(_row(member, personal, labels))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
