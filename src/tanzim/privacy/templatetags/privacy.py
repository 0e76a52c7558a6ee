"""`{{ value|dossier_date }}`: dates of the right-of-access copy as people write them."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def dossier_date(value: str | None) -> str:
    """An ISO date or date-time of the dossier as people read it: 12/03/1990, or 25/11/2026 14:05."""
    if not value:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return parsed.strftime("%d/%m/%Y %H:%M") if "T" in value else parsed.strftime("%d/%m/%Y")
