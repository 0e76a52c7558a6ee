from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import (
    CompetenceTag,
    DuplicateFlag,
    ElectedMandate,
    ImportConflict,
    ImportJob,
    Member,
    StatusChange,
    UnionAffiliation,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The registry is written only through its services (member form, import, merge, erasure): they check the
# writer's territory, keep the member's stored territory path right and write the audit trail. The admin reads.
class UnionInline(ReadOnlyInline):
    model = UnionAffiliation
    extra = 0


class ElectedInline(ReadOnlyInline):
    model = ElectedMandate
    extra = 0
    raw_id_fields = ("territory",)


class StatusInline(ReadOnlyInline):
    model = StatusChange
    extra = 0
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("card_number", "person", "status", "local_body", "join_date")
    list_filter = ("status", "sector")
    search_fields = ("card_number", "person__name_key", "person__cin")
    raw_id_fields = ("person", "local_body")
    readonly_fields = ("path",)
    list_select_related = ("person", "local_body__body_type", "local_body__territory", "local_body__organization")
    inlines = [UnionInline, ElectedInline, StatusInline]


@admin.register(CompetenceTag)
class CompetenceTagAdmin(admin.ModelAdmin):
    list_display = ("key", "name_ar", "name_fr")


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(ReadOnlyAdmin):
    list_display = ("first", "second", "reason", "status", "found_at")
    list_filter = ("reason", "status")
    raw_id_fields = ("first", "second")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("filename", "created_by", "created_at", "status", "rows_read", "inserted", "updated", "rejected")
    readonly_fields = [f.name for f in ImportJob._meta.fields]


# Held conflicts are decided on their own page (members/conflicts.py), through the writer's scope; here they are
# only read.
@admin.register(ImportConflict)
class ImportConflictAdmin(ReadOnlyAdmin):
    list_display = ("card_number", "member", "job", "row", "status", "created_at")
    list_select_related = ("member__person", "job")
    list_filter = ("status",)


# The rows of a member's record: each list names the member (a year of dues alone says nothing).
class MemberRowAdmin(ReadOnlyAdmin):
    list_select_related = ["member__person"]
    search_fields = ("member__card_number",)
    raw_id_fields = ("member",)


@admin.register(UnionAffiliation)
class UnionAffiliationAdmin(MemberRowAdmin):
    list_display = ("member", "union", "level", "position")


@admin.register(ElectedMandate)
class ElectedMandateAdmin(MemberRowAdmin):
    list_display = ("member", "office", "territory", "term_start", "term_end")
    list_select_related = ["member__person", "territory"]


@admin.register(StatusChange)
class StatusChangeAdmin(MemberRowAdmin):
    list_display = ("member", "status", "since")
