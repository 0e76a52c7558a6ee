"""What the registration drive declares to the extension points below it (from `VotersConfig.ready`): audit
actions, error codes, the audit page's words, the member page's panel, the dossier part and the erasure step.

For the elections app below it, the candidate rule "registered on the electoral lists" (`elections.rules`), judged
from each member's current statement; `selectors.registered_member_ids(scope=, member_ids=)` answers it in bulk."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import ChangeKey, declare_change_keys, declare_names, ids_of
from tanzim.elections.rules import Batch, Verdict, rule
from tanzim.errors import declare_errors

from . import dossier, panels  # noqa: F401  (the member page's card; the copy and the erasure)
from .models import Source, Status
from .selectors import registrations_of, statement_list, target_list

declare_actions(
    "voters",
    {
        "voters.record": _("Voter registration status recorded"),
        "voters.target": _("Voter registration target set"),
        "voters.revision": _("Calendar of the electoral lists' revision set"),
        "voters.calls": _("Call list of the registration drive read"),
        "voters.export": _("Call list of the registration drive exported"),
    },
    grouped=["voters.calls"],
)

declare_errors(
    "voters",
    {
        "outside_scope": _("outside your territory"),
        "unknown_choice": _("unknown choice"),
        "future": _("date in the future"),
        "not_a_commune": _("not a commune"),
        "commune_unregistered": _("commune given for a member not registered"),
        "empty": _("nothing chosen"),
        "too_many": _("too many at once"),
        "bad_share": _("invalid share"),
        "deadline_after_close": _("deadline after the lists close"),
        "bad_year": _("impossible year"),
        "dates_order": _("dates in the wrong order"),
    },
)

declare_change_keys(
    "voters",
    {
        "member": ChangeKey(_("Member"), refers_to="members.member"),
        "status": ChangeKey(_("Registration status"), choices=Status.choices),
        "source": ChangeKey(_("Declared by"), choices=Source.choices),
        "commune": ChangeKey(_("Commune of registration"), refers_to="territory.code"),
    },
    record_type="voters.statement",
)
declare_change_keys(
    "voters",
    {"revision": _("Revision of the electoral lists"), "new": _("New")},
    record_type="voters.target",
)
declare_change_keys("voters", {"new": _("New")}, record_type="voters.revision")
# The call list's reads and exports (rows of kind "voters.calllist": a list, not a record).
declare_change_keys(
    "voters",
    {
        "place": ChangeKey(_("Territory"), refers_to="territory.code"),
        "filters": _("Filters"),
        "shown": _("Shown"),
        "count": _("Rows"),
        "format": _("Format"),
        "personal": _("With personal data"),
    },
    record_type="voters.calllist",
)


def _statements(ids, scope):
    return {
        str(s.pk): f"{s.get_status_display()} — {s.member.person.full_name}"
        for s in statement_list(scope=scope).filter(pk__in=ids_of(ids))
    }


def _targets(ids, scope):
    return {
        str(t.pk): f"{t.revision.year} — {t.body.name}" for t in target_list(scope=scope).filter(pk__in=ids_of(ids))
    }


declare_names("voters.statement", _statements, app="voters")
declare_names("voters.target", _targets, app="voters")


@rule("registered", label=_("Registered on the electoral lists"), order=95)
def registered(batch: Batch, params: dict) -> dict[int, Verdict]:
    """Met when the member's current statement says registered; the evidence is that statement and its day."""
    found = registrations_of(scope=batch.scope, member_ids=batch.member_ids)
    out = {}
    for p in batch.proposals:
        r = found.get(p.member_id)
        if r is None:
            out[p.pk] = Verdict(False, gettext("no statement of registration on record"))
        else:
            said = gettext("%(status)s, checked on %(day)s") % {
                "status": r.get_status_display(),
                "day": r.checked_on.strftime("%d/%m/%Y"),
            }
            out[p.pk] = Verdict(r.status == Status.REGISTERED, said)
    return out
