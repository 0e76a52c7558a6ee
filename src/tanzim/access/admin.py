from django.contrib import admin

from .models import Account, Grant, PositionCapabilities


def _superusers_only(request) -> bool:
    # The admin reads every table without a scope: it is the platform administrator's tool, nobody else's.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "person", "created_at")
    raw_id_fields = ("person",)
    search_fields = ("user__username",)


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("user", "territory", "starts_on", "ends_on", "reason")
    raw_id_fields = ("territory",)
    list_filter = ("starts_on",)


@admin.register(PositionCapabilities)
class PositionCapabilitiesAdmin(admin.ModelAdmin):
    list_display = ("position_type", "capabilities")
