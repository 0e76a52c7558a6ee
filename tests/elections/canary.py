"""The canary's elections: a candidate proposed by the Taounate body (the canary's twin, an active member), accepted
and put on the party's list of Taounate's local constituency, a filing date recorded — none of which the Tétouan
reader may see nor change (see tests/access/test_canary.py). The election and its constituencies are public law
data, the same for everyone."""

from __future__ import annotations

import datetime as dt

from tanzim.elections.models import CandidateList, FilingItem, ListCandidate, Proposal, Result
from tanzim.elections.services import (
    filing_receive,
    legislative_2026_load,
    list_place,
    proposal_create,
    proposal_decide,
    result_record,
)
from tanzim.territory.scope import Scope

EVERYTHING = Scope.everything()
PATH = "03/03.531/"


def records(canary, own_world) -> dict:
    election = legislative_2026_load()
    constituency = election.constituencies.get(territories__code="03.531", is_regional=False)
    proposal = proposal_create(
        acting_user=None,
        scope=EVERYTHING,
        constituency=constituency,
        body=canary["province"],
        member=canary["twin"],
        note="Kanarikki",
    )
    proposal_decide(acting_user=None, scope=EVERYTHING, proposal=proposal, accept=True)
    row = list_place(acting_user=None, scope=EVERYTHING, proposal=proposal)
    item = filing_receive(
        acting_user=None, scope=EVERYTHING, candidate=row, kind="criminal_record", received_on=dt.date(2026, 9, 1)
    )
    result, _made = result_record(
        acting_user=None, scope=EVERYTHING, candidate_list=row.candidate_list, votes=7731, seats_won=0
    )
    return {"proposal": proposal, "list": row.candidate_list, "row": row, "item": item, "result": result}


def ids(canary) -> set[int]:
    mine = canary["elections"]
    return {mine["proposal"].pk, mine["list"].pk, mine["row"].pk, mine["item"].pk, mine["result"].pk}


def state() -> dict:
    return {
        "proposals": sorted(
            Proposal.objects.filter(body__path__startswith=PATH).values_list("pk", "status", "reason", "member_id")
        ),
        "lists": sorted(
            CandidateList.objects.filter(body__path__startswith=PATH).values_list("pk", "status", "body_id")
        ),
        "candidates": sorted(
            ListCandidate.objects.filter(candidate_list__body__path__startswith=PATH).values_list(
                "pk", "rank", "is_head", "alternate", "member_id"
            )
        ),
        "filing": sorted(
            FilingItem.objects.filter(candidate__candidate_list__body__path__startswith=PATH).values_list(
                "pk", "kind", "received_on"
            )
        ),
        "results": sorted(
            Result.objects.filter(candidate_list__body__path__startswith=PATH).values_list("pk", "votes", "seats_won")
        ),
    }
