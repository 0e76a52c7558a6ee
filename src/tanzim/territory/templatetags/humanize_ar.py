from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def thousands(value):
    """A whole number with the thousands separator a reader of the active language expects (– when empty)."""
    if value in (None, ""):
        return "–"
    text = f"{int(value):,}"
    # French writes a (narrow no-break) space between thousands; Arabic pages keep Western digits with commas.
    return text.replace(",", "\u202f") if get_language() == "fr" else text
