"""The person picker's widget: the type-ahead of territory/widgets.py, and the "not in the registry" part."""

from __future__ import annotations

from typing import Any, NamedTuple

from tanzim.territory.widgets import TypeAheadWidget


class DrawnAhead(NamedTuple):
    """A picker's value drawn by the server before anyone typed (a pasted composition's row): the chosen id, the text
    in the box, the "not in the registry" fields' initial values (names, gender, commune code, by field name), whether
    that part is open, and the suggestions to list under the box (people/suggestions.py rows)."""

    picked: str = ""
    typed: str = ""
    new_initial: dict | None = None
    new_open: bool = False
    options: tuple = ()


def person_label(person) -> str:
    """A chosen person as the box shows them: their name, and their commune to tell namesakes apart."""
    commune = getattr(person, "commune", None)
    return f"{person.full_name} — {commune.name}" if commune is not None else person.full_name


class PersonPickerWidget(TypeAheadWidget):
    template_name = "people/widgets/person_picker.html"
    route = "people:suggest"
    field: Any = None  # the PersonPickerField this widget draws (set by the field)

    def value_from_datadict(self, data, files, name):
        return (data.get(name, ""), data.get(f"{name}_q", ""), data, f"{name}_new")

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_q" not in data

    def _label(self, pk: int) -> tuple[str, str]:
        """(id, label) of a person the field may offer, "" for one it may not (the field's lookups are cached per
        form set: a renewal page labels its whole current office with one query, people.forms.PersonPickerField)."""
        label = self.field.label_of(pk) if self.field is not None else ""
        return (str(pk), label) if label else ("", "")

    def shown(self, value):
        if isinstance(value, DrawnAhead):
            return self.shown((value.picked, value.typed, None, ""))
        if isinstance(value, tuple):
            picked, typed = str(value[0] or "").strip(), str(value[1] or "").strip()
            if picked and not typed and picked.isascii() and picked.isdigit() and len(picked) <= 18:
                typed = self._label(int(picked))[1]
            return picked, typed
        if value is None or value == "":
            return "", ""
        if hasattr(value, "full_name") and getattr(value, "pk", None):
            return str(value.pk), person_label(value)
        text = str(value)
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return self._label(int(text))
        return "", ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        new = None
        ahead = value if isinstance(value, DrawnAhead) else None
        if self.field is not None:
            if ahead is not None:
                new = self.field.new_form(None, f"{name}_new")
                if new is not None:
                    new.initial = dict(ahead.new_initial or {})
            elif isinstance(value, tuple) and value[2] is not None:
                new = self.field.new_form(value[2], value[3])
                if new is not None and not new.is_filled():
                    new = self.field.new_form(None, value[3])
            else:
                new = self.field.new_form(None, f"{name}_new")
        is_open = bool(new is not None and new.is_bound and new.is_filled())
        if ahead is not None:
            is_open = bool(new is not None and ahead.new_open)
        context["widget"]["new"] = _new_person_context(new, is_open) if new is not None else None
        context["widget"]["new_open"] = is_open
        options = list(ahead.options) if ahead is not None else []
        context["widget"]["options"] = options
        context["widget"]["listed"] = bool(options)
        context["widget"]["list_id"] = f"{attrs.get('id') or ''}_list" if attrs and attrs.get("id") else ""
        return context


TEXT_DIRECTIONS = {"first_name_ar": "rtl", "last_name_ar": "rtl", "first_name_latin": "ltr", "last_name_latin": "ltr"}


def _new_person_context(form, is_open: bool) -> dict:
    """The "not in the registry" fields as plain values for person_picker.html. Drawn by hand rather than field by
    field through Django's widgets: a renewal page holds one such form per row, and its server time is budgeted."""

    def field(name):
        bound = form[name]
        value = bound.value()
        return {
            "name": form.add_prefix(name),
            "id": f"id_{form.add_prefix(name)}",
            "label": bound.label,
            "value": "" if value is None else value,
            "errors": bound.errors if is_open else [],
            "maxlength": getattr(form.fields[name], "max_length", None),
        }

    texts = []
    for name in ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "card_number"):
        if name in form.fields:
            texts.append({**field(name), "dir": TEXT_DIRECTIONS.get(name, "ltr"), "key": name})
    gender = {**field("gender"), "choices": form.fields["gender"].choices}
    commune = field("commune")
    bound = form["commune"]
    commune["widget"] = bound.field.widget.get_context(commune["name"], bound.value(), {"id": commune["id"]})["widget"]
    return {"texts": texts[:4], "card": texts[4] if len(texts) > 4 else None, "gender": gender, "commune": commune}
