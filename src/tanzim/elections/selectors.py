"""Every read of the elections app. Elections and constituencies are public law data (the same for every reader);
proposals, lists, candidates, filing items and results are read through the reader's scope (`visible_to`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from tanzim.territory.scope import Scope

from . import rules
from .models import (
    CandidateList,
    Constituency,
    Criterion,
    Election,
    FilingItem,
    ListCandidate,
    Proposal,
    ProposalStatus,
    Result,
)

PAGE = 50

PROPOSAL_RELATED = (
    "member__person__commune",
    "member__dues_standing",
    "constituency",
    "body__body_type",
    "body__territory",
    "body__organization",
)


def election_list() -> QuerySet:
    return Election.objects.all()


def election_get(*, pk: int) -> Election:
    try:
        return Election.objects.get(pk=pk)
    except Election.DoesNotExist:
        raise Http404 from None


def constituency_list(*, election: Election, text: str = "") -> QuerySet:
    qs = election.constituencies.prefetch_related("territories")
    if text:
        qs = qs.filter(name_ar__icontains=text) | qs.filter(name_fr__icontains=text)
    return qs


def constituency_get(*, pk: int, election: Election | None = None) -> Constituency:
    qs = Constituency.objects.select_related("election").prefetch_related("territories")
    if election is not None:
        qs = qs.filter(election=election)
    try:
        return qs.get(pk=pk)
    except Constituency.DoesNotExist:
        raise Http404 from None


def constituency_paths(constituency_ids) -> dict[int, list[str]]:
    """The territory paths each constituency covers (one query)."""
    through = Constituency.territories.through
    out: dict[int, list[str]] = {}
    for cid, path in through.objects.filter(constituency_id__in=list(constituency_ids)).values_list(
        "constituency_id", "territory__path"
    ):
        out.setdefault(cid, []).append(path)
    return out


def criterion_list(*, election: Election) -> list[Criterion]:
    """The election's criteria whose rule is registered (a rule nobody registered counts nowhere)."""
    return [c for c in election.criteria.all() if rules.get(c.rule) is not None]


def proposal_list(
    *,
    scope: Scope,
    election: Election | None = None,
    constituency: Constituency | None = None,
    status: str = "",
    body=None,
    member=None,
) -> QuerySet:
    qs = Proposal.objects.visible_to(scope).select_related(*PROPOSAL_RELATED)
    if election is not None:
        qs = qs.filter(election=election)
    if constituency is not None:
        qs = qs.filter(constituency=constituency)
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if body is not None:
        qs = qs.filter(body=body)
    if member is not None:
        qs = qs.filter(member=member)
    return qs.order_by("id")


def proposal_get(*, scope: Scope, pk: int) -> Proposal:
    try:
        return proposal_list(scope=scope).select_related("election").get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


@dataclass
class Judged:
    criterion: Criterion
    label: str
    verdict: rules.Verdict


@dataclass
class Assessment:
    """A proposal with every criterion of its election judged: the required ones all met, the weighted score."""

    proposal: Proposal
    lines: list[Judged]

    @property
    def required_met(self) -> bool:
        return all(j.verdict.met for j in self.lines if j.criterion.required)

    @property
    def missing_required(self) -> list[str]:
        return [j.label for j in self.lines if j.criterion.required and not j.verdict.met]

    @property
    def score(self) -> int | None:
        """Weighted criteria met, as a percentage of their weights (None when no criterion is weighted)."""
        weighted = [j for j in self.lines if not j.criterion.required]
        total = sum(j.criterion.weight for j in weighted)
        if not total:
            return None
        return round(100 * sum(j.criterion.weight for j in weighted if j.verdict.met) / total)


def assess(proposals, *, scope: Scope, election: Election, today: dt.date | None = None) -> list[Assessment]:
    """Judge the given proposals (a page, read by `proposal_list`) against the election's criteria: a constant
    number of queries whatever the page's size, each rule reading the whole page at once."""
    proposals = list(proposals)
    criteria = criterion_list(election=election)
    if not proposals:
        return []
    batch = rules.Batch(
        proposals=proposals,
        scope=scope,
        today=today or timezone.localdate(),
        constituency_paths=constituency_paths({p.constituency_id for p in proposals}),
    )
    verdicts = {}
    for c in criteria:
        r = rules.get(c.rule)
        assert r is not None  # noqa: S101 — criterion_list keeps only registered rules
        verdicts[c.pk] = r.judge(batch, {**r.defaults, **(c.params or {})})
    return [
        Assessment(
            proposal=p,
            lines=[
                Judged(c, str(rules.get(c.rule).label), verdicts[c.pk][p.pk])  # type: ignore[union-attr]
                for c in criteria
            ],
        )
        for p in proposals
    ]


def proposal_page(
    *, scope: Scope, election: Election, after: int = 0, status: str = "", constituency=None, today=None
) -> tuple[list[Assessment], int | None]:
    """A page of proposals with their criteria judged, by id (`after`: the last id of the page before). Returns the
    page and the id to continue after (None on the last page)."""
    # The page's rows join only what every row needs; the proposing bodies (a handful) are read apart, so the
    # planner has few tables to order (planning, not execution, dominated a join of ten tables).
    qs = (
        Proposal.objects.visible_to(scope)
        .filter(election=election)
        .select_related("member__person__commune", "member__dues_standing", "constituency")
        .prefetch_related("body__body_type", "body__territory", "body__organization")
        .order_by("id")
    )
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if constituency is not None:
        qs = qs.filter(constituency=constituency)
    if after:
        qs = qs.filter(id__gt=after)
    page = list(qs[: PAGE + 1])
    more = len(page) > PAGE
    page = page[:PAGE]
    return assess(page, scope=scope, election=election, today=today), (page[-1].pk if more else None)


def list_list(*, scope: Scope, election: Election | None = None) -> QuerySet:
    qs = CandidateList.objects.visible_to(scope).select_related(
        "election", "constituency", "body__body_type", "body__territory", "body__organization", "result"
    )
    if election is not None:
        qs = qs.filter(election=election)
    return qs


def list_get(*, scope: Scope, pk: int) -> CandidateList:
    try:
        return list_list(scope=scope).get(pk=pk)
    except CandidateList.DoesNotExist:
        raise Http404 from None


def candidates_of(*, scope: Scope, candidate_list: CandidateList) -> list[ListCandidate]:
    """The list's candidates in order (titulars, then alternates), each with its filing items."""
    return list(
        ListCandidate.objects.visible_to(scope)
        .filter(candidate_list=candidate_list)
        .select_related("member__person", "proposal")
        .prefetch_related(Prefetch("filing", queryset=FilingItem.objects.order_by("kind")))
        .order_by("alternate", "rank")
    )


def candidate_get(*, scope: Scope, pk: int) -> ListCandidate:
    try:
        return (
            ListCandidate.objects.visible_to(scope)
            .select_related("candidate_list__body", "candidate_list__constituency", "member__person")
            .get(pk=pk)
        )
    except ListCandidate.DoesNotExist:
        raise Http404 from None


def result_list(*, scope: Scope, election: Election) -> QuerySet:
    return (
        Result.objects.visible_to(scope)
        .filter(candidate_list__election=election)
        .select_related("candidate_list__constituency", "candidate_list__body__territory")
    )


def accepted_not_placed(*, scope: Scope, constituency: Constituency) -> QuerySet:
    """Accepted proposals of the constituency not yet on its list: what the list can take."""
    return proposal_list(scope=scope, constituency=constituency, status=ProposalStatus.ACCEPTED).filter(
        placement__isnull=True
    )
