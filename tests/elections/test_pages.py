"""The elections pages and API as officials use them: a provincial head proposes a candidate from the picker and
sees the criteria with their evidence, the national bureau decides, the list is built, reordered without
JavaScript, shown incomplete with its reasons, printed as an endorsement letter in Arabic; and the Tétouan head
sees none of it and changes none of it."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from tanzim.audit.models import AuditEntry
from tanzim.elections.models import ListCandidate, Proposal, ProposalStatus
from tanzim.elections.services import list_place, proposal_create, proposal_decide
from tests.elections.test_elections import EVERYTHING, candidate, local

pytestmark = pytest.mark.django_db


def _propose_ready(world, card="Q-PAGE", **kw):
    election = world["election"]
    member = candidate(card, **kw)
    return proposal_create(
        acting_user=None,
        scope=EVERYTHING,
        constituency=local(election, "03.531"),
        body=world["taounate"]["province"],
        member=member,
    )


def test_a_provincial_head_proposes_from_the_picker_and_sees_the_criteria(world, login):
    election = world["election"]
    member = candidate("Q-FORM", gender="f", born=dt.date(1990, 2, 3), joined=dt.date(2015, 1, 1))
    client = login(world["taounate"]["user"], language="fr")
    page = client.get(f"/elections/{election.pk}/propose/")
    assert page.status_code == 200 and 'name="person_q"' in page.content.decode()
    # Bad input: the form again in French, what was typed kept.
    bad = client.post(
        f"/elections/{election.pk}/propose/",
        {"constituency": local(election, "03.531").pk, "body": "", "person": member.person_id, "note": "à garder"},
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "à garder" in text and 'class="error"' in text
    assert not Proposal.objects.exists()
    done = client.post(
        f"/elections/{election.pk}/propose/",
        {
            "constituency": local(election, "03.531").pk,
            "body": world["taounate"]["province"].pk,
            "person": member.person_id,
            "note": "",
        },
    )
    proposal = Proposal.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/elections/proposals/{proposal.pk}/"
    page = client.get(done["Location"]).content.decode()
    assert "membre depuis 2015" in page
    assert "aucune cotisation enregistrée" in page
    assert "✓" in page and "✗" in page
    # The provincial head is not the competent body of a legislative candidacy: no decision form for her.
    assert 'action="/elections/proposals/' + str(proposal.pk) + '/decide/"' not in page
    listing = client.get(f"/elections/{election.pk}/proposals/").content.decode()
    assert member.person.full_name in listing and "membre depuis 2015" in listing


def test_the_national_bureau_decides_builds_the_list_and_reorders_it(world, client_ar):
    first = _propose_ready(world, "Q-L1", born=dt.date(1970, 1, 1))
    second = _propose_ready(world, "Q-L2", born=dt.date(1972, 1, 1))
    # A rejection without a reason is refused, the choice kept.
    refused = client_ar.post(f"/elections/proposals/{second.pk}/decide/", {"decision": "reject", "reason": ""})
    assert refused.status_code == 400 and "سبب" in refused.content.decode()
    second.refresh_from_db()
    assert second.status == ProposalStatus.PROPOSED
    for p in (first, second):
        answer = client_ar.post(f"/elections/proposals/{p.pk}/decide/", {"decision": "accept", "reason": ""})
        assert answer.status_code == 302
        placed = client_ar.post(f"/elections/proposals/{p.pk}/place/")
        assert placed.status_code == 302
    rows = list(ListCandidate.objects.order_by("rank"))
    assert [r.member.card_number for r in rows] == ["Q-L1", "Q-L2"]
    cl = rows[0].candidate_list
    page = client_ar.get(f"/elections/lists/{cl.pk}/").content.decode()
    # Two candidates for three seats, nobody under 35 in the first places, no woman: incomplete, with the reasons.
    assert "غير مكتملة" in page
    assert page.count("غير مكتملة:") >= 3
    # Move the second up, without JavaScript (a plain form post).
    moved = client_ar.post(f"/elections/lists/{cl.pk}/move/{rows[1].pk}/", {"direction": "up"})
    assert moved.status_code == 302 and moved["Location"].endswith("#order")
    assert [r.member.card_number for r in ListCandidate.objects.order_by("rank")] == ["Q-L2", "Q-L1"]
    assert AuditEntry.objects.filter(action="election.list_reorder").count() == 1
    # The endorsement letter names every candidate in order, in Arabic.
    pdf = client_ar.get(f"/elections/lists/{cl.pk}/endorsement.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Q-L2" in text and "Q-L1" in text
    assert text.index("Q-L2") < text.index("Q-L1")


def test_the_api_answers_the_criteria_and_the_list(world, client_ar):
    proposal = _propose_ready(world, "Q-API")
    proposal_decide(acting_user=None, scope=EVERYTHING, proposal=proposal, accept=True)
    row = list_place(acting_user=None, scope=EVERYTHING, proposal=proposal)
    election = world["election"]
    answer = json.loads(client_ar.get(f"/api/v1/elections/{election.pk}/proposals").content)
    [item] = answer["items"]
    assert item["card_number"] == "Q-API" and answer["next_after"] is None
    seniority = next(c for c in item["criteria"] if c["rule"] == "seniority")
    assert seniority["met"] and seniority["required"]
    lists = json.loads(client_ar.get(f"/api/v1/elections/{election.pk}/lists").content)
    assert lists[0]["id"] == row.candidate_list_id and lists[0]["candidates"][0]["is_head"]
    assert lists[0]["problems"]  # one candidate for three seats
    constituencies = json.loads(client_ar.get(f"/api/v1/elections/{election.pk}/constituencies").content)
    assert sum(1 for c in constituencies if c["women_only"]) == 12


def test_the_tetouan_head_sees_nothing_of_taounate_and_changes_nothing(world, login):
    proposal = _propose_ready(world, "Q-HIDE")
    proposal_decide(acting_user=None, scope=EVERYTHING, proposal=proposal, accept=True)
    row = list_place(acting_user=None, scope=EVERYTHING, proposal=proposal)
    election = world["election"]
    client = login(world["tetouan"]["user"], language="ar")
    before = (
        list(Proposal.objects.values_list("pk", "status", "reason")),
        list(ListCandidate.objects.values_list("pk", "rank", "is_head")),
    )
    listing = client.get(f"/elections/{election.pk}/proposals/").content.decode()
    assert "Q-HIDE" not in listing and proposal.member.person.full_name not in listing
    for url in (
        f"/elections/proposals/{proposal.pk}/",
        f"/elections/lists/{row.candidate_list_id}/",
        f"/elections/lists/{row.candidate_list_id}/endorsement.pdf",
        f"/api/v1/elections/proposals/{proposal.pk}",
        f"/api/v1/elections/lists/{row.candidate_list_id}",
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"/elections/proposals/{proposal.pk}/decide/", {"decision": "reject", "reason": "x"}),
        (f"/elections/proposals/{proposal.pk}/place/", {}),
        (f"/elections/lists/{row.candidate_list_id}/move/{row.pk}/", {"direction": "down"}),
        (f"/elections/lists/{row.candidate_list_id}/head/{row.pk}/", {}),
        (
            f"/elections/lists/{row.candidate_list_id}/filing/{row.pk}/",
            {"kind": "signatures", "received_on": "01/09/2026"},
        ),
        (f"/elections/lists/{row.candidate_list_id}/result/", {"votes": 5, "seats_won": 1}),
    ):
        assert client.post(url, data).status_code in (403, 404), url
    api = json.loads(client.get(f"/api/v1/elections/{election.pk}/proposals").content)
    assert api["items"] == []
    after = (
        list(Proposal.objects.values_list("pk", "status", "reason")),
        list(ListCandidate.objects.values_list("pk", "rank", "is_head")),
    )
    assert after == before
