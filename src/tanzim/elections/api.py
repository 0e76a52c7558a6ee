"""/api/v1/elections: elections and their constituencies (public law data), the proposals of the caller's
territory with every criterion judged and its evidence, the lists with their candidates in order, their
composition problems and their result. Read only: writes go through the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema

from tanzim.api.errors import ERRORS, Id

from .composition import composition_problems, missing_documents
from .selectors import assess as assess_proposals
from .selectors import (
    candidates_of,
    constituency_list,
    election_get,
    election_list,
    list_get,
    list_list,
    proposal_get,
    proposal_page,
)

router = Router()


class ElectionOut(Schema):
    id: int
    kind: str
    name_ar: str
    name_fr: str
    polling_day: dt.date
    filing_opens: dt.date | None
    filing_closes: dt.date | None
    campaign_opens: dt.date | None
    campaign_closes: dt.date | None


class ConstituencyOut(Schema):
    id: int
    name_ar: str
    name_fr: str
    seats: int
    ballot: str = Field(description="list or uninominal")
    women_only: bool
    territories: list[str] = Field(description="HCP codes of the territories covered")

    @staticmethod
    def resolve_territories(obj) -> list[str]:
        return [t.code for t in obj.territories.all()]


class VerdictOut(Schema):
    rule: str
    label: str
    required: bool
    weight: int
    met: bool
    evidence: str = Field(description="What the registry says, e.g. 'member since 2014'")


class ProposalOut(Schema):
    id: int
    constituency_id: int
    body_id: int
    member_id: int
    card_number: str
    name: str
    status: str = Field(description="proposed, accepted or rejected")
    reason: str
    required_met: bool
    score: int | None = Field(description="Weighted criteria met, in percent")
    criteria: list[VerdictOut]


class ProposalPage(Schema):
    items: list[ProposalOut]
    next_after: int | None = Field(description="Give it as `after` for the next page; null on the last page")


class CandidateOut(Schema):
    member_id: int
    card_number: str
    name: str
    rank: int
    is_head: bool
    alternate: bool
    missing_documents: list[str]


class ListOut(Schema):
    id: int
    election_id: int
    constituency_id: int
    body_id: int
    status: str
    votes: int | None
    seats_won: int | None
    problems: list[str] = Field(description="The composition rules the list breaks; empty when complete")
    candidates: list[CandidateOut]


def _proposal_out(a) -> dict:
    p = a.proposal
    return {
        "id": p.pk,
        "constituency_id": p.constituency_id,
        "body_id": p.body_id,
        "member_id": p.member_id,
        "card_number": p.member.card_number,
        "name": p.member.person.full_name,
        "status": p.status,
        "reason": p.reason,
        "required_met": a.required_met,
        "score": a.score,
        "criteria": [
            {
                "rule": j.criterion.rule,
                "label": j.label,
                "required": j.criterion.required,
                "weight": j.criterion.weight,
                "met": j.verdict.met,
                "evidence": j.verdict.evidence,
            }
            for j in a.lines
        ],
    }


def _list_out(request, cl) -> dict:
    candidates = candidates_of(scope=request.scope, candidate_list=cl)
    result = getattr(cl, "result", None) if hasattr(cl, "result") else None
    return {
        "id": cl.pk,
        "election_id": cl.election_id,
        "constituency_id": cl.constituency_id,
        "body_id": cl.body_id,
        "status": cl.status,
        "votes": result.votes if result else None,
        "seats_won": result.seats_won if result else None,
        "problems": composition_problems(cl.constituency, candidates, today=timezone.localdate()),
        "candidates": [
            {
                "member_id": c.member_id,
                "card_number": c.member.card_number,
                "name": c.member.person.full_name,
                "rank": c.rank,
                "is_head": c.is_head,
                "alternate": c.alternate,
                "missing_documents": missing_documents(c),
            }
            for c in candidates
        ],
    }


@router.get("", response={200: list[ElectionOut], **ERRORS}, summary="Elections")
def list_elections(request):
    return list(election_list()[:200])


@router.get("/{id:election_id}", response={200: ElectionOut, **ERRORS}, summary="One election")
def get_election(request, election_id: Id):
    return election_get(pk=election_id)


@router.get(
    "/{id:election_id}/constituencies", response={200: list[ConstituencyOut], **ERRORS}, summary="Its constituencies"
)
def list_constituencies(request, election_id: Id):
    return list(constituency_list(election=election_get(pk=election_id))[:1000])


@router.get(
    "/{id:election_id}/proposals",
    response={200: ProposalPage, **ERRORS},
    summary="Proposed candidates with their criteria",
)
def list_proposals(request, election_id: Id, after: Id | None = None, status: str = ""):
    """The proposals of the caller's territory, 50 at a time by id, each criterion judged on the registry."""
    election = election_get(pk=election_id)
    page, next_after = proposal_page(scope=request.scope, election=election, after=after or 0, status=status[:12])
    return {"items": [_proposal_out(a) for a in page], "next_after": next_after}


@router.get("/proposals/{id:proposal_id}", response={200: ProposalOut, **ERRORS}, summary="One proposed candidate")
def get_proposal(request, proposal_id: Id):
    proposal = proposal_get(scope=request.scope, pk=proposal_id)
    [a] = assess_proposals([proposal], scope=request.scope, election=proposal.election)
    return _proposal_out(a)


@router.get("/{id:election_id}/lists", response={200: list[ListOut], **ERRORS}, summary="The party's lists")
def list_lists(request, election_id: Id):
    election = election_get(pk=election_id)
    return [_list_out(request, cl) for cl in list_list(scope=request.scope, election=election)[:200]]


@router.get("/lists/{id:list_id}", response={200: ListOut, **ERRORS}, summary="One list")
def get_list(request, list_id: Id):
    return _list_out(request, list_get(scope=request.scope, pk=list_id))
