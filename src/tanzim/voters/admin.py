"""The drive's statements and targets are written only through their services (scope, history, audit): the admin
reads them. The revisions' calendars are national data the administration edits, saved through the service (so
audited)."""

from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin
from tanzim.territory.scope import Scope

from .models import Registration, Revision, Statement, Target
from .services import revision_save

DATES = [
    "requests_until",
    "commissions_from",
    "commissions_until",
    "provisional_tables_on",
    "appeals_until",
    "final_tables_on",
    "closes_on",
]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("year", "requests_until", "commissions_from", "commissions_until", "final_tables_on", "closes_on")
    fields = ["year", *DATES]

    def save_model(self, request, obj, form, change):
        saved = revision_save(
            acting_user=request.user, scope=Scope.everything(), year=obj.year, **{d: getattr(obj, d) for d in DATES}
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # targets point at a revision; a wrong one is corrected, not removed


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("member", "status", "commune", "source", "checked_on", "recorded_at")
    list_select_related = ("member", "commune")


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("member", "status", "checked_on")
    list_select_related = ("member",)


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ("body", "revision", "share", "deadline")
    list_select_related = ("body", "revision")
