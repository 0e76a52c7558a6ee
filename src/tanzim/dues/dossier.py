"""Dues in the right-of-access copy and in erasure: the person's ledger; an erasure keeps the receipts' numbers
and amounts (the accounts need them) and blanks the payer's name and the free-text reasons."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tanzim.people.dossier import DossierPart, dossier_part, erasure_step

from .models import LedgerEntry
from .selectors import ledger_list


@dossier_part("dues")
def dues_dossier(*, person, scope) -> DossierPart | None:
    entries = list(ledger_list(scope=scope).filter(member__person=person))
    if not entries:
        return None
    rows = [
        {
            _("Date"): e.entry_date.strftime("%d/%m/%Y"),
            _("Kind"): e.get_kind_display(),
            _("Amount (MAD)"): str(e.amount),
            _("Period"): e.period,
            _("Method"): e.get_method_display() if e.method else "",
            _("Receipt"): e.receipt,
            _("Reason"): e.reason,
        }
        for e in entries
    ]
    return DossierPart(title=_("Dues"), rows=rows, audit_targets={"dues.ledgerentry": [str(e.pk) for e in entries]})


@erasure_step("dues")
def dues_erase(*, person) -> dict[str, int]:
    # The ledger is append-only for its figures; the person's name and the reasons typed about them go.
    blanked = LedgerEntry.objects.filter(member__person=person).exclude(payer_name="", reason="")
    return {"ledger_entries_blanked": blanked.update(payer_name="", reason="")}
