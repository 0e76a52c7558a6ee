from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanzim.dates import date_field
from tanzim.territory.forms import COMMUNES, PlaceField
from tanzim.territory.scope import Scope

from .models import Source, Status


class RecordForm(forms.Form):
    """A member's status as the branch or the member states it, on the member page."""

    status = forms.ChoiceField(label=_("Registration status"), choices=Status.choices)
    commune = PlaceField(label=_("Commune of registration"), levels=COMMUNES, required=False)
    source = forms.ChoiceField(label=_("Declared by"), choices=Source.choices, initial=Source.BRANCH)
    checked_on = date_field(_("Checked on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("checked_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        # Where one is registered is anywhere in the country (the division is public data).
        cast(PlaceField, self.fields["commune"]).configure(scope=Scope.everything())


class QuickForm(forms.Form):
    """One tap on the call list: registered or not, checked today by the branch."""

    status = forms.ChoiceField(choices=[(Status.REGISTERED, ""), (Status.NOT_REGISTERED, "")])


class CallFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("voter", "Show"),
        required=False,
        choices=[
            ("", _("Not registered or unknown")),
            (Status.NOT_REGISTERED, pgettext_lazy("voter", "Not registered")),
            (Status.UNKNOWN, pgettext_lazy("voter", "Unknown")),
        ],
    )


class TargetForm(forms.Form):
    share = forms.IntegerField(
        label=_("Share of members registered (%)"),
        min_value=1,
        max_value=100,
        initial=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    deadline = date_field(_("Deadline"))
