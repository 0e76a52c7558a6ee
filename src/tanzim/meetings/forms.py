"""The forms of the meeting pages: what is typed comes back as typed when a service refuses."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.dates import date_field
from tanzim.organization.models import Body
from tanzim.people.forms import PersonPickerField
from tanzim.territory.capability import Capability
from tanzim.territory.forms import COMMUNES, PlaceField
from tanzim.territory.scope import Scope

from .invitations import CATEGORIES
from .models import AttendanceStatus, DecisionOutcome, MajorityBase, MeetingKind, MeetingRoleKind


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MeetingForm(forms.Form):
    body = BodyChoiceField(label=_("Body"), queryset=Body.objects.none(), empty_label="—")
    kind = forms.ModelChoiceField(label=_("Kind of meeting"), queryset=MeetingKind.objects.none(), empty_label="—")
    day = date_field(_("Date"))
    time = forms.TimeField(
        label=_("Time"),
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%H"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "16:00", "inputmode": "numeric"}),
    )
    end_time = forms.TimeField(
        label=_("End (optional)"),
        required=False,
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%H"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "18:00", "inputmode": "numeric"}),
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    venue = forms.CharField(
        label=_("Venue"),
        max_length=200,
        required=False,
        help_text=_("For example: the provincial headquarters of the party"),
    )
    commune = PlaceField(label=_("Commune"), levels=COMMUNES, required=False)
    categories = forms.MultipleChoiceField(
        label=_("Also invited"),
        choices=list(CATEGORIES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each category puts its persons on the attendance register; the office is always on it."),
    )
    opening = forms.CharField(
        label=_("Opening"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("How the meeting was opened (a word of welcome…): the first paragraph of the minutes."),
    )

    def __init__(self, *args, bodies=None, scope: Scope | None = None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        body = cast(forms.ModelChoiceField, self.fields["body"])
        body.queryset = bodies if bodies is not None else Body.objects.none()
        if editing:
            del self.fields["body"]
        cast(forms.ModelChoiceField, self.fields["kind"]).queryset = MeetingKind.objects.all()
        cast(PlaceField, self.fields["commune"]).configure(scope=scope or Scope.nothing())

    def clean(self):
        data = super().clean() or {}
        day, time, end = data.get("day"), data.get("time"), data.get("end_time")
        if day and time:
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, time))
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, end)) if end else None
        return data


class RoleForm(forms.Form):
    """A chair, framer or rapporteur: picked from the registry, or a name typed for an official of a higher body
    whom the writer's territory does not cover."""

    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *MeetingRoleKind.choices], required=False)
    person = PersonPickerField(label=_("Person"), required=False)
    name = forms.CharField(
        label=_("or the name, as typed"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    capacity = forms.CharField(
        label=_("Capacity"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "placeholder": _("e.g. regional secretary")}),
    )

    def __init__(self, *args, picker=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(PersonPickerField, self.fields["person"]).configure(**(picker or {}))

    def clean(self):
        data = super().clean() or {}
        person, name = data.get("person"), (data.get("name") or "").strip()
        if person is not None and name:
            self.add_error("name", _("Choose a person or type a name, not both."))
        if (person is not None or name) and not data.get("role"):
            self.add_error("role", _("Choose the role."))
        return data

    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return data.get("person") is None and not (data.get("name") or "").strip()


class BaseRoleFormSet(forms.BaseFormSet):
    def __init__(self, *args, picker=None, **kwargs):
        self.picker = picker
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"picker": self.picker}


RoleFormSet = cast(type[BaseRoleFormSet], forms.formset_factory(RoleForm, formset=BaseRoleFormSet, extra=0))


def role_picker(*, scope: Scope) -> dict:
    return {"scope": scope, "capability": Capability.MINUTES}


class GuestForm(forms.Form):
    person = PersonPickerField(label=_("Person of the registry"), required=False)
    guest_name = forms.CharField(
        label=_("or a guest's name"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    capacity = forms.CharField(
        label=_("Capacity"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )

    def __init__(self, *args, scope: Scope | None = None, **kwargs):
        kwargs.setdefault("prefix", "guest")
        super().__init__(*args, **kwargs)
        cast(PersonPickerField, self.fields["person"]).configure(scope=scope, capability=Capability.MINUTES)


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    minutes = forms.CharField(
        label=_("Minutes of this item"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
        help_text=_("Leave a blank line between paragraphs; start a line with “- ” to make a list."),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=4000
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect, initial="consensus"
    )
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=100_000, required=False)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=100_000, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=100_000, required=False)
    majority_base = forms.ChoiceField(
        label=_("Majority computed on"), choices=MajorityBase.choices, initial="cast", required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
