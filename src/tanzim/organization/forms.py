from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.dates import date_field
from tanzim.people.forms import PersonPickerField
from tanzim.people.selectors import person_list
from tanzim.people.widgets import person_label
from tanzim.selects import ListedModelChoiceField
from tanzim.territory.capability import Capability

from .models import Body, EndReason, Mandate, OfficeChangeKind, PositionType
from .selectors import office_current


class PositionChoiceField(ListedModelChoiceField):
    """Positions named as the body's page names them: the head by the body type's title ("رئيس المجلس الإقليمي"
    for a provincial council, not the office's "الكاتب")."""

    head_title = ""

    def label_from_instance(self, obj):
        return (obj.is_head and self.head_title) or obj.label()


class SeatForm(forms.Form):
    """One row of an office: a position and its holder. A row left empty (or emptied) is no seat and is ignored,
    whether it was one of the current office's rows or an extra one; a row with only one of the two is refused
    beside the missing one."""

    position_type = PositionChoiceField(label=_("Position"), queryset=PositionType.objects.none(), required=False)
    person = PersonPickerField(label=_("Person"), required=False)

    def __init__(self, *args, positions=None, persons=None, head_title: str = "", listed=None, **kwargs):
        super().__init__(*args, **kwargs)
        position = cast(PositionChoiceField, self.fields["position_type"])
        position.queryset = positions
        position.head_title = head_title
        position.listed = listed  # the positions read once for every row of the form set
        cast(PersonPickerField, self.fields["person"]).configure(**(persons or {}))

    @property
    def row_index(self) -> str:
        """The row's index in the formset ("__prefix__" for the template of a new row)."""
        return (self.prefix or "").rsplit("-", 1)[-1]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        position, person = data.get("position_type"), data.get("person")
        if position and not person and "person" not in self.errors:
            self.add_error("person", _("Choose who holds this position, or empty the row."))
        if person and not position and "position_type" not in self.errors:
            self.add_error("position_type", _("Choose the position this person holds, or empty the row."))
        return data


class BaseSeatFormSet(forms.BaseFormSet):
    def __init__(self, *args, positions=None, persons=None, head_title: str = "", **kwargs):
        self.positions = positions
        self.listed = list(positions) if positions is not None else None
        self.persons = persons
        self.head_title = head_title
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            "positions": self.positions,
            "persons": self.persons,
            "head_title": self.head_title,
            "listed": self.listed,
        }

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            positions=self.positions,
            persons=self.persons,
            head_title=self.head_title,
            listed=self.listed,
        )
        self.add_fields(form, None)
        return form

    def filled(self):
        """The rows that make a seat, in the order of the page: (row form, position, person). The index of a seat
        in this list is the `row` a service's refusal names."""
        return [
            (f, f.cleaned_data["position_type"], f.cleaned_data["person"])
            for f in self.forms
            if f.cleaned_data and f.cleaned_data.get("position_type") and f.cleaned_data.get("person")
        ]

    def seats(self):
        return [(position, person) for _form, position, person in self.filled()]


# The factory's class is a subclass of the `formset` given; the stub says only BaseFormSet.
SeatFormSet = cast(
    type[BaseSeatFormSet], forms.formset_factory(SeatForm, formset=BaseSeatFormSet, extra=0, can_delete=False)
)


class FramerChoiceField(forms.ModelMultipleChoiceField):
    """An official of a body above, by the mandate they hold: "name — title, body"."""

    def label_from_instance(self, obj):
        return _("%(person)s — %(title)s, %(body)s") % {
            "person": obj.person.full_name,
            "title": obj.title,
            "body": obj.body.name,
        }


def _date_field(label):
    return date_field(label, initial=timezone.localdate)


class RenewalForm(forms.Form):
    held_on = _date_field(_("Date of the renewal"))
    supervised_by = forms.ModelChoiceField(label=_("Supervised by"), queryset=Body.objects.none(), required=False)
    framed_by = FramerChoiceField(
        label=_("Framed by"),
        help_text=_("The officials of the bodies above who framed the renewal."),
        queryset=Mandate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, supervisors=None, framers=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["supervised_by"]).queryset = supervisors
        framed_by = cast(forms.ModelMultipleChoiceField, self.fields["framed_by"])
        framed_by.queryset = framers if framers is not None else Mandate.objects.none()


class AdditionForm(forms.Form):
    """Persons added to an office between renewals: when, how (co-opted or appointed), and a note."""

    held_on = _date_field(_("Date of the decision"))
    kind = forms.ChoiceField(
        label=_("Added by"),
        choices=[
            (OfficeChangeKind.CO_OPTION.value, _("Co-option")),
            (OfficeChangeKind.APPOINTMENT.value, _("Appointment")),
        ],
        initial=OfficeChangeKind.CO_OPTION.value,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


# Why one mandate ends between renewals (a renewal ends them all, with its own reason).
END_REASONS = [
    (EndReason.RESIGNED.value, _("Resignation")),
    (EndReason.DECEASED.value, _("Death")),
    (EndReason.DISMISSED.value, _("Dismissal")),
    (EndReason.OTHER.value, _("Other")),
]


class MandateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s: %(person)s") % {"title": obj.title, "person": obj.person.full_name}


class EndMandateForm(forms.Form):
    mandate = MandateChoiceField(label=_("Mandate"), queryset=Mandate.objects.none(), empty_label="—")
    end_date = _date_field(_("Date of the end"))
    reason = forms.ChoiceField(label=_("Reason"), choices=END_REASONS, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, mandates=None, **kwargs):
        kwargs.setdefault("prefix", "end")
        super().__init__(*args, **kwargs)
        mandate = cast(forms.ModelChoiceField, self.fields["mandate"])
        mandate.queryset = mandates if mandates is not None else Mandate.objects.none()


def persons_for_body(*, scope, body: Body, create_scope=None, enrol_scope=None) -> dict:
    """How the person pickers of a body's office are set: persons of the reader's `scope` living in the body's
    province (a branch draws on its province; a provincial or regional body on its own territory; a national one on
    the whole scope), chosen for an office write; new persons added where `create_scope` reaches inside that
    territory, with a card number where `enrol_scope` does."""
    within = ""
    if body.territory is not None:
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
