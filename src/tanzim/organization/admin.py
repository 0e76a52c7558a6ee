from django.contrib import admin

from .models import Body, BodyType, Mandate, Organization, PartyProfile, PositionType, Renewal


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
    model = Mandate
    extra = 0
    raw_id_fields = ("person", "renewal")
    fields = ("position_type", "person", "start_date", "end_date", "end_reason", "renewal")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization", "body_type", "territory", "status")
    list_filter = ("organization", "body_type__level", "body_type", "status")
    search_fields = ("territory__name_ar", "territory__name_fr", "territory__code", "label_ar", "label_fr")
    raw_id_fields = ("territory", "parent")
    list_select_related = ("organization", "body_type", "territory")
    inlines = [MandateInline]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ("person", "position_type", "body", "start_date", "end_date", "end_reason")
    list_filter = ("position_type", "end_reason")
    raw_id_fields = ("person", "body", "renewal")
    list_select_related = ("person", "position_type", "body__body_type", "body__territory", "body__organization")


@admin.register(Renewal)
class RenewalAdmin(admin.ModelAdmin):
    list_display = ("body", "held_on", "supervised_by", "created_by")
    raw_id_fields = ("body", "supervised_by")
    list_select_related = ("body__body_type", "body__territory", "body__organization")
