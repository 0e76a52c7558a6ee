"""The endorsement letter as a PDF (WeasyPrint, inline CSS, the system's DejaVu Sans, no URL fetched), in Arabic
whatever the reader's language: it is filed with the administration."""

from __future__ import annotations

from contextlib import contextmanager

from django.template.loader import render_to_string
from django.utils import translation


def _refusing_fetcher():
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"external resources are not fetched: {url[:80]}")

    return RefusingFetcher()


@contextmanager
def arabic():
    with translation.override("ar"):
        yield


def endorsement_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("elections/endorsement_pdf.html", context)
    return HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher()).write_pdf()
