"""The kinds of activity (the party's nomenclature) are edited here; programmes, activities and participants are
written by the services (scope, audit) and only shown."""

from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import Activity, ActivityKind, Participant, WorkProgramme


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_fr", "key", "order"]


@admin.register(WorkProgramme)
class WorkProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["title", "body", "starts_on", "ends_on"]
    list_select_related = ["body__body_type", "body__territory", "body__organization"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "body", "starts_on", "reported_on", "cancelled_on"]
    list_select_related = ["kind", "body__body_type", "body__territory", "body__organization"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["activity", "person", "attended"]
    list_select_related = ["activity__kind", "person"]
