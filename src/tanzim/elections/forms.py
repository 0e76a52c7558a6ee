"""The forms of the elections pages: a proposal (constituency, proposing body, a person picker), a decision, a
filing date, a result."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanzim.dates import date_field
from tanzim.people.forms import PersonPickerField
from tanzim.territory.capability import Capability
from tanzim.territory.scope import Scope

from .models import DocumentKind


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ProposeForm(forms.Form):
    constituency = NamedChoiceField(label=_("Constituency"), queryset=None)
    body = NamedChoiceField(label=_("Proposing body"), queryset=None)
    person = PersonPickerField(label=_("Candidate"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, constituencies, bodies, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        cast(NamedChoiceField, self.fields["constituency"]).queryset = constituencies
        cast(NamedChoiceField, self.fields["body"]).queryset = bodies
        cast(PersonPickerField, self.fields["person"]).configure(scope=scope, capability=Capability.MEMBERS_WRITE)
        self.fields["note"].widget.attrs["dir"] = "auto"


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (required for a rejection)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["dir"] = "auto"


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    received_on = date_field(_("Received on (dd/mm/yyyy)"))


class ResultForm(forms.Form):
    votes = forms.IntegerField(label=_("Votes"), min_value=0, max_value=100_000_000)
    seats_won = forms.IntegerField(label=pgettext_lazy("election result", "Seats won"), min_value=0, max_value=500)
