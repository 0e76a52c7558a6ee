"""The elections demo: 2026 as a past election whose elected became mandates, 2027 communal proposals under way."""

from django.core.management import call_command

from tanzim.elections.models import CandidateList, Election, ElectionKind, ListStatus, Proposal
from tanzim.members.demo import demo_members_load
from tanzim.members.models import ElectedMandate
from tanzim.organization.demo import demo_load


def test_the_demo_gives_a_past_legislative_election_and_communal_proposals_once(db, capsys):
    assert demo_load() is True
    demo_members_load()
    call_command("elections_demo")
    lists = CandidateList.objects.select_related("constituency", "result")
    assert lists.count() == 3
    assert all(cl.status == ListStatus.FILED and cl.result is not None for cl in lists)
    women = lists.get(constituency__is_regional=True)
    assert women.constituency.women_only
    assert {c.member.person.gender for c in women.candidates.select_related("member__person")} == {"f"}
    elected = ElectedMandate.objects.filter(term_start=2026, office="representative")
    assert elected.count() == sum(cl.result.seats_won for cl in lists) >= 3
    assert elected.filter(head_of_list=True).count() == 3
    communal = Election.objects.get(kind=ElectionKind.COMMUNAL)
    assert communal.constituencies.filter(ballot="list").exists()
    assert communal.constituencies.filter(ballot="uninominal").exists()
    under_way = Proposal.objects.filter(election=communal)
    assert under_way.filter(status="proposed").exists() and under_way.filter(status="accepted").exists()
    before = (Proposal.objects.count(), ElectedMandate.objects.count())
    call_command("elections_demo")
    assert (Proposal.objects.count(), ElectedMandate.objects.count()) == before
    assert "nothing changed" in capsys.readouterr().out
