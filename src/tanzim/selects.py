"""Selects for a form repeated on one page (the rows of an office): the choices read once for every row, and the
options written out directly — below every app, imports none.

Django renders each `<option>` through a template of its own and reads a model choice field's queryset again for
every row: a renewal page of 16 seats made 17 queries and about 350 template renders for the same list of positions.
`ListedSelect` writes the same HTML (the same attributes, escaped the same way) in one pass; `ListedModelChoiceField`
draws its choices from a list the form set read once (`listed`), and still checks a submitted value against its
queryset.
"""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class ListedSelect(forms.Select):
    """A `<select>` written in Python: `select.html` and one `select_option.html` per option, without the renders."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], flatatt(option["attrs"]), option["label"]
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  (every part above was escaped by format_html)


class _ListedChoices(ModelChoiceIterator):
    """The field's choices from the list its form set read once (`field.listed`), or from its queryset."""

    def _objects(self):
        listed = getattr(self.field, "listed", None)
        return listed if listed is not None else self.queryset

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._objects():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(list(self._objects())) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(list(self._objects()))


class ListedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose options come from `listed` when a form set gives it (one query for all its rows)."""

    iterator = _ListedChoices
    widget = ListedSelect
    listed: list | None = None
