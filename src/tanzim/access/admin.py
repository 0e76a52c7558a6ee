from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from tanzim.audit.services import audit_record

from .capabilities import Capability
from .models import Account, Grant, PositionCapabilities


def _superusers_only(request) -> bool:
    # The admin reads every table without a scope: it is the platform administrator's tool, nobody else's.
    return request.user.is_active and request.user.is_superuser


# Replaced on the default site itself (every app registers on it); mypy refuses any assignment to a method.
admin.site.has_permission = _superusers_only  # type: ignore[method-assign]

# Fields whose values never go into the audit log (a hash is still a secret).
_SECRET_FIELDS = {"password", "password1", "password2"}


class AuditedAdmin(admin.ModelAdmin):
    """Every change made in the admin to an account-related record is in the audit log, like any other write."""

    audit_name = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = list(form.changed_data) if form is not None else []
        changes = {f: str(form.cleaned_data.get(f)) for f in changed if f not in _SECRET_FIELDS}
        if _SECRET_FIELDS & set(changed):
            changes["password"] = "changed"  # noqa: S105 (a fact, not a password)
        audit_record(
            acting_user=request.user,
            action=f"{self.audit_name}.{'update' if change else 'create'}",
            target=obj,
            changes=changes,
        )

    def delete_model(self, request, obj):
        audit_record(acting_user=request.user, action=f"{self.audit_name}.delete", target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class CapabilitiesForm(forms.ModelForm):
    """Capabilities ticked from their translated names rather than typed as JSON."""

    capabilities = forms.MultipleChoiceField(
        choices=Capability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    audit_name = "account"


@admin.register(Account)
class AccountAdmin(AuditedAdmin):
    audit_name = "account"
    list_display = ("user", "person", "created_at")
    raw_id_fields = ("person",)
    search_fields = ("user__username",)


@admin.register(Grant)
class GrantAdmin(AuditedAdmin):
    audit_name = "grant"
    form = CapabilitiesForm
    list_display = ("user", "territory", "starts_on", "ends_on", "reason")
    raw_id_fields = ("territory",)
    list_filter = ("starts_on",)


@admin.register(PositionCapabilities)
class PositionCapabilitiesAdmin(AuditedAdmin):
    audit_name = "position_capabilities"
    form = CapabilitiesForm
    list_display = ("position_type", "capabilities")
