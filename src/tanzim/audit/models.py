from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    def visible_to(self, scope) -> models.QuerySet:
        """Rows the scope covers (duck-typed `territory.scope.Scope`: this app imports nothing above it)."""
        return scope.filter(self, AuditEntry.SCOPE_PATH)


class AuditEntry(models.Model):
    """Who did what to which record, with the old and new values. Rows are never updated or deleted."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("record type"), max_length=64)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    # Territory path of the record, so the log can later be read through the same scope as the record.
    territory_path = models.CharField(_("territory path"), max_length=64, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    SCOPE_PATH = "territory_path"
    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")
