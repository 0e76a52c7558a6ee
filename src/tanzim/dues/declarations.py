"""What dues declares to the extension points below it (from `DuesConfig.ready`): audit actions, error codes, the
audit page's words, the member page's panel, the dossier part and the erasure step."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors
from tanzim.members.declared_years import declared_years_reader, declared_years_writer
from tanzim.members.merging import merge_step

from . import dossier, panels  # noqa: F401  (the member page's dues card; the copy and the erasure)
from .selectors import ledger_list, paid_years
from .services import ledger_declare_years, member_merge_carry

declare_actions(
    "dues",
    {
        "dues.pay": _("Dues paid"),
        "dues.waive": _("Dues waived"),
        "dues.adjust": _("Dues adjusted"),
        "dues.reverse": _("Dues entry reversed"),
        "dues.category": _("Dues category changed"),
        "dues.rate": _("Dues rate set"),
        "dues.transfer_sent": _("Dues transfer sent"),
        "dues.transfer_received": _("Dues transfer received"),
        "dues.list": _("Dues list read"),
        "dues.receipt": _("Dues receipt printed"),
        "dues.export": _("Dues ledger exported"),
        "dues.declared": _("Years of dues declared to the registry"),
    },
    grouped=["dues.list"],
)

declare_errors(
    "dues",
    {
        "outside_scope": _("outside your territory"),
        "not_in_body": _("member outside the body's territory"),
        "bad_period": _("impossible period"),
        "future": _("date in the future"),
        "bad_amount": _("invalid amount"),
        "unknown_choice": _("unknown choice"),
        "no_reason": _("reason missing"),
        "not_reversible": _("entry not reversible"),
        "already_reversed": _("entry already reversed"),
        "rate_exists": _("rate already set"),
        "not_your_transfer": _("transfer of another body"),
        "already_recorded": _("side already recorded"),
        "no_body_above": _("no body above"),
        "not_below": _("body not directly below"),
    },
)

declare_change_keys(
    "dues",
    {
        "period": _("Period"),
        "receipt": _("Receipt"),
        "on": _("Date"),
        "filters": _("Filters"),
        "shown": _("Shown"),
        "year": _("Year"),
        "declared": _("Years declared"),
        "members": _("Members"),
    },
    record_type="dues.ledgerentry",
)


def _entries(ids, scope):
    return {
        str(e.pk): f"{e.get_kind_display()} {e.period} — {e.member.person.full_name}"
        for e in ledger_list(scope=scope).filter(pk__in=ids_of(ids))
    }


declare_names("dues.ledgerentry", _entries, app="dues")


# The years an import or the member form declares paid come into the ledger (the registry never writes it), and
# the years the registry shows (the member form, the exports) are read from it.
declared_years_writer(ledger_declare_years)
declared_years_reader(paid_years)

# A merge carries the dropped entry's ledger to the kept one and derives the standing again (a one-to-one row).
merge_step(member_merge_carry)
