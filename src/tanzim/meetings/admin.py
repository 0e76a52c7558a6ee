"""The nomenclature of meetings is edited here; the records are written by the services (scope, audit) and only
shown."""

from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Communique,
    Decision,
    InvitedCategory,
    Meeting,
    MeetingKind,
    MeetingRole,
    MinutesVersion,
    QuorumRule,
)


@admin.register(MeetingKind)
class MeetingKindAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_fr", "key", "order"]


@admin.register(QuorumRule)
class QuorumRuleAdmin(admin.ModelAdmin):
    list_display = ["body_type", "share_percent", "strictly_more", "proxies_count"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "body", "starts_at", "status"]
    list_select_related = ["body__body_type", "body__territory", "body__organization", "kind"]


for model in (MeetingRole, InvitedCategory, Attendance, AgendaItem, Decision, MinutesVersion, Communique):
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ["user", "body", "created_at"]
    exclude = ["token"]
