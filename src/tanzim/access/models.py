from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanzim.territory.scope import Scope, ScopedQuerySet

from .capabilities import Capability


class Account(models.Model):
    """A login that belongs to a person: the person's current mandates are the account's authority."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), related_name="account", on_delete=models.CASCADE
    )
    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        related_name="account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Whoever hands a login's activation link out could use it: a login is trusted no further than the territory
    # of the official who issued its last link. Its authority (from mandates and grants) is cut to that ceiling;
    # a higher official lifts it by issuing a new link (which the holder must use again). Empty: no ceiling
    # (logins made by the platform administrator or the commands).
    ceiling_paths = models.JSONField(_("trusted within"), null=True, blank=True)
    ceiling_national = models.BooleanField(_("trusted nationally"), default=False)
    # …and holds no capability beyond what that official held: capability → {"paths": [...], "national": bool},
    # where the issuer held it (a capability not named: none). Empty: no such ceiling.
    ceiling_capabilities = models.JSONField(_("trusted with"), null=True, blank=True)

    # A login is read where its person lives (the login of a person without a commune is national).
    SCOPE_PATH = "person__commune__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.user} → {self.person}" if self.person_id else str(self.user)

    @property
    def ceiling(self):
        if self.ceiling_paths is None:
            return None
        return Scope(paths=frozenset(self.ceiling_paths), national=self.ceiling_national)

    @property
    def capability_ceiling(self) -> dict[str, Scope] | None:
        """Where the login may use each capability at most (None: no ceiling of capabilities)."""
        if self.ceiling_capabilities is None:
            return None
        return {
            cap: Scope(paths=frozenset(where.get("paths", [])), national=bool(where.get("national")))
            for cap, where in self.ceiling_capabilities.items()
        }


class Grant(models.Model):
    """Authority given by name, for a time: e.g. a regional official covering two provinces until a date.

    No territory means national. A grant past its end date gives nothing, without anyone editing it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), related_name="grants", on_delete=models.CASCADE
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        help_text=_("Empty for a national grant."),
    )
    capabilities = models.JSONField(_("capabilities"), default=list)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    SCOPE_PATH = "territory__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="grant_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.territory or '—'}"


class PositionCapabilities(models.Model):
    """The party's own choice of what a position may do, replacing the defaults of `capabilities.py`."""

    position_type = models.OneToOneField(
        "organization.PositionType",
        verbose_name=_("position"),
        related_name="capabilities",
        on_delete=models.CASCADE,
    )
    capabilities = models.JSONField(_("capabilities"), default=list)

    class Meta:
        verbose_name = _("capabilities of a position")
        verbose_name_plural = _("capabilities of positions")

    def __str__(self) -> str:
        return str(self.position_type)

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = set(self.capabilities) - set(Capability.values)
        if unknown:
            raise ValidationError({"capabilities": _("Unknown capabilities: %(names)s") % {"names": sorted(unknown)}})
