from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """Read-only: a person is shared by the registry, the offices and the logins, and is changed only through
    the services that check the writer's scope against the person's footprint, keep stored territory paths
    right and write the audit trail (the member form, the renewal, erasure)."""

    list_display = ("full_name_ar", "full_name_latin", "gender", "commune", "phone")
    list_filter = ("gender",)
    search_fields = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "phone")
    raw_id_fields = ("commune",)
