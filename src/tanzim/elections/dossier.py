"""Candidacies in the right-of-access copy and in erasure (law 09-08): being proposed as the party's candidate,
the decision and its reason, and a place on a list, are data about a person's political engagement.

The copy lists every proposal of the person the reader can see, with its decision and list place. An erasure keeps
the proposals and list places (a filed list and its endorsement are the party's record; the person row they point
at is itself blanked) and blanks what was typed about the person: the proposal's note and the decision's reason,
in the proposals and in their audit rows. Those records belong to the proposing body and to the body that decided,
which may be above the eraser's territory: `candidacies_reach` names both.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.audit.services import ERASED, audit_redact
from tanzim.people.dossier import DossierPart, dossier_part, erasure_step

from .models import ListCandidate, Proposal, ProposalStatus
from .selectors import proposal_list
from .services import competent_body


@dossier_part("elections")
def candidacies_dossier(*, person, scope) -> DossierPart | None:
    proposals = list(
        proposal_list(scope=scope).filter(member__person=person).select_related("election", "constituency")
    )
    if not proposals:
        return None
    places = {
        c.proposal_id: c for c in ListCandidate.objects.visible_to(scope).filter(proposal__in=[p.pk for p in proposals])
    }
    rows = []
    for p in proposals:
        place = places.get(p.pk)
        if place is None:
            on_list = ""
        elif place.is_head:
            on_list = _("Head of the list")
        elif place.alternate:
            on_list = _("Alternate no. %(rank)d") % {"rank": place.rank}
        else:
            on_list = _("Place no. %(rank)d") % {"rank": place.rank}
        rows.append(
            {
                _("Election"): p.election.name,
                _("Constituency"): p.constituency.name,
                _("Proposing body"): p.body.name,
                _("Proposed on"): timezone.localtime(p.proposed_at).strftime("%d/%m/%Y"),
                _("Decision"): p.get_status_display(),
                _("Reason for the decision"): p.reason,
                _("Note"): p.note,
                _("On the list"): on_list,
            }
        )
    return DossierPart(
        title=_("Candidacies"),
        rows=rows,
        audit_targets={"elections.proposal": [str(p.pk) for p in proposals]},
    )


def candidacies_reach(*, person):
    """The proposing bodies and the bodies that decide their proposals."""
    paths = set()
    for proposal in Proposal.objects.filter(member__person=person).select_related("election", "body"):
        paths.add(proposal.body.path)
        paths.add(competent_body(proposal.election, proposal.body).path)
    return paths


@erasure_step("elections", reach=candidacies_reach)
def candidacies_erase(*, person) -> dict[str, int]:
    proposals = list(Proposal.objects.filter(member__person=person).values_list("pk", flat=True))
    typed = Proposal.objects.filter(pk__in=proposals).exclude(note="", reason="")
    # A rejection keeps a reason (the table requires one): the audit's own mark for an erased value.
    blanked = typed.filter(status=ProposalStatus.REJECTED).update(note="", reason=ERASED)
    blanked += typed.exclude(status=ProposalStatus.REJECTED).update(note="", reason="")
    redacted = sum(
        audit_redact(target_type="elections.proposal", target_id=str(pk), keys=("reason", "note")) for pk in proposals
    )
    return {"proposals_blanked": blanked, "audit_rows_redacted": redacted}
