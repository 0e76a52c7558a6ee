"""The person picker's widget: the type-ahead of territory/widgets.py, and the "not in the registry" part."""

from __future__ import annotations

from tanzim.territory.widgets import TypeAheadWidget


def person_label(person) -> str:
    """A chosen person as the box shows them: their name, and their commune to tell namesakes apart."""
    commune = getattr(person, "commune", None)
    return f"{person.full_name} — {commune.name}" if commune is not None else person.full_name


class PersonPickerWidget(TypeAheadWidget):
    template_name = "people/widgets/person_picker.html"
    route = "people:suggest"
    field = None  # the PersonPickerField this widget draws (set by the field)

    def value_from_datadict(self, data, files, name):
        return (data.get(name, ""), data.get(f"{name}_q", ""), data, f"{name}_new")

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_q" not in data

    def shown(self, value):
        if isinstance(value, tuple):
            picked, typed = str(value[0] or "").strip(), str(value[1] or "").strip()
            if picked and not typed and picked.isascii() and picked.isdigit() and len(picked) <= 18:
                person = self.field.queryset().filter(pk=int(picked)).first() if self.field else None
                typed = person_label(person) if person else ""
            return picked, typed
        if value is None or value == "":
            return "", ""
        if hasattr(value, "full_name") and getattr(value, "pk", None):
            return str(value.pk), person_label(value)
        text = str(value)
        if text.isascii() and text.isdigit() and len(text) <= 18 and self.field is not None:
            person = self.field.queryset().filter(pk=int(text)).first()
            return (text, person_label(person)) if person else ("", "")
        return "", ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        new = None
        if self.field is not None:
            if isinstance(value, tuple) and value[2] is not None:
                new = self.field.new_form(value[2], value[3])
                if new is not None and not new.is_filled():
                    new = self.field.new_form(None, value[3])
            else:
                new = self.field.new_form(None, f"{name}_new")
        context["widget"]["new"] = new
        context["widget"]["new_open"] = bool(new is not None and new.is_bound and new.is_filled())
        return context
