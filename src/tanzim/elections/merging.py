"""Two entries of one person merged (members.merging): their candidacies in the same constituency become one.

The proposal furthest along stays — on a list, then accepted, then proposed, then rejected — and the other goes
(its history stays in the audit log); the kept entry's, when they are as far along. Both on a list: the merge waits
for the list's body to take one off. Proposals in different constituencies move with the entry as any other row.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tanzim.members.merging import merge_step
from tanzim.members.services import MemberError, records_beyond

from .models import ListCandidate, Proposal, ProposalStatus
from .services import competent_body

_ALONG: dict[str, int] = {ProposalStatus.REJECTED: 0, ProposalStatus.PROPOSED: 1, ProposalStatus.ACCEPTED: 2}


def _how_far(proposal: Proposal, placed: set[int]) -> int:
    return 3 if proposal.pk in placed else _ALONG.get(proposal.status, 0)


@merge_step
def candidacies_carry(*, drop, keep, scope) -> None:
    dropped = {p.constituency_id: p for p in Proposal.objects.filter(member=drop)}
    kept = {p.constituency_id: p for p in Proposal.objects.filter(member=keep, constituency_id__in=list(dropped))}
    if not kept:
        return
    both = [(kept[c], dropped[c]) for c in kept]
    placed = set(
        ListCandidate.objects.filter(proposal__in=[p for pair in both for p in pair]).values_list(
            "proposal_id", flat=True
        )
    )
    for mine, theirs in both:
        if mine.pk in placed and theirs.pk in placed:
            raise MemberError(
                "linked_record_clash",
                _(
                    "Both entries are on the party's list in %(constituency)s: the list's body takes one off it "
                    "first, then merge."
                )
                % {"constituency": mine.constituency.name},
            )
        if _how_far(theirs, placed) > _how_far(mine, placed):
            body = mine.body
            if not (scope.covers(body.path) and scope.covers(competent_body(mine.election, body).path)):
                raise records_beyond()
            mine.delete()  # the other entry's candidacy, further along, moves to the kept entry with the rest
        else:
            theirs.delete()
