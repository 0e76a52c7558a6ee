"""The current (scoped, filtered) member list as CSV or XLSX, streamed row by row."""

from __future__ import annotations

import csv
import io

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
    ("commune", lambda m: m.person.commune.code if m.person.commune_id else ""),
    ("local_body", lambda m: m.local_body.name if m.local_body_id else ""),
    ("join_date", lambda m: m.join_date.strftime("%d/%m/%Y") if m.join_date else ""),
    ("status", lambda m: m.status),
    ("profession", lambda m: m.profession),
    ("sector", lambda m: m.sector),
)


def headers() -> list[str]:
    # The same Arabic headers the importer reads, so an export can be edited and imported back.
    from .parsing import HEADERS

    labels = {"local_body": _("local body")}
    return [HEADERS[key][0] if key in HEADERS else labels[key] for key, _getter in COLUMNS]


def export_csv(members, filename: str) -> StreamingHttpResponse:
    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers())
        yield "\ufeff" + buffer.getvalue()
        for member in members.iterator(chunk_size=2000):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([getter(member) for _key, getter in COLUMNS])
            yield buffer.getvalue()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(members, filename: str):
    from django.http import HttpResponse
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.sheet_view.rightToLeft = True
    sheet.append(headers())
    for member in members.iterator(chunk_size=2000):
        sheet.append([getter(member) for _key, getter in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
