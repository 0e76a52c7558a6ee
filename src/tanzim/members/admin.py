from django.contrib import admin

from .models import (
    CompetenceTag,
    DuesPayment,
    DuplicateFlag,
    ElectedMandate,
    ImportJob,
    Member,
    StatusChange,
    UnionAffiliation,
)


class DuesInline(admin.TabularInline):
    model = DuesPayment
    extra = 0


class UnionInline(admin.TabularInline):
    model = UnionAffiliation
    extra = 0


class ElectedInline(admin.TabularInline):
    model = ElectedMandate
    extra = 0
    raw_id_fields = ("territory",)


class StatusInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("card_number", "person", "status", "local_body", "join_date")
    list_filter = ("status", "sector")
    search_fields = ("card_number", "person__name_key", "person__cin")
    raw_id_fields = ("person", "local_body")
    readonly_fields = ("path",)
    list_select_related = ("person", "local_body__body_type", "local_body__territory", "local_body__organization")
    inlines = [DuesInline, UnionInline, ElectedInline, StatusInline]


@admin.register(CompetenceTag)
class CompetenceTagAdmin(admin.ModelAdmin):
    list_display = ("key", "name_ar", "name_fr")


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(admin.ModelAdmin):
    list_display = ("first", "second", "reason", "status", "found_at")
    list_filter = ("reason", "status")
    raw_id_fields = ("first", "second")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("filename", "created_by", "created_at", "status", "rows_read", "inserted", "updated", "rejected")
    readonly_fields = [f.name for f in ImportJob._meta.fields]


admin.site.register(DuesPayment)
admin.site.register(UnionAffiliation)
admin.site.register(ElectedMandate)
admin.site.register(StatusChange)
