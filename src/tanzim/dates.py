"""One date format in both languages: dd/mm/yyyy, typed and shown the same way — below every app, imports none.

A browser's date picker shows the browser's own format (mm/dd/yyyy in many), whatever the page's language; a date
field of Tanzim is a text field that shows and reads dd/mm/yyyy (and still takes yyyy-mm-dd, as a program or an
older link sends it).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DayMonthYearInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        shown = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off", "class": "date"}
        super().__init__(attrs={**shown, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label, **kwargs) -> forms.DateField:
    """A date field shown and read as dd/mm/yyyy."""
    return forms.DateField(label=label, widget=DayMonthYearInput(), input_formats=INPUT_FORMATS, **kwargs)
