from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.dates import date_field

from .models import Category, Method
from .selectors import FILTERS
from .standing import ARREARS, EXEMPT, NEVER_PAID, UP_TO_DATE

STANDING_LABELS = {
    UP_TO_DATE: _("Up to date"),
    ARREARS: _("In arrears"),
    NEVER_PAID: _("Never paid"),
    EXEMPT: _("Exempt"),
}
PAID_METHODS = [(k, v) for k, v in Method.choices if k != Method.DECLARED]


def _year(label):
    return forms.IntegerField(
        label=label, min_value=1975, max_value=2100, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


class FilterForm(forms.Form):
    standing = forms.ChoiceField(
        label=_("Standing"), required=False, choices=[("", _("All"))] + [(k, STANDING_LABELS[k]) for k in FILTERS]
    )
    q = forms.CharField(label=_("Name or card"), required=False, max_length=80)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (MAD)"), max_digits=9, decimal_places=2, min_value=0)
    year_from = _year(_("Year"))
    year_to = _year(_("to year"))
    year_to.required = False
    method = forms.ChoiceField(label=_("Method"), choices=PAID_METHODS, initial=Method.CASH)
    entry_date = date_field(_("Date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry_date"].initial = timezone.localdate()


class BatchForm(forms.Form):
    entry_date = date_field(_("Date"))
    method = forms.ChoiceField(label=_("Method"), choices=PAID_METHODS, initial=Method.CASH)
    year_from = _year(_("Year"))
    amount = forms.DecimalField(
        label=_("Amount (MAD), empty: each member's rate"), max_digits=9, decimal_places=2, required=False
    )
    cards = forms.CharField(
        label=_("Card numbers, one per line"), widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr"}), max_length=20000
    )


class WaiverForm(forms.Form):
    year_from = _year(_("Year"))
    year_to = _year(_("to year"))
    year_to.required = False
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this entry cancelled?"), max_length=300)


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class RateForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    amount = forms.DecimalField(label=_("Amount (MAD)"), max_digits=9, decimal_places=2, min_value=0)
    applies_from = date_field(_("Applies from"))


SIDES = {"sent": _("Sent up"), "received": _("Received from below")}


class TransferForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=list(SIDES.items()))
    counterpart = forms.TypedChoiceField(label=_("From the body below"), coerce=int, required=False, choices=[])
    transfer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=10**17)
    amount = forms.DecimalField(label=_("Amount (MAD)"), max_digits=11, decimal_places=2, min_value=0)
    on = date_field(_("Date"))
    reference = forms.CharField(label=_("Reference"), max_length=80, required=False)

    def __init__(self, *args, children=(), above: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["counterpart"]).choices = [("", "—")] + [(b.pk, b.name) for b in children]
        # Only the sides this body has: a branch sends, a national treasury receives.
        sides = cast(forms.ChoiceField, self.fields["side"])
        kept = [key for key in ("sent", "received") if (key != "received" or children) and (key != "sent" or above)]
        sides.choices = [(key, SIDES[key]) for key in kept]
        if not children:
            self.fields["counterpart"].widget = forms.HiddenInput()
