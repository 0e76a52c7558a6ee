"""The voter-registration drive: whether each member is on the general electoral lists, the annual revision of
those lists, and the targets bodies set themselves.

A member's status is a series of statements (`Statement`): each one says registered / not registered / unknown,
where, who declared it (the member or the branch) and when it was checked. A new statement supersedes the last
one, which stays for the audit; `Registration` holds the current one per member (written only by `services`, in
the statement's transaction) so that a country's progress is one grouped count over the registry.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanzim.territory.scope import ScopedQuerySet


class Status(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("voter", "Registered")
    NOT_REGISTERED = "not_registered", pgettext_lazy("voter", "Not registered")
    UNKNOWN = "unknown", pgettext_lazy("voter", "Unknown")


class Source(models.TextChoices):
    MEMBER = "member", _("Declared by the member")
    BRANCH = "branch", _("Checked by the branch")


class Revision(models.Model):
    """One annual revision of the general electoral lists, named by the year its lists close (31 March).

    The dates are data the national department edits: the law and the ministry's calendar change."""

    year = models.PositiveSmallIntegerField(_("year the lists close"), unique=True)
    requests_until = models.DateField(_("registration requests until"))
    commissions_from = models.DateField(_("commissions from"), null=True, blank=True)
    commissions_until = models.DateField(_("commissions until"), null=True, blank=True)
    provisional_tables_on = models.DateField(_("provisional tables published on"), null=True, blank=True)
    appeals_until = models.DateField(_("appeals until"), null=True, blank=True)
    final_tables_on = models.DateField(_("final tables published on"), null=True, blank=True)
    closes_on = models.DateField(_("lists closed on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # National: every official reads the calendar; the national department sets it.

    class Meta:
        verbose_name = _("revision of the electoral lists")
        verbose_name_plural = _("revisions of the electoral lists")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requests_until__lt=models.F("closes_on")), name="voters_revision_requests_before_close"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def eligibility_cutoff(self) -> dt.date:
        """Born on or before this day: 18 years old by the day the lists close (31 March of the year)."""
        close = self.closes_on
        try:
            return close.replace(year=close.year - 18)
        except ValueError:  # 29 February
            return close.replace(year=close.year - 18, day=28)


def revision_calendar(year: int) -> dict:
    """The usual calendar of the revision whose lists close in `year`: requests until 31 December of the year
    before, commissions in January, lists closed on 31 March (the other dates are the ministry's, set when known)."""
    return {
        "requests_until": dt.date(year - 1, 12, 31),
        "commissions_from": dt.date(year, 1, 1),
        "commissions_until": dt.date(year, 1, 31),
        "closes_on": dt.date(year, 3, 31),
    }


class Statement(models.Model):
    """What was said, on a day, about a member's registration on the general electoral lists."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), related_name="voter_statements", on_delete=models.CASCADE
    )
    status = models.CharField(_("registration status"), max_length=16, choices=Status.choices)
    commune = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("commune of registration"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    source = models.CharField(_("declared by"), max_length=8, choices=Source.choices)
    checked_on = models.DateField(_("checked on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATH = "member__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration statement")
        verbose_name_plural = _("registration statements")
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["member", "-checked_on"], name="voters_statement_member")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.checked_on:%d/%m/%Y}"


class Registration(models.Model):
    """The member's current statement (the latest checked), kept by `services` with every statement."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("member"),
        primary_key=True,
        related_name="voter_registration",
        on_delete=models.CASCADE,
    )
    statement = models.OneToOneField(
        Statement, verbose_name=_("registration statement"), related_name="+", on_delete=models.CASCADE
    )
    status = models.CharField(_("registration status"), max_length=16, choices=Status.choices)
    checked_on = models.DateField(_("checked on"))

    SCOPE_PATH = "member__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("current registration status")
        verbose_name_plural = _("current registration statuses")
        indexes = [models.Index(fields=["status"], name="voters_registration_status")]

    def __str__(self) -> str:
        return self.get_status_display()


class Target(models.Model):
    """What a body aims at for a revision: a share of its members registered (100: every member) by a day."""

    body = models.ForeignKey(
        "organization.Body", verbose_name=_("body"), related_name="voter_targets", on_delete=models.PROTECT
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("revision of the electoral lists"), related_name="targets", on_delete=models.PROTECT
    )
    share = models.PositiveSmallIntegerField(_("share of members registered (%)"), default=100)
    deadline = models.DateField(_("deadline"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration target")
        verbose_name_plural = _("registration targets")
        ordering = ["body__path"]
        constraints = [
            models.UniqueConstraint(fields=["body", "revision"], name="voters_target_once_per_body_revision"),
            models.CheckConstraint(condition=Q(share__gte=1, share__lte=100), name="voters_target_share_1_100"),
        ]

    def __str__(self) -> str:
        return f"{self.share}% — {self.deadline:%d/%m/%Y}"
