"""Elections: the 2026 law data loaded, communal constituencies by population, every criterion met and not met on
known members with its evidence, the competent body's decision, lists and their composition checks, the filing
checklist, results turning into elected mandates, and what stays out of reach beyond a reader's province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tanzim.activities.models import ActivityKind
from tanzim.activities.services import activity_save, participant_add
from tanzim.audit.models import AuditEntry
from tanzim.dues.services import payment_record
from tanzim.elections.composition import composition_problems, missing_documents
from tanzim.elections.models import (
    Ballot,
    CandidateList,
    Constituency,
    Criterion,
    Election,
    ElectionKind,
    ListCandidate,
    Proposal,
    ProposalStatus,
)
from tanzim.elections.selectors import assess, candidates_of, proposal_list
from tanzim.elections.services import (
    ElectionError,
    communal_constituencies_generate,
    competent_body,
    filing_receive,
    legislative_2026_load,
    list_move,
    list_place,
    list_set_head,
    proposal_create,
    proposal_decide,
    result_record,
)
from tanzim.members.models import ElectedMandate
from tanzim.members.services import member_elected_add, member_set_status
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.elections.conftest import TAOUNATE_COMMUNE, TETOUAN_COMMUNE
from tests.members.factories import make_member

EVERYTHING = Scope.everything()
TAOUNATE = Scope.of("03/03.531/")
TETOUAN = Scope.of("01/01.571/")
TODAY = dt.date(2026, 6, 1)


def local(election, code) -> Constituency:
    return election.constituencies.get(territories__code=code, is_regional=False)


def regional(election, code) -> Constituency:
    return election.constituencies.get(territories__code=code, is_regional=True)


def candidate(card, *, gender="m", born=dt.date(1980, 1, 1), joined=dt.date(2014, 3, 1), commune=TAOUNATE_COMMUNE):
    return make_member(
        card, first_ar="مرشح", last_ar=card, gender=gender, birth_date=born, join_date=joined, commune=commune
    )


def propose(world, member, *, constituency=None, body=None, scope=EVERYTHING):
    election = world["election"]
    return proposal_create(
        acting_user=None,
        scope=scope,
        constituency=constituency or local(election, "03.531"),
        body=body or world["taounate"]["province"],
        member=member,
    )


def verdicts(proposal, election, scope=EVERYTHING) -> dict:
    """The verdicts in the words of the source (the catalogues' French and Arabic are checked on the pages)."""
    with translation.override("en"):
        return _verdicts(proposal, election, scope)


def _verdicts(proposal, election, scope) -> dict:
    [a] = assess([proposal_list(scope=scope).get(pk=proposal.pk)], scope=scope, election=election, today=TODAY)
    return {line.criterion.rule: line.verdict for line in a.lines}


# ---------------------------------------------------------------------------------------------- the law's data


def test_the_2026_legislative_election_is_loaded_with_its_constituencies(world):
    election = world["election"]
    assert (election.polling_day, election.filing_opens, election.filing_closes) == (
        dt.date(2026, 9, 23),
        dt.date(2026, 8, 31),
        dt.date(2026, 9, 9),
    )
    assert (election.campaign_opens, election.campaign_closes) == (dt.date(2026, 9, 10), dt.date(2026, 9, 22))
    regionals = election.constituencies.filter(is_regional=True)
    assert regionals.count() == 12
    assert all(c.women_only for c in regionals)
    assert sum(c.seats for c in regionals) == 90
    assert regional(election, "06").seats == 12 and regional(election, "01").seats == 8
    assert regional(election, "12").seats == 3
    provinces = Territory.objects.filter(level="province").count()
    assert election.constituencies.filter(is_regional=False).count() == provinces
    assert local(election, "01.571").ballot == Ballot.LIST
    # Loading again adds nothing.
    legislative_2026_load()
    assert election.constituencies.count() == 12 + provinces
    assert Election.objects.count() == 1


def test_communal_constituencies_follow_the_population_threshold(world):
    election = Election.objects.create(
        kind=ElectionKind.COMMUNAL,
        name_ar="الانتخابات الجماعية 2027",
        name_fr="Communales 2027",
        polling_day=dt.date(2027, 9, 15),
    )
    province = Territory.objects.get(code="01.571")
    made = communal_constituencies_generate(acting_user=None, election=election, within=province)
    communes = Territory.objects.filter(level="commune", path__startswith=province.path, population_2024__isnull=False)
    assert made == communes.count() > 2
    for c in election.constituencies.prefetch_related("territories"):
        [commune] = list(c.territories.all())
        if commune.population_2024 > 50_000:
            assert c.ballot == Ballot.LIST and c.seats > 1, commune.name_fr
        else:
            assert c.ballot == Ballot.UNINOMINAL and c.seats == 1, commune.name_fr
    tetouan = election.constituencies.get(territories__code=TETOUAN_COMMUNE)
    assert tetouan.ballot == Ballot.LIST  # the city of Tétouan counts far more than 50,000 inhabitants
    assert communal_constituencies_generate(acting_user=None, election=election, within=province) == 0


# ------------------------------------------------------------------------------------------------- the criteria


def test_each_criterion_met_on_one_member_and_not_on_another(world):
    election = world["election"]
    province = world["taounate"]["province"]
    strong = candidate("Q-STRONG", gender="f", born=dt.date(1985, 4, 2), joined=dt.date(2014, 3, 1))
    weak = candidate("Q-WEAK", born=dt.date(2005, 1, 1), joined=dt.date(2025, 11, 1))
    # Dues: the strong one paid this year, the weak one never.
    payment_record(
        acting_user=None,
        scope=EVERYTHING,
        body=world["taounate"]["branch"],
        member=strong,
        amount=Decimal("100"),
        entry_date=dt.date(2026, 1, 15),
        year_from=2025,
        year_to=2026,
    )
    # A position: the strong one heads the branch.
    office_renew(
        acting_user=None,
        body=world["taounate"]["branch"],
        held_on=dt.date(2025, 3, 1),
        seats=[Seat(PositionType.objects.get(key="head"), strong.person)],
    )
    # Training followed: present at a training of the province.
    training = activity_save(
        acting_user=None,
        scope=EVERYTHING,
        body=province,
        kind=ActivityKind.objects.get(key="training"),
        theme="تكوين المرشحين",
        starts_on=dt.date(2026, 2, 10),
    )
    participant_add(acting_user=None, scope=EVERYTHING, activity=training, person=strong.person, attended=True)
    participant_add(acting_user=None, scope=EVERYTHING, activity=training, person=weak.person, attended=False)
    # Elected experience.
    member_elected_add(
        acting_user=None,
        scope=EVERYTHING,
        member=strong,
        office="communal_councillor",
        territory=Territory.objects.get(code=TAOUNATE_COMMUNE),
        term_start=2021,
        term_end=None,
        head_of_list=True,
    )
    # A suspension in the past, lifted since: still a sanction on record.
    member_set_status(acting_user=None, scope=EVERYTHING, member=weak, status="suspended", since=dt.date(2026, 1, 5))
    member_set_status(acting_user=None, scope=EVERYTHING, member=weak, status="active", since=dt.date(2026, 3, 5))
    Criterion.objects.filter(election=election, rule="gender").update(params={"gender": "f"})

    good = verdicts(propose(world, strong), election)
    # The weak one lives in Taounate but is proposed for Tétouan's constituency.
    bad = verdicts(propose(world, weak, constituency=local(election, "01.571")), election)
    expected_rules = {
        "seniority",
        "dues",
        "no_sanction",
        "position",
        "training",
        "elected",
        "residence",
        "age",
        "gender",
    }
    assert set(good) == set(bad) == expected_rules
    assert all(v.met for v in good.values()), {k: v.evidence for k, v in good.items() if not v.met}
    assert not any(v.met for v in bad.values()), {k: v.evidence for k, v in bad.items() if v.met}
    assert good["seniority"].evidence == "member since 2014"
    assert bad["seniority"].evidence == "member since 2025"
    assert good["dues"].evidence == "dues paid to 2026"
    assert bad["dues"].evidence == "no dues recorded"
    assert "never suspended" in good["no_sanction"].evidence and "no other sanction" in good["no_sanction"].evidence
    assert bad["no_sanction"].evidence == "suspended on 05/01/2026"
    assert "Taounate" in good["position"].evidence or "تاونات" in good["position"].evidence
    assert bad["position"].evidence == "no current party position"
    assert good["training"].evidence == "training attended on 10/02/2026"
    assert bad["training"].evidence == "no training attended on record"  # invited, not present
    assert good["elected"].evidence.endswith("2021")
    assert bad["elected"].evidence == "no elected mandate on record"
    assert good["residence"].met and not bad["residence"].met
    assert good["age"].evidence == "aged 41" and bad["age"].evidence == "aged 21"
    assert (good["gender"].evidence, bad["gender"].evidence) == ("woman", "man")


def test_dues_in_arrears_and_a_current_suspension_are_read_as_such(world):
    election = world["election"]
    late = candidate("Q-LATE")
    payment_record(
        acting_user=None,
        scope=EVERYTHING,
        body=world["taounate"]["branch"],
        member=late,
        amount=Decimal("50"),
        entry_date=dt.date(2024, 2, 1),
        year_from=2024,
    )
    proposal = propose(world, late)
    member_set_status(acting_user=None, scope=EVERYTHING, member=late, status="suspended", since=dt.date(2026, 4, 1))
    read = verdicts(proposal, election)
    assert not read["dues"].met and read["dues"].evidence == "dues paid only to 2024"
    assert not read["no_sanction"].met and read["no_sanction"].evidence == "suspended since 01/04/2026"


def test_a_page_of_proposals_is_judged_in_a_constant_number_of_queries(world):
    election = world["election"]
    for i in range(3):
        propose(world, candidate(f"Q-P{i}"))
    with CaptureQueriesContext(connection) as few:
        assess(proposal_list(scope=EVERYTHING, election=election), scope=EVERYTHING, election=election, today=TODAY)
    for i in range(3, 12):
        propose(world, candidate(f"Q-P{i}"))
    with CaptureQueriesContext(connection) as many:
        rows = assess(
            proposal_list(scope=EVERYTHING, election=election), scope=EVERYTHING, election=election, today=TODAY
        )
    assert len(rows) == 12
    assert len(many) == len(few)


def test_a_registered_rule_of_another_app_is_judged_with_the_others(world):
    from tanzim.elections import rules

    @rules.rule("test_card", label="card number given", order=200)
    def card(batch, params):
        return {
            p.pk: rules.Verdict(p.member.card_number.startswith("Q-"), p.member.card_number) for p in batch.proposals
        }

    try:
        election = world["election"]
        Criterion.objects.create(election=election, rule="test_card", required=True)
        read = verdicts(propose(world, candidate("Q-RULE")), election)
        assert read["test_card"].met and read["test_card"].evidence == "Q-RULE"
    finally:
        rules.unregister("test_card")
    assert "test_card" not in verdicts(Proposal.objects.get(member__card_number="Q-RULE"), election)


def test_registration_on_the_electoral_lists_is_read_from_the_member_statement(world):
    """The drive's app adds its rule: met on a member whose current statement says registered, with the day it was
    checked; not met on one stated not registered, nor on one nobody asked."""
    from tanzim.voters.services import status_record

    election = world["election"]
    Criterion.objects.create(election=election, rule="registered", required=True)
    registered, refused, unasked = (candidate(card) for card in ("Q-REG1", "Q-REG2", "Q-REG3"))
    status_record(
        acting_user=None, scope=EVERYTHING, member=registered, status="registered", checked_on=dt.date(2026, 3, 2)
    )
    status_record(
        acting_user=None, scope=EVERYTHING, member=refused, status="not_registered", checked_on=dt.date(2026, 4, 1)
    )
    read = {m.card_number: verdicts(propose(world, m), election)["registered"] for m in (registered, refused, unasked)}
    assert read["Q-REG1"].met and read["Q-REG1"].evidence == "Registered, checked on 02/03/2026"
    assert not read["Q-REG2"].met and read["Q-REG2"].evidence == "Not registered, checked on 01/04/2026"
    assert not read["Q-REG3"].met and read["Q-REG3"].evidence == "no statement of registration on record"


# ----------------------------------------------------------------------------------------------- the decision


def test_the_competent_body_decides_and_a_rejection_needs_its_reason(world):
    election = world["election"]
    province = world["taounate"]["province"]
    proposal = propose(world, candidate("Q-DEC"))
    assert competent_body(election, province) == world["bureau"]
    # A legislative candidacy is the national bureau's decision: the provincial office cannot decide it.
    with pytest.raises(ElectionError) as refused:
        proposal_decide(acting_user=None, scope=TAOUNATE, proposal=proposal, accept=True)
    assert refused.value.code == "not_competent"
    with pytest.raises(ElectionError) as refused:
        proposal_decide(acting_user=None, scope=EVERYTHING, proposal=proposal, accept=False, reason="  ")
    assert refused.value.code == "reason_needed"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    proposal_decide(acting_user=None, scope=EVERYTHING, proposal=proposal, accept=False, reason="أقدمية غير كافية")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == (ProposalStatus.REJECTED, "أقدمية غير كافية")
    assert AuditEntry.objects.filter(action="election.reject", target_id=str(proposal.pk)).exists()
    # A communal candidacy of a branch is decided by the provincial office above it.
    communal = Election.objects.create(
        kind=ElectionKind.COMMUNAL, name_ar="ج", name_fr="C", polling_day=dt.date(2027, 9, 1)
    )
    assert competent_body(communal, world["taounate"]["branch"]) == province


def test_a_member_beyond_the_proposing_body_cannot_be_proposed(world):
    stranger = candidate("T-STRANGER", commune=TETOUAN_COMMUNE)
    with pytest.raises(ElectionError) as refused:
        propose(world, stranger)
    assert refused.value.code == "member_outside_body"
    assert not Proposal.objects.exists()


# ---------------------------------------------------------------------------------------------------- lists


def _accepted(world, member, constituency):
    p = propose(world, member, constituency=constituency)
    return proposal_decide(acting_user=None, scope=EVERYTHING, proposal=p, accept=True)


def test_a_list_that_breaks_the_rules_is_shown_incomplete_with_the_reasons(world):
    election = world["election"]
    women_list = regional(election, "03")  # Fès-Meknès: 10 seats, women only
    world_taounate = world["taounate"]
    rows = [
        list_place(acting_user=None, scope=TAOUNATE, proposal=_accepted(world, m, women_list))
        for m in (
            candidate("Q-W1", gender="f", born=dt.date(1970, 1, 1)),
            candidate("Q-M1", born=dt.date(1975, 1, 1)),
            candidate("Q-W2", gender="f", born=dt.date(1968, 1, 1)),
        )
    ]
    assert rows[0].is_head and not rows[1].is_head
    cl = rows[0].candidate_list
    assert cl.body == world_taounate["province"]
    with translation.override("fr"):
        problems = composition_problems(women_list, candidates_of(scope=TAOUNATE, candidate_list=cl), today=TODAY)
    assert "3 candidats pour 10 sièges : il en manque 7" in problems
    assert any(p.startswith("réservée aux femmes, mais") and "Q-M1" in p for p in problems)
    assert "aucun candidat de moins de 35 ans aux 3 premières places" in problems
    # A complete uninominal constituency has nothing missing.
    single = Constituency.objects.create(election=election, name_ar="د", name_fr="D", seats=1, ballot=Ballot.UNINOMINAL)
    single.territories.add(Territory.objects.get(code="03.531"))
    row = list_place(acting_user=None, scope=TAOUNATE, proposal=_accepted(world, candidate("Q-U1"), single))
    assert (
        composition_problems(single, candidates_of(scope=TAOUNATE, candidate_list=row.candidate_list), today=TODAY)
        == []
    )


def test_parity_target_of_a_mixed_list(world):
    election = world["election"]
    c = local(election, "03.531")  # 3 seats, mixed
    for card in ("Q-A", "Q-B", "Q-C"):
        list_place(
            acting_user=None, scope=TAOUNATE, proposal=_accepted(world, candidate(card, born=dt.date(1995, 1, 1)), c)
        )
    cl = CandidateList.objects.get(constituency=c)
    with translation.override("fr"):
        problems = composition_problems(c, candidates_of(scope=TAOUNATE, candidate_list=cl), today=TODAY)
    assert problems == ["0 femmes parmi 3 candidats : l’objectif de parité en demande 1"]


def test_reorder_and_head_of_list(world):
    election = world["election"]
    c = local(election, "03.531")
    a, b, d = (
        list_place(acting_user=None, scope=TAOUNATE, proposal=_accepted(world, candidate(card), c))
        for card in ("Q-R1", "Q-R2", "Q-R3")
    )
    list_move(acting_user=None, scope=TAOUNATE, candidate=d, up=True)
    order = [r.member.card_number for r in candidates_of(scope=TAOUNATE, candidate_list=a.candidate_list)]
    assert order == ["Q-R1", "Q-R3", "Q-R2"]
    list_move(acting_user=None, scope=TAOUNATE, candidate=a, up=True)  # already first: nothing moves
    list_set_head(acting_user=None, scope=TAOUNATE, candidate=b)
    rows = candidates_of(scope=TAOUNATE, candidate_list=a.candidate_list)
    assert [(r.member.card_number, r.is_head) for r in rows] == [("Q-R1", False), ("Q-R3", False), ("Q-R2", True)]


def test_filing_checklist_records_dates_only(world):
    election = world["election"]
    row = list_place(
        acting_user=None, scope=TAOUNATE, proposal=_accepted(world, candidate("Q-F1"), local(election, "03.531"))
    )
    assert len(missing_documents(row)) == 4
    filing_receive(acting_user=None, scope=TAOUNATE, candidate=row, kind="criminal_record", received_on=TODAY)
    row = candidates_of(scope=TAOUNATE, candidate_list=row.candidate_list)[0]
    missing = missing_documents(row)
    assert len(missing) == 3 and not any("Criminal" in m for m in missing)
    [item] = row.filing.all()
    assert item.received_on == TODAY
    assert {f.name for f in item._meta.get_fields()} == {"id", "candidate", "kind", "received_on", "recorded_by"}
    with pytest.raises(ElectionError) as refused:
        filing_receive(
            acting_user=None, scope=TAOUNATE, candidate=row, kind="signatures", received_on=dt.date(2099, 1, 1)
        )
    assert refused.value.code == "future_date"


# -------------------------------------------------------------------------------------------------- results


def test_results_turn_the_elected_into_elected_mandates(world):
    election = world["election"]
    c = local(election, "03.531")
    rows = [
        list_place(acting_user=None, scope=TAOUNATE, proposal=_accepted(world, candidate(card), c))
        for card in ("Q-E1", "Q-E2", "Q-E3")
    ]
    cl = rows[0].candidate_list
    with pytest.raises(ElectionError) as refused:
        result_record(acting_user=None, scope=TAOUNATE, candidate_list=cl, votes=100, seats_won=4)
    assert refused.value.code == "too_many_seats"
    assert not ElectedMandate.objects.exists()
    result, made = result_record(acting_user=None, scope=TAOUNATE, candidate_list=cl, votes=18_432, seats_won=2)
    assert (result.votes, result.seats_won, len(made)) == (18_432, 2, 2)
    mandates = ElectedMandate.objects.order_by("member__card_number")
    assert [(m.member.card_number, m.office, m.term_start, m.head_of_list) for m in mandates] == [
        ("Q-E1", "representative", 2026, True),
        ("Q-E2", "representative", 2026, False),
    ]
    assert mandates[0].territory.code == "03.531"
    # Recorded again (a correction of the votes): no mandate twice.
    result_record(acting_user=None, scope=TAOUNATE, candidate_list=cl, votes=18_500, seats_won=2)
    assert ElectedMandate.objects.count() == 2


# ------------------------------------------------------------------------------------------------- the scope


def test_tetouan_sees_nothing_of_taounate_and_cannot_write_it(world):
    election = world["election"]
    proposal = propose(world, candidate("Q-SC1"))
    accepted = _accepted(world, candidate("Q-SC2"), local(election, "03.531"))
    row = list_place(acting_user=None, scope=TAOUNATE, proposal=accepted)
    assert proposal_list(scope=TETOUAN).count() == 0
    assert proposal_list(scope=TAOUNATE).count() == 2
    before = (
        list(Proposal.objects.values_list("pk", "status", "reason")),
        list(ListCandidate.objects.values_list("pk", "rank", "is_head")),
        AuditEntry.objects.filter(action__startswith="election.").count(),
    )
    attempts = [
        lambda: propose(world, candidate("Q-SC3"), scope=TETOUAN),
        lambda: proposal_decide(acting_user=None, scope=TETOUAN, proposal=proposal, accept=True),
        lambda: list_place(acting_user=None, scope=TETOUAN, proposal=accepted),
        lambda: list_move(acting_user=None, scope=TETOUAN, candidate=row, up=False),
        lambda: list_set_head(acting_user=None, scope=TETOUAN, candidate=row),
        lambda: filing_receive(acting_user=None, scope=TETOUAN, candidate=row, kind="signatures", received_on=TODAY),
        lambda: result_record(acting_user=None, scope=TETOUAN, candidate_list=row.candidate_list, votes=1, seats_won=1),
    ]
    for attempt in attempts:
        with pytest.raises(ElectionError) as refused:
            attempt()
        assert refused.value.code in ("outside_scope", "member_outside_body")
    # (the member made for the first attempt writes its own audit row: the elections' rows are compared)
    after = (
        list(Proposal.objects.values_list("pk", "status", "reason")),
        list(ListCandidate.objects.values_list("pk", "rank", "is_head")),
        AuditEntry.objects.filter(action__startswith="election.").count(),
    )
    assert after == before
    assert not ElectedMandate.objects.exists()
