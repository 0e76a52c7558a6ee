"""Elections: the law's data (elections, constituencies — editable by the national department, since the law changes
between elections), the party's criteria per election, the candidates bodies propose, the lists built from the
accepted ones, the filing checklist of each candidate, and the results.

An election and its constituencies are public law data, the same for every reader (like the nomenclature). What
the party holds about people is read where the proposing body is read (`SCOPE_PATH = "body__path"`): a proposal,
a list, its candidates, their filing items and the list's result. A proposal's member always lies inside the
proposing body's territory (the services refuse anything else), so whoever reads the proposal covers the member.

A criminal-record extract is recorded as "received on <date>": no file is ever stored here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tanzim.territory.scope import ScopedQuerySet


def _fr() -> bool:
    return get_language() == "fr"


class ElectionKind(models.TextChoices):
    LEGISLATIVE = "legislative", _("Legislative (House of Representatives)")
    REGIONAL = "regional", _("Regional councils")
    COMMUNAL = "communal", _("Communal councils")
    PROFESSIONAL = "professional", _("Professional chambers")


class Ballot(models.TextChoices):
    LIST = "list", _("List ballot")
    UNINOMINAL = "uninominal", _("Uninominal ballot")


class Election(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ElectionKind.choices)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    polling_day = models.DateField(_("polling day"))
    filing_opens = models.DateField(_("filing opens"), null=True, blank=True)
    filing_closes = models.DateField(_("filing closes"), null=True, blank=True)
    campaign_opens = models.DateField(_("campaign opens"), null=True, blank=True)
    campaign_closes = models.DateField(_("campaign closes"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-polling_day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(filing_opens__isnull=True)
                | Q(filing_closes__isnull=True)
                | Q(filing_closes__gte=F("filing_opens")),
                name="election_filing_in_order",
            ),
            models.CheckConstraint(
                condition=Q(campaign_opens__isnull=True)
                | Q(campaign_closes__isnull=True)
                | Q(campaign_closes__gte=F("campaign_opens")),
                name="election_campaign_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if _fr() else self.name_ar


class Constituency(models.Model):
    """A constituency: the territories it covers, its seats, its ballot; women-only where the law reserves it."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), related_name="constituencies", on_delete=models.CASCADE
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    territories = models.ManyToManyField(
        "territory.Territory", verbose_name=_("territories covered"), related_name="+", blank=True
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    ballot = models.CharField(_("ballot"), max_length=16, choices=Ballot.choices, default=Ballot.LIST)
    women_only = models.BooleanField(_("reserved for women"), default=False)
    # The regional (national-level) lists are decided by the national bureau, the local ones by the body above
    # the proposer: kept here so the department can say which constituency is which.
    is_regional = models.BooleanField(_("regional constituency"), default=False)

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["election", "-is_regional", "name_ar", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="constituency_has_a_seat"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if _fr() else self.name_ar


class Criterion(models.Model):
    """One of the party's criteria for an election: a registered rule (`rule`, see elections/rules.py), its
    parameters, and whether it is required or counts with a weight."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), related_name="criteria", on_delete=models.CASCADE
    )
    rule = models.CharField(_("rule"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["election", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "rule"], name="election_criterion_once")]

    def __str__(self) -> str:
        return self.rule

    @property
    def rule_label(self) -> str:
        from .rules import get

        found = get(self.rule)
        return str(found.label) if found is not None else self.rule


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("proposal status", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("proposal status", "Rejected")


class Proposal(models.Model):
    election = models.ForeignKey(
        Election, verbose_name=_("election"), related_name="proposals", on_delete=models.PROTECT
    )
    constituency = models.ForeignKey(
        Constituency, verbose_name=_("constituency"), related_name="proposals", on_delete=models.PROTECT
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), related_name="candidacies", on_delete=models.PROTECT
    )
    body = models.ForeignKey(
        "organization.Body", verbose_name=_("proposing body"), related_name="candidacies", on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED, db_index=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    reason = models.CharField(_("reason for the decision"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed candidate")
        verbose_name_plural = _("proposed candidates")
        ordering = ["constituency_id", "id"]
        indexes = [models.Index(fields=["election", "id"], name="proposal_election_id")]
        constraints = [
            models.UniqueConstraint(fields=["constituency", "member"], name="proposal_once_per_constituency"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="proposal_rejection_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.person} — {self.constituency}"


class ListStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("list status", "Being built")
    FILED = "filed", pgettext_lazy("list status", "Filed")


class CandidateList(models.Model):
    election = models.ForeignKey(Election, verbose_name=_("election"), related_name="lists", on_delete=models.PROTECT)
    constituency = models.ForeignKey(
        Constituency, verbose_name=_("constituency"), related_name="lists", on_delete=models.PROTECT
    )
    body = models.ForeignKey(
        "organization.Body", verbose_name=_("proposing body"), related_name="candidate_lists", on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate list")
        verbose_name_plural = _("candidate lists")
        ordering = ["constituency_id", "id"]
        constraints = [models.UniqueConstraint(fields=["constituency"], name="one_party_list_per_constituency")]

    def __str__(self) -> str:
        return str(self.constituency)


class ListCandidate(models.Model):
    candidate_list = models.ForeignKey(
        CandidateList, verbose_name=_("candidate list"), related_name="candidates", on_delete=models.CASCADE
    )
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), related_name="placement", on_delete=models.PROTECT
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), related_name="list_places", on_delete=models.PROTECT
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    is_head = models.BooleanField(_("head of list"), default=False)
    alternate = models.BooleanField(_("alternate"), default=False)

    SCOPE_PATH = "candidate_list__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate on a list")
        verbose_name_plural = _("candidates on lists")
        ordering = ["candidate_list_id", "alternate", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["candidate_list", "alternate", "rank"], name="list_rank_once"),
            models.UniqueConstraint(fields=["candidate_list", "member"], name="list_member_once"),
            models.UniqueConstraint(fields=["candidate_list"], condition=Q(is_head=True), name="one_head_per_list"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.member.person}"


class DocumentKind(models.TextChoices):
    ELECTORAL_REGISTRATION = "registration", _("Proof of registration on the electoral lists")
    CRIMINAL_RECORD = "criminal_record", _("Criminal-record extract (received, not kept)")
    SIGNATURES = "signatures", _("Legalized signatures")
    DECLARATION = "declaration", _("Signed candidacy declaration")


class FilingItem(models.Model):
    """A document of a candidate's file, received on a date. Only the date is recorded, never the document."""

    candidate = models.ForeignKey(
        ListCandidate, verbose_name=_("candidate"), related_name="filing", on_delete=models.CASCADE
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, related_name="+", on_delete=models.SET_NULL
    )

    SCOPE_PATH = "candidate__candidate_list__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("filing document")
        verbose_name_plural = _("filing documents")
        constraints = [models.UniqueConstraint(fields=["candidate", "kind"], name="filing_item_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"


class Result(models.Model):
    candidate_list = models.OneToOneField(
        CandidateList, verbose_name=_("candidate list"), related_name="result", on_delete=models.CASCADE
    )
    votes = models.PositiveIntegerField(_("votes"))
    seats_won = models.PositiveSmallIntegerField(_("seats won"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    SCOPE_PATH = "candidate_list__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.votes} / {self.seats_won}"
