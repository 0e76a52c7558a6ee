"""Candidacies in a person's right-of-access copy, and in erasure (law 09-08): the proposal, the decision and its
reason, the place on a list; erased, the reason goes, and a province cannot erase a candidacy the national office
decided."""

from __future__ import annotations

import pytest
from django.utils import translation

from tanzim.audit.models import AuditEntry
from tanzim.elections.models import Proposal
from tanzim.elections.services import list_place, proposal_decide
from tanzim.people.dossier import dossier_parts
from tanzim.privacy.services import PrivacyError, member_erase
from tests.elections.test_elections import EVERYTHING, TAOUNATE, TETOUAN, candidate, propose


def test_the_copy_lists_the_candidacy_with_its_decision_and_place(world):
    member = candidate("Q-COPY", gender="f")
    accepted = propose(world, member)
    proposal_decide(acting_user=None, scope=EVERYTHING, proposal=accepted, accept=True)
    list_place(acting_user=None, scope=EVERYTHING, proposal=accepted)

    with translation.override("fr"):
        part = dossier_parts(person=member.person, scope=TAOUNATE)["elections"]
    assert part.title == "Candidatures"
    [row] = part.rows
    assert row["Décision"] == "Retenu"
    assert row["Sur la liste"] == "Tête de liste"
    assert part.audit_targets == {"elections.proposal": [str(accepted.pk)]}
    # Read through the reader's scope: Tétouan sees nothing of a Taounate candidacy.
    assert "elections" not in dossier_parts(person=member.person, scope=TETOUAN)


def test_an_erasure_blanks_the_reason_typed_about_the_candidate_in_the_proposal_and_its_audit(world):
    member = candidate("Q-GONE")
    proposal = propose(world, member)
    proposal_decide(
        acting_user=None, scope=EVERYTHING, proposal=proposal, accept=False, reason="متابع قضائيا في ملف شخصي"
    )

    # The national office decided (a legislative candidacy): Taounate may not rewrite that record.
    with pytest.raises(PrivacyError) as refused:
        member_erase(acting_user=None, scope=TAOUNATE, member=member, reason="طلب المعني")
    assert refused.value.code == "records_beyond"
    assert Proposal.objects.get(pk=proposal.pk).reason == "متابع قضائيا في ملف شخصي"

    member_erase(acting_user=None, scope=EVERYTHING, member=member, reason="طلب المعني")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and "متابع" not in proposal.reason
    rows = AuditEntry.objects.filter(target_type="elections.proposal", target_id=str(proposal.pk))
    assert rows.exists() and not any("متابع" in str(r.changes) for r in rows)
