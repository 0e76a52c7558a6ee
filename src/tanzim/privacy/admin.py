from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import Consent, Erasure


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("member", "purpose", "channel", "given_on", "withdrawn_on", "recorded_by")
    list_filter = ("purpose", "channel")
    raw_id_fields = ("member",)


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ("member", "erased_at", "erased_by", "reason")
    raw_id_fields = ("member",)
