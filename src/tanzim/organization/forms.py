from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.people.forms import PersonPickerField
from tanzim.people.selectors import person_list
from tanzim.people.widgets import person_label
from tanzim.territory.capability import Capability

from .models import Body, PositionType
from .selectors import office_current


class SeatForm(forms.Form):
    """One row of an office: a position and its holder. A row left empty (or emptied) is no seat and is ignored,
    whether it was one of the current office's rows or an extra one; a row with only one of the two is refused
    beside the missing one."""

    position_type = forms.ModelChoiceField(label=_("Position"), queryset=PositionType.objects.none(), required=False)
    person = PersonPickerField(label=_("Person"), required=False)

    def __init__(self, *args, positions=None, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position_type"].queryset = positions
        self.fields["person"].configure(**(persons or {}))

    def clean(self):
        data = super().clean()
        position, person = data.get("position_type"), data.get("person")
        if position and not person and "person" not in self.errors:
            self.add_error("person", _("Choose who holds this position, or empty the row."))
        if person and not position and "position_type" not in self.errors:
            self.add_error("position_type", _("Choose the position this person holds, or empty the row."))
        return data


class BaseSeatFormSet(forms.BaseFormSet):
    def __init__(self, *args, positions=None, persons=None, **kwargs):
        self.positions = positions
        self.persons = persons
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"positions": self.positions, "persons": self.persons}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            positions=self.positions,
            persons=self.persons,
        )
        self.add_fields(form, None)
        return form

    def seats(self):
        return [
            (f.cleaned_data["position_type"], f.cleaned_data["person"])
            for f in self.forms
            if f.cleaned_data and f.cleaned_data.get("position_type") and f.cleaned_data.get("person")
        ]


SeatFormSet = forms.formset_factory(SeatForm, formset=BaseSeatFormSet, extra=0, can_delete=False)


class RenewalForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the renewal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    supervised_by = forms.ModelChoiceField(label=_("Supervised by"), queryset=Body.objects.none(), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, supervisors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervised_by"].queryset = supervisors


def persons_for_body(*, scope, body: Body, create_scope=None, enrol_scope=None) -> dict:
    """How the person pickers of a body's office are set: persons of the reader's `scope` living in the body's
    province (a branch draws on its province; a provincial or regional body on its own territory; a national one on
    the whole scope), chosen for an office write; new persons added where `create_scope` reaches inside that
    territory, with a card number where `enrol_scope` does."""
    within = ""
    if body.territory_id:
        parts = body.territory.path.rstrip("/").split("/")
        within = "/".join(parts[:2]) + "/" if len(parts) > 2 else body.territory.path
    # The current holders stay choosable wherever they live, and their rows are labelled with one query.
    holders = list(office_current(scope=scope, body=body).values_list("person_id", flat=True))
    labels = {p.pk: person_label(p) for p in person_list(scope=scope).filter(pk__in=holders)}
    return {
        "scope": scope,
        "within_path": within,
        "capability": Capability.OFFICES_WRITE,
        "create_scope": create_scope,
        "enrol_scope": enrol_scope,
        "holders": holders,
        "labels": labels,
    }
