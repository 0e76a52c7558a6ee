from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.members import parsing

from .models import ConsentChannel, ConsentPurpose


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    channel = forms.ChoiceField(label=_("Given through"), choices=ConsentChannel.choices)
    given_on = forms.CharField(label=_("Given on (dd/mm/yyyy)"), required=False)

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if not value:
            return timezone.localdate()
        try:
            return parsing.parse_date(value, today=timezone.localdate())
        except parsing.CellError as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None


class EraseForm(forms.Form):
    """An erasure is confirmed by typing the member's card number, and must say why."""

    reason = forms.CharField(
        label=_("Reason (a request of the person, the end of membership…)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    card_number = forms.CharField(label=_("Type the card number to confirm"), max_length=32)

    def __init__(self, *args, card_number: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = card_number

    def clean_card_number(self):
        typed = self.cleaned_data["card_number"].strip()
        if typed.upper() != self.expected.upper():
            raise forms.ValidationError(
                _("The card number typed is not this member's: nothing was erased."), code="mismatch"
            )
        return typed
