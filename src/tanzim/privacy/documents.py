"""The right-of-access export as a file: JSON for machines, PDF for the person, both from `member_dossier`.

The PDF is drawn by WeasyPrint from a template with its CSS inline and the system's DejaVu Sans (which has
Arabic); the fetcher refuses every URL, so rendering never reaches the network or the file system.
"""

from __future__ import annotations

import json
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi


def dossier_json(dossier: dict[str, Any]) -> bytes:
    return json.dumps(dossier, ensure_ascii=False, indent=2).encode("utf-8")


def _refusing_fetcher():
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        """Every resource the document needs is inline: any URL (remote, file:, data:) is refused."""

        def fetch(self, url, headers=None):
            raise ValueError(f"external resources are not fetched: {url[:80]}")

    return RefusingFetcher()


def dossier_pdf(dossier: dict[str, Any]) -> bytes:
    """A PDF of the dossier in the active language: right-to-left in Arabic, left-to-right in French."""
    # Imported here: WeasyPrint loads Pango when imported, which only this export needs.
    from weasyprint import HTML

    html = render_to_string("privacy/dossier_pdf.html", {"d": dossier, "rtl": get_language_bidi()})
    return HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher()).write_pdf()
