"""Two entries of one person, both proposed in the same constituency, merged from the duplicates page: one
candidacy stays (the one further along), or the merge is refused with a reason — never an error page."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import translation

from tanzim.activities.models import ActivityKind, Participant
from tanzim.activities.services import activity_save, participant_add
from tanzim.elections.models import ListCandidate, Proposal
from tanzim.elections.services import list_place, proposal_decide
from tanzim.members.models import Member
from tanzim.members.services import MemberError, member_merge, records_beyond
from tests.elections.test_elections import EVERYTHING, candidate, local, propose


def test_the_candidacy_further_along_stays_with_the_kept_entry(world):
    keep, drop = candidate("Q-KEEP"), candidate("Q-DROP")
    propose(world, keep)
    accepted = propose(world, drop)
    proposal_decide(acting_user=None, scope=EVERYTHING, proposal=accepted, accept=True)
    other = propose(world, drop, constituency=local(world["election"], "01.571"))

    member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)

    assert not Member.objects.filter(pk=drop.pk).exists()
    mine = Proposal.objects.filter(member=keep).order_by("id")
    assert [(p.pk, p.status) for p in mine] == [(accepted.pk, "accepted"), (other.pk, "proposed")]


def test_two_places_on_one_list_stop_the_merge_and_change_nothing(world):
    keep, drop = candidate("Q-KEEP", gender="f"), candidate("Q-DROP")
    for member in (keep, drop):
        proposal = propose(world, member)
        proposal_decide(acting_user=None, scope=EVERYTHING, proposal=proposal, accept=True)
        list_place(acting_user=None, scope=EVERYTHING, proposal=proposal)

    with pytest.raises(MemberError) as refused:
        member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)

    assert refused.value.code == "linked_record_clash"
    assert Member.objects.filter(pk=drop.pk).exists()
    assert ListCandidate.objects.filter(member__in=[keep, drop]).count() == 2


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_province_cannot_merge_away_a_candidacy_the_national_bureau_decides(world, client, language):
    """A legislative candidacy is decided by the national bureau: merging its entry away rewrites that record, so
    Taounate's head is told who must merge, in her language, and nothing changes."""
    keep, drop = candidate("Q-KEEP", gender="f"), candidate("Q-DROP")
    proposal = propose(world, drop)
    client.force_login(world["taounate"]["user"])
    client.cookies["django_language"] = language

    response = client.post(reverse("members:merge", args=[keep.pk, drop.pk]), follow=True)

    assert response.status_code == 200
    with translation.override(language):
        expected = str(records_beyond().message)
    assert expected in html.unescape(response.content.decode())
    assert Member.objects.filter(pk=drop.pk).exists()
    assert Proposal.objects.get(pk=proposal.pk).member_id == drop.pk


def test_two_entries_named_in_one_activity_keep_one_participation_marked_present(world):
    """The same merge for activities: one line per person and activity, present if either line said so."""
    keep, drop = candidate("Q-KEEP"), candidate("Q-DROP")
    training = activity_save(
        acting_user=None,
        scope=EVERYTHING,
        body=world["taounate"]["province"],
        kind=ActivityKind.objects.get(key="training"),
        theme="تكوين المرشحين",
        starts_on=dt.date(2026, 2, 10),
    )
    seminar = activity_save(
        acting_user=None,
        scope=EVERYTHING,
        body=world["taounate"]["province"],
        kind=ActivityKind.objects.get(key="training"),
        theme="ندوة",
        starts_on=dt.date(2026, 3, 10),
    )
    participant_add(acting_user=None, scope=EVERYTHING, activity=training, person=keep.person, attended=False)
    participant_add(acting_user=None, scope=EVERYTHING, activity=training, person=drop.person, attended=True)
    participant_add(acting_user=None, scope=EVERYTHING, activity=seminar, person=drop.person, attended=False)

    member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)

    lines = sorted(Participant.objects.values_list("activity_id", "person_id", "attended"))
    assert lines == [(training.pk, keep.person_id, True), (seminar.pk, keep.person_id, False)]
