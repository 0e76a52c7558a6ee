from django import forms
from django.contrib import admin

from .criteria import registered
from .models import CriterionWeight, Weighting


class CriterionWeightForm(forms.ModelForm):
    class Meta:
        model = CriterionWeight
        fields = ("key", "weight")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"] = forms.ChoiceField(
            label=CriterionWeight._meta.get_field("key").verbose_name,
            choices=[(c.key, c.label) for c in registered()],
        )


class CriterionWeightInline(admin.TabularInline):
    model = CriterionWeight
    form = CriterionWeightForm
    extra = 0


@admin.register(Weighting)
class WeightingAdmin(admin.ModelAdmin):
    """The national organization department's weighting of the scorecards (one row)."""

    inlines = [CriterionWeightInline]
    filter_horizontal = ("required_positions",)

    def has_add_permission(self, request):
        return not Weighting.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriterionWeight)
class CriterionWeightAdmin(admin.ModelAdmin):
    """The weights, also listed on their own (the weighting's page edits them with its settings)."""

    form = CriterionWeightForm
    list_display = ("key", "weight")
    list_editable = ("weight",)

    def has_add_permission(self, request):
        return False
