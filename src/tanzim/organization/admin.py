from django import forms
from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin
from tanzim.audit.services import audit_record

from .errors import OrganizationError
from .models import Body, BodyType, Mandate, Organization, PartyProfile, PositionType, Renewal
from .services import _check_body_shape as check_body_shape
from .services import body_create


@admin.register(PartyProfile)
class PartyProfileAdmin(admin.ModelAdmin):
    list_display = ("name_ar", "name_fr", "preset")

    def has_add_permission(self, request):
        return not PartyProfile.objects.exists()


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("key", "kind", "name_ar", "name_fr", "order")


@admin.register(BodyType)
class BodyTypeAdmin(admin.ModelAdmin):
    list_display = ("key", "level", "category", "name_ar", "name_fr", "head_title_ar", "head_title_fr", "order")
    list_editable = ("name_ar", "name_fr", "head_title_ar", "head_title_fr")


@admin.register(PositionType)
class PositionTypeAdmin(admin.ModelAdmin):
    list_display = ("key", "rank", "is_head", "multi_holder", "name_ar", "name_fr")
    list_editable = ("name_ar", "name_fr")


class MandateInline(admin.TabularInline):
    """Mandates start and end by renewals (audited, checked): here they are read."""

    model = Mandate
    extra = 0
    fields = ("position_type", "person", "start_date", "end_date", "end_reason", "renewal")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BodyForm(forms.ModelForm):
    """The body service's checks (territory fits the level, parent above it) as form errors, before saving."""

    class Meta:
        model = Body
        fields = ("organization", "body_type", "territory", "parent", "label_ar", "label_fr", "status")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if self.instance.pk is None and data.get("body_type"):
            try:
                check_body_shape(
                    body_type=data["body_type"], territory=data.get("territory"), parent=data.get("parent")
                )
            except OrganizationError as error:
                raise forms.ValidationError(error.message) from None
        return data


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    form = BodyForm
    list_display = ("__str__", "organization", "body_type", "territory", "status")
    list_filter = ("organization", "body_type__level", "body_type", "status")
    search_fields = ("territory__name_ar", "territory__name_fr", "territory__code", "label_ar", "label_fr")
    raw_id_fields = ("territory", "parent")
    list_select_related = ("organization", "body_type", "territory")
    inlines = [MandateInline]
    # Where a body sits is fixed once created: its members' stored territory paths and its officials' authority
    # are read off it. A body in the wrong place is closed and another one created.
    placement = ("organization", "body_type", "territory", "parent")

    def get_readonly_fields(self, request, obj=None):
        return self.placement if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            created = body_create(
                acting_user=request.user,
                organization=obj.organization,
                body_type=obj.body_type,
                territory=obj.territory,
                parent=obj.parent,
                label_ar=obj.label_ar,
                label_fr=obj.label_fr,
                status=obj.status,
            )
            obj.pk = created.pk
            return
        super().save_model(request, obj, form, change)
        audit_record(
            acting_user=request.user,
            action="body.update",
            target=obj,
            territory_path=obj.path or "",
            changes={f: str(form.cleaned_data.get(f)) for f in form.changed_data},
        )


@admin.register(Mandate)
class MandateAdmin(ReadOnlyAdmin):
    list_display = ("person", "position_type", "body", "start_date", "end_date", "end_reason")
    list_filter = ("position_type", "end_reason")
    raw_id_fields = ("person", "body", "renewal")
    list_select_related = ("person", "position_type", "body__body_type", "body__territory", "body__organization")


@admin.register(Renewal)
class RenewalAdmin(ReadOnlyAdmin):
    list_display = ("body", "held_on", "supervised_by", "created_by")
    raw_id_fields = ("body", "supervised_by")
    list_select_related = ("body__body_type", "body__territory", "body__organization")
