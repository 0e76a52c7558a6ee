"""The person picker field: a type-ahead over the scoped name search, or a person added on the spot."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tanzim.members import parsing  # pure parsing rules, shared with the registry's form, import and API
from tanzim.territory.forms import COMMUNES, PlaceField
from tanzim.territory.scope import Scope

from .models import Gender
from .picker import NewPerson, persons_numbered
from .selectors import person_list
from .widgets import PersonPickerWidget, person_label


def _text(field: str, label):
    return forms.CharField(label=label, required=False, max_length=parsing.MAX_LENGTHS[field])


class NewPersonForm(forms.Form):
    """A person who is not in the registry, as the official adds them from a picker: names in Arabic (and Latin if
    known), gender, commune of residence (a place picker), and the card number when they know it."""

    first_name_ar = _text("first_name_ar", _("First name (Arabic)"))
    last_name_ar = _text("last_name_ar", _("Last name (Arabic)"))
    first_name_latin = _text("first_name_latin", _("First name (Latin)"))
    last_name_latin = _text("last_name_latin", _("Last name (Latin)"))
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    commune = PlaceField(label=_("Commune of residence"), levels=COMMUNES, required=False)
    card_number = forms.CharField(label=_("Card number (if known)"), required=False, max_length=32)

    def __init__(self, *args, scope: Scope, within_path: str = "", card: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        cast(PlaceField, self.fields["commune"]).configure(scope=scope, within_path=within_path)
        if not card:
            del self.fields["card_number"]
        for name in ("first_name_ar", "last_name_ar"):
            self.fields[name].widget.attrs["dir"] = "rtl"
        for name in ("first_name_latin", "last_name_latin"):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def is_filled(self) -> bool:
        """Did the official start adding a person? Names or a card number typed (a gender alone is no person)."""
        return any(
            str(self.data.get(self.add_prefix(name), "")).strip()
            for name in ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "card_number")
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name in ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin"):
            if name in data:
                try:
                    data[name] = parsing.parse_text(data[name], name)
                except parsing.CellError as error:
                    self.add_error(name, str(error.message))
        if not (data.get("first_name_ar") or data.get("first_name_latin")) and not self.has_error("first_name_ar"):
            self.add_error("first_name_ar", parsing.MISSING_NAME)
        if not data.get("gender"):
            self.add_error("gender", _("Choose the gender."))
        if not data.get("commune") and not self.has_error("commune"):
            self.add_error("commune", _("Choose the commune where the person lives."))
        if data.get("card_number"):
            card = data["card_number"].strip().upper()
            try:
                data["card_number"] = parsing.parse_card_number(card)
            except parsing.CellError as error:
                self.add_error("card_number", str(error.message))
        return data


class PersonPickerField(forms.Field):
    """A person of the reader's scope, picked in a type-ahead (name in either script, or card number), or added on
    the spot ("not in the registry": yields a NewPerson, which the view creates in its own transaction).

    The posted id is checked again here against the same scope as the suggestions (an id typed by hand outside it is
    a form error, never a leak); without JavaScript a card number typed in the box is read instead.
    """

    widget = PersonPickerWidget
    default_error_messages = {
        "not_found": _("This person is not among those you may choose here. Type a name and choose from the list."),
        "choose": _("Choose the person from the suggestions, or type their card number."),
        "unknown_number": _("No member with this card number in your territory."),
        "both": _("Choose a person from the registry or add a new one, not both."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.scope = Scope.nothing()
        self.within_path = ""
        self.create_scope: Scope | None = None
        self.enrol_scope: Scope | None = None
        self.holders: set[int] = set()
        self.labels: dict = {}
        self.widget.placeholder = _("Type a name or a card number")
        self._bind_widget()

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)  # type: ignore[misc]  # Field.__deepcopy__ exists; the stub omits it
        copy._bind_widget()
        return copy

    def _bind_widget(self):
        self.widget.field = self

    def configure(
        self,
        *,
        scope: Scope | None = None,
        within_path: str = "",
        capability: str = "",
        create_scope: Scope | None = None,
        enrol_scope: Scope | None = None,
        holders=(),
        labels: dict | None = None,
    ) -> PersonPickerField:
        """`scope`: whose persons may be chosen (the reader's); `within_path`: the form's narrower territory (a
        body's province); `capability`: the write the choice is for (a suggestion whose person reaches beyond the
        reader's scope of it says so); `create_scope`: where a new person may be added (None: no adding);
        `enrol_scope`: where their card number may be recorded (None: no card number); `holders`: persons who may be
        chosen although they live outside `within_path` (the office's current holders, still in `scope`); `labels`: a
        cache of the box's text by person id, shared by the rows of a form set (filled ahead by the caller)."""
        self.scope, self.within_path = scope or Scope.nothing(), within_path or ""
        self.holders = {int(pk) for pk in holders}
        self.labels = labels if labels is not None else {}
        self.create_scope, self.enrol_scope = create_scope, enrol_scope
        self.widget.query = {
            "within": self.within_path.rstrip("/").rsplit("/", 1)[-1] if self.within_path else "",
            "for": capability,
            "new": "1" if create_scope is not None else "",
        }
        return self

    def queryset(self):
        qs = person_list(scope=self.scope)
        if self.within_path:
            qs = qs.filter(Q(commune__path__startswith=self.within_path) | Q(pk__in=sorted(self.holders)))
        return qs

    def label_of(self, pk: int) -> str:
        """The box's text for a person this field may offer ("" for any other), cached."""
        if pk not in self.labels:
            person = self.queryset().filter(pk=pk).first()
            self.labels[pk] = person_label(person) if person is not None else ""
        return self.labels[pk]

    def new_form(self, data=None, prefix: str = "") -> NewPersonForm | None:
        if self.create_scope is None:
            return None
        return NewPersonForm(
            data,
            prefix=prefix,
            scope=self.create_scope,
            within_path=self.within_path,
            card=self.enrol_scope is not None,
        )

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data):
        picked, typed, new_data, prefix = data if isinstance(data, tuple) else (data, "", None, "")
        new = self.new_form(new_data, prefix) if new_data is not None else None
        if new is not None and new.is_filled():
            return True
        before = str(self.prepare_value(initial) or "")
        return str(picked or "") != before if picked else bool(str(typed or "").strip() or before)

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        return value

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def to_python(self, value):
        picked, typed, new_data, prefix = value if isinstance(value, tuple) else (value, "", None, "")
        box = new_data is not None and f"{prefix[: -len('_new')]}_q" in new_data  # the page's text box was sent
        picked, typed = str(picked or "").strip(), str(typed or "").strip()
        if picked and not (picked.isascii() and picked.isdigit()):
            picked, typed = "", picked  # what is no id is read as typed (a card number sent where the id goes)
        if picked and box and (not typed or any(c.isdigit() for c in typed)):
            # Without JavaScript the hidden id stays as the page drew it: a box emptied empties the row, and a card
            # number typed over the name (names hold no digits) replaces the person.
            picked = ""
        new = self.new_form(new_data, prefix) if new_data is not None else None
        if new is not None and new.is_filled():
            if picked:
                raise forms.ValidationError(self.error_messages["both"], code="both")
            if not new.is_valid():
                raise forms.ValidationError(_("Complete the new person's details below."), code="new_person")
            data = new.cleaned_data
            return NewPerson(
                first_name_ar=data["first_name_ar"],
                last_name_ar=data["last_name_ar"],
                first_name_latin=data["first_name_latin"],
                last_name_latin=data["last_name_latin"],
                gender=data["gender"],
                commune=data["commune"],
                card_number=data.get("card_number", ""),
            )
        if picked:
            if len(picked) > 18:
                raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
            person = self.queryset().filter(pk=int(picked)).first()
            if person is None:
                raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
            return person
        if not typed:
            return None
        if any(c.isdigit() for c in typed):
            ids = persons_numbered(typed, self.scope)
            person = self.queryset().filter(pk__in=list(ids)).first() if ids else None
            if person is None:
                raise forms.ValidationError(self.error_messages["unknown_number"], code="unknown_number")
            return person
        raise forms.ValidationError(self.error_messages["choose"], code="choose")


__all__ = ["NewPersonForm", "PersonPickerField"]
