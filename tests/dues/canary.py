"""The dues records of the canary (Taounate): a payment with its receipt, a waiver whose reason names the canary, a
reversal, and a transfer from the canary's branch to its province. The walk must show none and change none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tanzim.dues.models import LedgerEntry, ReceiptCounter, Standing, Transfer
from tanzim.dues.services import entry_reverse, payment_record, transfer_record, waiver_record
from tanzim.territory.scope import Scope

EVERYTHING = Scope.everything()
CANARY_PATH = "03/03.531/"


def records(canary, own_world) -> dict:
    member, branch, province = canary["member"], canary["branch"], canary["province"]
    paid = payment_record(
        acting_user=None,
        scope=EVERYTHING,
        body=branch,
        member=member,
        amount=Decimal("998877"),
        entry_date=dt.date(2025, 3, 1),
        year_from=2025,
    )
    wrong = payment_record(
        acting_user=None,
        scope=EVERYTHING,
        body=branch,
        member=member,
        amount=Decimal("50"),
        entry_date=dt.date(2025, 3, 2),
        year_from=2024,
    )
    reversal = entry_reverse(
        acting_user=None, scope=EVERYTHING, entry=wrong, reason="Kanarikki", on=dt.date(2025, 3, 3)
    )
    waiver = waiver_record(
        acting_user=None,
        scope=EVERYTHING,
        body=branch,
        member=member,
        entry_date=dt.date(2025, 3, 4),
        year_from=2026,
        year_to=2026,
        reason="الكناريكي",
    )
    transfer = transfer_record(
        acting_user=None,
        scope=EVERYTHING,
        body=branch,
        side="sent",
        amount=Decimal("998877"),
        on=dt.date(2025, 4, 1),
        reference="Kanarikki",
    )
    own_side = transfer_record(
        acting_user=None,
        scope=EVERYTHING,
        body=province,
        side="received",
        amount=Decimal("1"),
        on=dt.date(2025, 4, 2),
        counterpart=branch,
        reference="CANARY-7731",
    )
    return {"entries": [paid, wrong, reversal, waiver], "transfers": [transfer, own_side]}


def ids(canary) -> set[int]:
    made = canary["dues"]
    return {e.pk for e in made["entries"]} | {t.pk for t in made["transfers"]}


def state() -> dict:
    return {
        "entries": sorted(
            LedgerEntry.objects.filter(member__path__startswith=CANARY_PATH).values_list(
                "pk", "kind", "amount", "year_from", "year_to", "receipt_number", "reason", "payer_name", "reverses_id"
            )
        ),
        "standing": sorted(
            Standing.objects.filter(member__path__startswith=CANARY_PATH).values_list(
                "member_id", "category", "run_from", "run_to", "waived_from", "waived_to"
            )
        ),
        "counters": sorted(
            ReceiptCounter.objects.filter(body__path__startswith=CANARY_PATH).values_list("pk", "year", "last")
        ),
        "transfers": sorted(
            Transfer.objects.filter(sender__path__startswith=CANARY_PATH).values_list(
                "pk", "sent_amount", "sent_on", "received_amount", "received_on", "reference"
            )
        ),
    }
