"""The forms of programmes and activities: a programme's period, an activity's plan, its report, a named
participant (a person picker), a cancellation."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tanzim.dates import date_field
from tanzim.people.forms import PersonPickerField
from tanzim.territory.capability import Capability
from tanzim.territory.forms import COMMUNES, PlaceField
from tanzim.territory.scope import Scope

from .models import ActivityKind
from .selectors import kind_list

MINUTES = Capability.MINUTES


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} — {obj.body.name}"


class ProgrammeForm(forms.Form):
    body = BodyChoiceField(label=_("Body"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = date_field(_("From (dd/mm/yyyy)"))
    ends_on = date_field(_("Until (dd/mm/yyyy)"))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(BodyChoiceField, self.fields["body"]).queryset = bodies
        self.fields["title"].widget.attrs["dir"] = "auto"


class ActivityForm(forms.Form):
    programme = ProgrammeChoiceField(label=_("Work programme"), queryset=None, required=False)
    body = BodyChoiceField(label=_("Organizing body"), queryset=None)
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=ActivityKind.objects.none())
    theme = forms.CharField(label=_("Theme"), max_length=300)
    starts_on = date_field(_("Date (dd/mm/yyyy)"))
    ends_on = date_field(_("Last day, if several (dd/mm/yyyy)"), required=False)
    starts_at = forms.TimeField(
        label=_("Time (hh:mm)"), required=False, widget=forms.TimeInput(attrs={"inputmode": "numeric"}, format="%H:%M")
    )
    commune = PlaceField(label=_("Commune"), levels=COMMUNES, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)
    planned_participants = forms.IntegerField(
        label=_("Planned participants"), min_value=0, max_value=1_000_000, required=False
    )

    def __init__(self, *args, bodies, programmes, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        cast(BodyChoiceField, self.fields["body"]).queryset = bodies
        cast(ProgrammeChoiceField, self.fields["programme"]).queryset = programmes
        cast(forms.ModelChoiceField, self.fields["kind"]).queryset = kind_list()
        cast(PlaceField, self.fields["commune"]).configure(scope=scope, capability=MINUTES)
        for name in ("theme", "venue", "partners"):
            self.fields[name].widget.attrs["dir"] = "auto"


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}))
    actual_participants = forms.IntegerField(
        label=_("Actual participants"), min_value=0, max_value=1_000_000, required=False
    )
    photo_captions = forms.CharField(
        label=_("Photo captions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class ParticipantForm(forms.Form):
    person = PersonPickerField(label=_("Person"))
    attended = forms.BooleanField(label=_("Was present"), required=False)

    def __init__(self, *args, scope: Scope, within_path: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        cast(PersonPickerField, self.fields["person"]).configure(
            scope=scope, within_path=within_path, capability=MINUTES
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
