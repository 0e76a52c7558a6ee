"""One date format in both languages: dd/mm/yyyy, typed and shown the same way — below every app, imports none.

A browser's date picker shows the browser's own format (mm/dd/yyyy in many), whatever the page's language; a date
field of Tanzim is a text field that shows and reads dd/mm/yyyy (and still takes yyyy-mm-dd, as a program or an
older link sends it).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
# The years a party's records hold: a birth date in 1900, a meeting or a deadline before 2100. A date outside is a
# slip of the thumb (31/12/9999), refused with the date kept in the field, never stored.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)


class DayMonthYearInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        shown = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off", "class": "date"}
        super().__init__(attrs={**shown, **(attrs or {})}, format="%d/%m/%Y")


class DayMonthYearField(forms.DateField):
    """A date shown and read as dd/mm/yyyy, between 1900 and 2099."""

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                _("Choose a day between %(first)s and %(last)s."),
                code="date_out_of_range",
                params={"first": FIRST_DAY.strftime("%d/%m/%Y"), "last": LAST_DAY.strftime("%d/%m/%Y")},
            )


def date_field(label, **kwargs) -> forms.DateField:
    """A date field shown and read as dd/mm/yyyy, bounded to the years a party's records hold."""
    return DayMonthYearField(label=label, widget=DayMonthYearInput(), input_formats=INPUT_FORMATS, **kwargs)
