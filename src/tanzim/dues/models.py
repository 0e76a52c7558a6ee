"""Dues: yearly rates per category, an append-only ledger per member, the standing derived from it, receipts
numbered per body and year, and the transfers that carry the money up the hierarchy.

A ledger entry is never edited nor deleted: a mistaken entry is cancelled by a reversal entry that points at it.
`Standing` is derived from the ledger by `services` in the same transaction as every entry (a test checks that it
always equals the computation from the ledger), so a province's list of a million members filters on it in SQL.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tanzim.territory.scope import ScopedQuerySet


class Category(models.TextChoices):
    STANDARD = "standard", _("Standard")
    STUDENT = "student", _("Student")
    UNEMPLOYED = "unemployed", _("Unemployed")
    ELECTED = "elected", _("Elected official")
    PARLIAMENT = "parliament", _("Member of parliament")
    REDUCED = "reduced", _("Reduced")


class Kind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    ADJUSTMENT = "adjustment", _("Adjustment")
    WAIVER = "waiver", _("Waiver")
    REVERSAL = "reversal", _("Reversal")


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")
    DECLARED = "declared", _("Declared in an import")


class Rate(models.Model):
    """The yearly dues of a category, in dirhams, from a date on (until the next rate of the category)."""

    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    amount = models.DecimalField(_("amount (MAD)"), max_digits=9, decimal_places=2)
    applies_from = models.DateField(_("applies from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Party-wide: every official reads the rates; only who manages dues nationally sets them.

    class Meta:
        verbose_name = _("dues rate")
        verbose_name_plural = _("dues rates")
        ordering = ["category", "-applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["category", "applies_from"], name="dues_rate_once_per_date"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount}"


class LedgerEntry(models.Model):
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), related_name="ledger", on_delete=models.PROTECT
    )
    body = models.ForeignKey(
        "organization.Body",
        verbose_name=_("collecting body"),
        null=True,
        blank=True,
        related_name="dues_entries",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount (MAD)"), max_digits=9, decimal_places=2, default=0)
    entry_date = models.DateField(_("date"))
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, blank=True)
    receipt_year = models.PositiveSmallIntegerField(_("receipt year"), null=True, blank=True)
    receipt_number = models.PositiveIntegerField(_("receipt number"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    payer_name = models.CharField(_("payer's name"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        related_name="reversed_by",
        on_delete=models.PROTECT,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATH = "member__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-entry_date", "-id"]
        indexes = [models.Index(fields=["body", "entry_date"], name="dues_entry_body_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "receipt_year", "receipt_number"],
                condition=Q(receipt_number__isnull=False),
                name="dues_receipt_unique_per_body_year",
            ),
            models.CheckConstraint(
                condition=Q(year_from__isnull=True) | Q(year_to__gte=F("year_from")), name="dues_period_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(kind="reversal") | Q(reverses__isnull=False), name="dues_reversal_names_its_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period}"

    @property
    def period(self) -> str:
        if self.year_from is None:
            return ""
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"

    @property
    def receipt(self) -> str:
        return f"{self.receipt_year}/{self.receipt_number:04d}" if self.receipt_number else ""


class ReceiptCounter(models.Model):
    """The last receipt number given by a body in a year: taken and raised in the payment's transaction."""

    body = models.ForeignKey("organization.Body", verbose_name=_("body"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="dues_counter_once_per_body_year")]

    def __str__(self) -> str:
        return f"{self.year}/{self.last:04d}"


class Standing(models.Model):
    """A member's standing, derived from the ledger: the latest run of covered years, the latest run of waived
    years, and the member's category. Written only by `services` in the transaction of a ledger entry."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("member"),
        primary_key=True,
        related_name="dues_standing",
        on_delete=models.CASCADE,
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.STANDARD)
    run_from = models.PositiveSmallIntegerField(_("covered from"), null=True, blank=True)
    run_to = models.PositiveSmallIntegerField(_("covered through"), null=True, blank=True)
    waived_from = models.PositiveSmallIntegerField(_("waived from"), null=True, blank=True)
    waived_to = models.PositiveSmallIntegerField(_("waived through"), null=True, blank=True)

    SCOPE_PATH = "member__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues standing")
        verbose_name_plural = _("dues standings")
        indexes = [models.Index(fields=["run_to"], name="dues_standing_run_to")]

    def __str__(self) -> str:
        return f"{self.run_from}–{self.run_to}" if self.run_to else "—"


class Transfer(models.Model):
    """Money a body passed to the body above it, as each side recorded it: the sender's amount and date, the
    receiver's. Matched when both sides recorded the same amount; the difference is shown otherwise."""

    sender = models.ForeignKey(
        "organization.Body", verbose_name=_("sending body"), related_name="dues_sent", on_delete=models.PROTECT
    )
    receiver = models.ForeignKey(
        "organization.Body", verbose_name=_("receiving body"), related_name="dues_received", on_delete=models.PROTECT
    )
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    sent_amount = models.DecimalField(_("amount sent (MAD)"), max_digits=11, decimal_places=2, null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by the sender"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    received_amount = models.DecimalField(
        _("amount received (MAD)"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by the receiver"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Money goes up: whoever reads the sender reads the transfer (the receiver's territory covers the sender's).
    SCOPE_PATH = "sender__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_amount__isnull=False) | Q(received_amount__isnull=False),
                name="dues_transfer_recorded_by_a_side",
            ),
            models.CheckConstraint(condition=~Q(sender=F("receiver")), name="dues_transfer_between_two_bodies"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.receiver_id} {self.reference}"

    @property
    def difference(self):
        if self.sent_amount is None or self.received_amount is None:
            return None
        return self.received_amount - self.sent_amount

    @property
    def state(self) -> str:
        if self.sent_amount is None:
            return "awaiting_sender"
        if self.received_amount is None:
            return "awaiting_receiver"
        return "matched" if self.sent_amount == self.received_amount else "differs"
