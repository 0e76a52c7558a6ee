from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tanzim.dates import date_field
from tanzim.organization.models import BodyLevel
from tanzim.territory.forms import PlaceField

from .models import AssignmentState, TargetRule

RULE_CHOICES = [
    (TargetRule.COMMUNES, _("Every commune of the territory (structuring: communes without a body included)")),
    (TargetRule.SUB_BODIES, _("Every body of a level under the issuer's territory")),
    (TargetRule.BY_HAND, _("Bodies chosen by hand")),
]


class BodyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SendForm(forms.Form):
    title = forms.CharField(label=_("Directive"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_months = forms.IntegerField(label=_("Within (months)"), required=False, min_value=1, max_value=36)
    due_date = date_field(_("Or by this date"), required=False)
    rule = forms.ChoiceField(label=_("Recipients"), choices=RULE_CHOICES, widget=forms.RadioSelect, initial="communes")
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", "—"), *[(v, label) for v, label in BodyLevel.choices if v != "national"]],
    )
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organization"), queryset=None, required=False, empty_label=_("Every organization")
    )
    territory = PlaceField(label=_("Territory"), required=False, levels=("region", "province", "prefecture"))
    bodies = BodyChoice(label=_("Bodies"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organizations, bodies, scope, issuer, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(forms.ModelChoiceField, self.fields["bodies"]).queryset = bodies
        cast(PlaceField, self.fields["territory"]).configure(scope=scope, within_path=issuer.path)


class PassDownForm(forms.Form):
    title = forms.CharField(label=_("Directive"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_date = date_field(_("Due date"), required=False)
    level = forms.ChoiceField(
        label=_("Every body of a level below"),
        required=False,
        choices=[("", "—"), *[(v, label) for v, label in BodyLevel.choices if v not in ("national", "regional")]],
    )
    bodies = BodyChoice(label=_("Or these bodies"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["bodies"]).queryset = bodies


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=AssignmentState.choices)
    reason = forms.CharField(label=_("Reason for waiving"), max_length=300, required=False)


class EvidenceForm(forms.Form):
    evidence = forms.CharField(label=_("Evidence and notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Attach a file (PDF, PNG or JPEG, 5 MB at most)"), required=False)
