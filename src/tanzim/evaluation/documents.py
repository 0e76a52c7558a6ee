"""The province report as a PDF, drawn by WeasyPrint like the right-of-access copy (privacy/documents.py): CSS
inline, the system's DejaVu Sans (it has Arabic), the charts as inline SVG, and a fetcher that refuses every URL."""

from __future__ import annotations

from django.template.loader import render_to_string

from tanzim.privacy.documents import _refusing_fetcher


def report_pdf(data: dict, *, rtl: bool) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a report is drawn

    html = render_to_string("evaluation/report_pdf.html", {**data, "rtl": rtl})
    return HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher()).write_pdf()
