"""Directives a body sends down the hierarchy, and the assignment each recipient gets.

A directive is issued by a body (usually from a decision of one of its meetings) to recipients chosen by a rule
("every local body of Taounate province") or by hand. Each recipient is an `Assignment`: a body, or — for a
directive about structuring — a commune where the party has no local body yet, done when one is constituted there.
A recipient can pass the directive down to its own sub-bodies: the new directive's `parent_assignment` is the
recipient's assignment, and the parent sees the roll-up. Overdue is computed from the due date, never stored.

A directive is read where its issuer is read; an assignment where its recipient is (`path`: the recipient body's
territory path, or the commune's), so a branch sees what it received from a province it cannot otherwise read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tanzim.territory.scope import ScopedQuerySet


class TargetRule(models.TextChoices):
    BY_HAND = "by_hand", _("Bodies chosen by hand")
    SUB_BODIES = "sub_bodies", _("Every body of a level under the issuer's territory")
    COMMUNES = "communes", _("Every commune of the territory (structuring: communes without a body included)")


class Directive(models.Model):
    issuer = models.ForeignKey(
        "organization.Body", verbose_name=_("issued by"), related_name="directives_issued", on_delete=models.PROTECT
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        related_name="directives",
        on_delete=models.PROTECT,
    )
    # Passed down: the assignment of the issuer that this directive relays to the issuer's own sub-bodies.
    parent_assignment = models.ForeignKey(
        "Assignment",
        verbose_name=_("passed down from"),
        null=True,
        blank=True,
        related_name="passed_down",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("directive"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    # Due date: absolute, or computed from the meeting's date and `due_months`/`due_days` when made
    # ("within three months"); the assignments copy it and may be given their own.
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_months = models.PositiveSmallIntegerField(_("within (months)"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(_("within (days)"), null=True, blank=True)
    # How the recipients were chosen, kept so the page says it as the issuer said it.
    rule = models.CharField(_("recipients"), max_length=16, choices=TargetRule.choices, default=TargetRule.BY_HAND)
    rule_level = models.CharField(_("level"), max_length=16, blank=True)  # organization.BodyLevel for SUB_BODIES
    rule_organization = models.ForeignKey(
        "organization.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    rule_territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    SCOPE_PATH = "issuer__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AssignmentState(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")


OPEN_STATES = (AssignmentState.SENT, AssignmentState.ACKNOWLEDGED, AssignmentState.IN_PROGRESS)


class Assignment(models.Model):
    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), related_name="assignments", on_delete=models.CASCADE
    )
    body = models.ForeignKey(
        "organization.Body",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        related_name="assignments",
        on_delete=models.PROTECT,
    )
    # A commune where the party had no local body when the directive was sent: done once one is constituted.
    commune = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("commune without a body"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    path = models.CharField(_("territory path"), max_length=96, blank=True, default="", db_index=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=16, choices=AssignmentState.choices, default=AssignmentState.SENT, db_index=True
    )
    waived_reason = models.CharField(_("reason for waiving"), max_length=300, blank=True)
    evidence = models.TextField(_("evidence and notes"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    SCOPE_PATH = "path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["path", "id"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="assignment_open_due"),
            # The overdue page walks the open assignments by due date and stops at its page.
            models.Index(
                fields=["due_date", "id"],
                condition=Q(state__in=["sent", "acknowledged", "in_progress"]),
                name="assignment_open_by_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(body__isnull=False) | Q(commune__isnull=False), name="assignment_has_recipient"
            ),
            models.UniqueConstraint(
                fields=["directive", "body"], condition=Q(body__isnull=False), name="one_assignment_per_body"
            ),
            models.UniqueConstraint(
                fields=["directive", "commune"],
                condition=Q(body__isnull=True),
                name="one_assignment_per_unstructured_commune",
            ),
            models.CheckConstraint(
                condition=~Q(state="waived") | ~Q(waived_reason=""), name="waived_assignment_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive} → {self.body or self.commune}"


class AssignmentAttachment(models.Model):
    """A file given as evidence for an assignment (stored under the data directory)."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(_("file"), upload_to="directives/%Y/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("added at"), auto_now_add=True)

    SCOPE_PATH = "assignment__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
