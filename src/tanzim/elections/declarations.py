"""Everything `elections` gives the other apps: audit actions, error codes, the audit page's words and names."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import ChangeKey, declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors

from .selectors import list_list, proposal_list

declare_actions(
    "elections",
    {
        "election.load": _("Election data loaded"),
        "election.propose": _("Candidate proposed"),
        "election.accept": _("Candidate accepted"),
        "election.reject": _("Candidate rejected"),
        "election.list_place": _("Candidate put on a list"),
        "election.list_reorder": _("List order changed"),
        "election.list_head": _("Head of list designated"),
        "election.list_remove": _("Candidate taken off a list"),
        "election.list_file": _("List filed"),
        "election.filing": _("Filing document received"),
        "election.result": _("Election result recorded"),
        "election.endorsement": _("Endorsement letter printed"),
        "election.proposals_read": _("Proposed candidates read"),
    },
    grouped=["election.proposals_read"],
)

declare_errors(
    "elections",
    {
        "outside_scope": _("outside your territory"),
        "invalid": _("invalid value"),
        "member_outside_body": _("candidate outside the proposing body's territory"),
        "member_not_active": _("member not active"),
        "already_proposed": _("already proposed"),
        "not_competent": _("decision of another body"),
        "reason_needed": _("reason needed"),
        "already_placed": _("already on the list"),
        "not_accepted": _("candidate not accepted"),
        "other_list": _("list of another body"),
        "list_filed": _("list filed"),
        "alternate_head": _("alternate cannot head the list"),
        "future_date": _("date in the future"),
        "too_many_seats": _("too many seats"),
        "not_communal": _("not a communal election"),
    },
)


def _proposals(ids, scope):
    return {
        str(p.pk): f"{p.member.person.full_name} — {p.constituency.name}"
        for p in proposal_list(scope=scope).filter(pk__in=ids_of(ids))
    }


def _lists(ids, scope):
    return {
        str(c.pk): f"{c.constituency.name} — {c.election.name}"
        for c in list_list(scope=scope).filter(pk__in=ids_of(ids))
    }


declare_names("elections.proposal", _proposals, app="elections")
declare_names("elections.candidatelist", _lists, app="elections")
declare_change_keys(
    "elections",
    {
        "member": ChangeKey(_("Member"), refers_to="members.member"),
        "rank": _("Rank"),
        "kind": _("Document"),
        "received_on": _("Received on"),
        "alternate": _("Alternate"),
        "votes": _("Votes"),
        "seats_won": _("Seats won"),
    },
    record_type="elections.candidatelist",
)
declare_change_keys(
    "elections",
    {"constituencies": _("Constituencies"), "count": _("Number of rows")},
    record_type="elections.election",
)
declare_change_keys("elections", {"count": _("Number of candidates")}, record_type="elections.candidatelist")
