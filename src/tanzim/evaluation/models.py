"""The one thing evaluation stores: how the national organization department weighs the criteria.

Everything else on a scorecard is computed from the other apps' records at the date it is read, never typed.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Weighting(models.Model):
    """The scorecards' settings (one row, pk=1): the party's term length, the windows and targets the criteria
    read, and the positions an office must fill. Each criterion's weight is a `CriterionWeight` row."""

    term_years = models.PositiveSmallIntegerField(
        _("term of an office (years)"), default=4, help_text=_("An office not renewed for this long has expired.")
    )
    meeting_window_days = models.PositiveSmallIntegerField(_("meetings counted over (days)"), default=90)
    meetings_expected = models.PositiveSmallIntegerField(
        _("meetings expected in that window"), default=2, validators=[MaxValueValidator(90)]
    )
    period_months = models.PositiveSmallIntegerField(
        _("period of the scorecard (months)"), default=12, help_text=_("Growth and meetings of the period.")
    )
    growth_target_percent = models.PositiveSmallIntegerField(_("yearly membership growth sought (%)"), default=5)
    verified_months = models.PositiveSmallIntegerField(_("a member counts as verified for (months)"), default=12)
    women_target_percent = models.PositiveSmallIntegerField(
        _("women in leadership, target (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    youth_target_percent = models.PositiveSmallIntegerField(
        _("under-35s in leadership, target (%)"), default=10, validators=[MaxValueValidator(100)]
    )
    low_score = models.PositiveSmallIntegerField(
        _("a score below this is low"), default=50, validators=[MaxValueValidator(100)]
    )
    coverage_target_percent = models.PositiveSmallIntegerField(
        _("structuring target (percent of communes)"), default=100, validators=[MaxValueValidator(100)]
    )
    required_positions = models.ManyToManyField(
        "organization.PositionType",
        verbose_name=_("positions an office must fill"),
        blank=True,
        help_text=_("Single-holder positions only; none chosen: every single-holder position."),
        related_name="+",
    )

    class Meta:
        verbose_name = _("weighting of the scorecards")
        verbose_name_plural = _("weighting of the scorecards")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="weighting_singleton")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class CriterionWeight(models.Model):
    """How much one criterion counts in the score (0: shown, not counted). A criterion without a row counts with
    its default weight."""

    weighting = models.ForeignKey(Weighting, related_name="weights", on_delete=models.CASCADE)
    key = models.CharField(_("criterion"), max_length=40)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("weight of a criterion")
        verbose_name_plural = _("weights of the criteria")
        constraints = [models.UniqueConstraint(fields=["weighting", "key"], name="one_weight_per_criterion")]

    def __str__(self) -> str:
        return f"{self.key}: {self.weight}"
