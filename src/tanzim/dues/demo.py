"""Dues for the demo party: the rates, a ledger for the members of Tétouan (paid, paid late, lapsed, never paid,
exempt), and the branch's transfer to the province, so the treasurer's pages are not empty."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tanzim.members.models import Member
from tanzim.organization.models import Body
from tanzim.territory.scope import Scope

from .models import LedgerEntry, Method, Rate
from .selectors import rate_for
from .services import payment_record, rate_set, transfer_record, waiver_record

EVERYTHING = Scope.everything()
RATES = [
    ("standard", "100", dt.date(2020, 1, 1)),
    ("standard", "120", dt.date(2025, 1, 1)),
    ("student", "20", dt.date(2020, 1, 1)),
    ("unemployed", "20", dt.date(2020, 1, 1)),
    ("elected", "600", dt.date(2020, 1, 1)),
    ("parliament", "3000", dt.date(2020, 1, 1)),
    ("reduced", "50", dt.date(2020, 1, 1)),
]
TETOUAN = "01/01.571/"


def demo_dues_load(*, seed: int = 13, limit: int = 400, today: dt.date | None = None) -> int:
    """Rates and a ledger for up to `limit` members of Tétouan (idempotent: nothing when a ledger exists)."""
    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 — demo data, not secrets
    with transaction.atomic():
        if not Rate.objects.exists():
            for category, amount, since in RATES:
                rate_set(
                    acting_user=None, scope=EVERYTHING, category=category, amount=Decimal(amount), applies_from=since
                )
        # Once is enough: a ledger the treasurers wrote (years the registry declared are not the treasurers').
        if LedgerEntry.objects.exclude(method=Method.DECLARED).exists():
            return 0
        members = list(
            Member.objects.filter(path__startswith=TETOUAN, local_body__isnull=False)
            .select_related("person", "local_body")
            .order_by("pk")[:limit]
        )
        made = 0
        for member in members:
            body = member.local_body
            roll = rng.random()
            if roll < 0.15:
                continue  # never paid
            if roll < 0.22:
                waiver_record(
                    acting_user=None,
                    scope=EVERYTHING,
                    body=body,
                    member=member,
                    entry_date=min(dt.date(today.year, 1, 15), today),
                    year_from=today.year,
                    year_to=today.year,
                    reason="بطالة",
                )
                made += 1
                continue
            last = today.year if roll < 0.6 else today.year - rng.randint(1, 2)
            for year in range(last - rng.randint(0, 3), last + 1):
                late = rng.random() < 0.15
                on = (
                    dt.date(year + 1, 2, 10)
                    if late and year < today.year
                    else dt.date(year, rng.randint(1, 3), rng.randint(1, 28))
                )
                on = min(on, today)
                payment_record(
                    acting_user=None,
                    scope=EVERYTHING,
                    body=body,
                    member=member,
                    amount=rate_for("standard", year) or Decimal("100"),
                    entry_date=on,
                    year_from=year,
                    method=rng.choice(["cash", "cash", "cash", "transfer", "cheque"]),
                )
                made += 1
        branch = Body.objects.filter(
            organization__key="party", body_type__key="local_office", territory__code="01.571.01.11"
        ).first()
        if branch is not None and branch.parent_id is not None:
            collected = sum(
                (e.amount for e in LedgerEntry.objects.filter(body=branch, entry_date__year=today.year)), Decimal("0")
            )
            first = (collected * Decimal("0.6")).quantize(Decimal("1"))
            sent = transfer_record(
                acting_user=None,
                scope=EVERYTHING,
                body=branch,
                side="sent",
                amount=first or Decimal("100"),
                on=min(dt.date(today.year, 3, 31), today),
                reference="VIR-2026-01",
            )
            transfer_record(
                acting_user=None,
                scope=EVERYTHING,
                body=branch.parent,
                side="received",
                amount=first or Decimal("100"),
                on=min(dt.date(today.year, 4, 2), today),
                transfer=sent,
            )
            transfer_record(
                acting_user=None,
                scope=EVERYTHING,
                body=branch,
                side="sent",
                amount=(collected * Decimal("0.2")).quantize(Decimal("1")) or Decimal("50"),
                on=min(dt.date(today.year, 6, 30), today),
                reference="VIR-2026-02",
            )
        return made
