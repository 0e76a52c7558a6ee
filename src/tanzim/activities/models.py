"""Work programmes of a body and the activities they plan: communication meetings with citizens, seminars, study
days, caravans, field activities, congresses, trainings.

An activity is read where its organizing body is read (`SCOPE_PATH = "body__path"`). Its state is never typed: it
follows from its dates and its report (`activity_state`, and `state_expression` for counting in the database):
cancelled when cancelled; done when its report is recorded; due when its first day has come and no report is
there yet; planned before that.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanzim.organization.models import NomenclatureItem
from tanzim.territory.scope import ScopedQuerySet


class ActivityKind(NomenclatureItem):
    """The party's kinds of activity: nomenclature, editable in the administration."""

    class Meta(NomenclatureItem.Meta):
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")


class WorkProgramme(models.Model):
    """A body's programme of work for a period (a quarter, a year): the activities it plans."""

    body = models.ForeignKey(
        "organization.Body", verbose_name=_("body"), related_name="work_programmes", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="programme_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("activity state", "Planned")
    DUE = "due", pgettext_lazy("activity state", "Report due")
    DONE = "done", pgettext_lazy("activity state", "Done")
    CANCELLED = "cancelled", pgettext_lazy("activity state", "Cancelled")


class Activity(models.Model):
    programme = models.ForeignKey(
        WorkProgramme,
        verbose_name=_("work programme"),
        null=True,
        blank=True,
        related_name="activities",
        on_delete=models.PROTECT,
    )
    # The organizing body: the party's, or one of the youth or women's organizations.
    body = models.ForeignKey(
        "organization.Body", verbose_name=_("organizing body"), related_name="activities", on_delete=models.PROTECT
    )
    kind = models.ForeignKey(ActivityKind, verbose_name=_("kind"), related_name="activities", on_delete=models.PROTECT)
    theme = models.CharField(_("theme"), max_length=300)
    starts_on = models.DateField(_("date"), db_index=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    commune = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    planned_participants = models.PositiveIntegerField(_("planned participants"), null=True, blank=True)
    actual_participants = models.PositiveIntegerField(_("actual participants"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    # One caption per line, for the photos kept with the report.
    photo_captions = models.TextField(_("photo captions"), blank=True)
    reported_on = models.DateField(_("report recorded on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "starts_at", "id"]
        indexes = [models.Index(fields=["body", "starts_on"], name="activity_body_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="activity_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} — {self.theme}"

    @property
    def last_day(self) -> dt.date:
        return self.ends_on or self.starts_on

    def state(self, today: dt.date) -> str:
        return activity_state(self, today)

    @property
    def state_now(self) -> str:
        """The state read with the activity (`activity_list` annotates `current_state`), else today's."""
        return getattr(self, "current_state", None) or activity_state(self, timezone.localdate())

    @property
    def state_label(self) -> str:
        """The state's name in the reader's language."""
        return str(ActivityState(self.state_now).label)

    @property
    def captions(self) -> list[str]:
        return [line.strip() for line in self.photo_captions.splitlines() if line.strip()]


def activity_state(activity: Activity, today: dt.date) -> str:
    """The state an activity is in on `today`, from its dates and its report."""
    if activity.cancelled_on is not None:
        return ActivityState.CANCELLED
    if activity.report.strip():
        return ActivityState.DONE
    if activity.starts_on <= today:
        return ActivityState.DUE
    return ActivityState.PLANNED


def state_expression(today: dt.date) -> Case:
    """The same rule as `activity_state`, for the database (annotate, count by state)."""
    return Case(
        When(cancelled_on__isnull=False, then=Value(ActivityState.CANCELLED.value)),
        When(~Q(report=""), then=Value(ActivityState.DONE.value)),
        When(starts_on__lte=today, then=Value(ActivityState.DUE.value)),
        default=Value(ActivityState.PLANNED.value),
        output_field=models.CharField(),
    )


class Participant(models.Model):
    """A named person invited to or present at an activity (counts alone need no names)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="participants", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), related_name="activity_participations", on_delete=models.PROTECT
    )
    attended = models.BooleanField(_("attended"), default=False)

    SCOPE_PATH = "activity__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="one_participation_per_person"),
        ]

    def __str__(self) -> str:
        return str(self.person)
