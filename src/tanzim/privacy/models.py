"""The records of law 09-08 (protection of personal data): a member's consents, and the mark of an erasure.

They were first written in `access`; their tables keep the names they had there (`access_consent`,
`access_erasure`), so moving them changed no row (migrations: access 0004, privacy 0001).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    """What a member agreed to (law 09-08, art. 4: consent is given for a stated purpose)."""

    REGISTRY = "registry", _("Keeping my entry in the membership registry")
    COMMUNICATION = "communication", _("Being contacted by the party (calls, messages, mail)")
    PUBLICATION = "publication", _("Publication of my name in communiqués and lists")


class ConsentChannel(models.TextChoices):
    PAPER = "paper", _("Paper form")
    ONLINE = "online", _("Online form")
    MEETING = "meeting", _("Verbally, at a meeting")
    IMPORT = "import", _("Import of a file")


class Consent(models.Model):
    """A member's consent to one purpose: when and how it was given, and when it was withdrawn.

    A withdrawn consent stays as proof of what was agreed and when; it holds no identity of its own, so an
    erasure keeps it.
    """

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), related_name="consents", on_delete=models.CASCADE
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=ConsentChannel.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "access_consent"
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.UniqueConstraint(
                fields=["member", "purpose"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="one_current_consent_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.purpose} {self.given_on:%Y-%m-%d}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None


class Erasure(models.Model):
    """The mark left on a member whose personal data was erased (on request or at the end of retention).

    The audit row "member.erase" says the same; this row makes "already erased" one indexed lookup, so the
    retention command and the member page need not search the log.
    """

    member = models.OneToOneField(
        "members.Member", verbose_name=_("member"), related_name="erasure", on_delete=models.CASCADE
    )
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        db_table = "access_erasure"
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.member_id} {self.erased_at:%Y-%m-%d}"
