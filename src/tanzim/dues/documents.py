"""The receipt as a PDF (WeasyPrint, inline CSS, the system's DejaVu Sans, no URL fetched) and the ledger export
for the accounts (CSV and XLSX, columns and values as labels in the reader's language, dates dd/mm/yyyy)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _


def _refusing_fetcher():
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"external resources are not fetched: {url[:80]}")

    return RefusingFetcher()


def receipt_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("dues/receipt_pdf.html", {**context, "rtl": get_language_bidi()})
    return HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher()).write_pdf()


def _rows(entries, cancelled: set[int]):
    for e in entries:
        yield [
            e.entry_date.strftime("%d/%m/%Y"),
            e.receipt,
            e.member.card_number,
            e.payer_name or e.member.person.full_name,
            e.get_kind_display(),
            e.amount,
            e.period,
            e.get_method_display() if e.method else "",
            e.reason,
            _("cancelled") if e.pk in cancelled else "",
        ]


def _headers():
    return [
        _("Date"),
        _("Receipt"),
        _("Card"),
        _("Name"),
        _("Kind"),
        _("Amount (MAD)"),
        _("Period"),
        _("Method"),
        _("Reason"),
        _("Cancelled"),
    ]


def ledger_csv(entries, cancelled: set[int], name: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers())
    for row in _rows(entries, cancelled):
        writer.writerow([str(v) for v in row])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def ledger_xlsx(entries, cancelled: set[int], name: str) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Ledger"))
    if get_language_bidi():
        sheet.sheet_view.rightToLeft = True
    sheet.append(_headers())
    for row in _rows(entries, cancelled):
        sheet.append([float(v) if i == 5 else v for i, v in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
