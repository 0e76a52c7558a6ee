"""Type-ahead widgets: a visible text box and the hidden value it stands for.

The hidden input carries the field's own name and the value a form reads (an HCP code, a person's id); the text box,
named `<name>_q`, is what the reader types and sees. picker.js (static, no inline script: the Content-Security-Policy
allows none) asks the widget's `data-source` for suggestions as the reader types, through event delegation on the
document, so a picker in a row added later by another script works as well. Without JavaScript the text box is sent
as typed and the field reads it itself (a code, a unique name, a card number).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.functional import Promise


class TypeAheadWidget(forms.Widget):
    template_name = "territory/widgets/type_ahead.html"
    route = ""  # the suggestion endpoint's URL name

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.query: dict[str, str] = {}
        self.placeholder: str | Promise = ""

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.query = dict(self.query)
        return copy

    def value_from_datadict(self, data, files, name):
        return (data.get(name, ""), data.get(f"{name}_q", ""))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_q" not in data

    def source(self) -> str:
        query = {k: v for k, v in self.query.items() if v}
        return reverse(self.route) + "?" + urlencode(query)

    def shown(self, value) -> tuple[str, str]:
        """(hidden value, text shown) for what the form holds: a bound pair as sent, or an initial value."""
        if isinstance(value, (tuple, list)):
            return (str(value[0] or ""), str(value[1] or ""))
        return (str(value or ""), "")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        hidden, text = self.shown(value)
        # What Django adds for the form (required, aria-invalid, aria-describedby…) goes on the text box.
        box_attrs = [(k, v) for k, v in context["widget"]["attrs"].items() if k != "id" and v is not False]
        context["widget"].update(
            {
                "hidden": hidden,
                "text": text,
                "source": self.source(),
                "placeholder": self.placeholder,
                "box_attrs": box_attrs,
            }
        )
        return context


class PlaceWidget(TypeAheadWidget):
    route = "territory:suggest"

    def __init__(self, attrs=None, labels=None):
        super().__init__(attrs)
        self.labels = labels  # code -> label, for an initial code (filled by the field)

    def shown(self, value):
        hidden, text = super().shown(value)
        if hidden and not text and self.labels is not None:
            text = self.labels(hidden) or hidden
        return hidden, text
