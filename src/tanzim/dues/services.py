"""Every write of dues: keyword-only, the writer first, their scope checked here, one transaction, audited.

The ledger only grows: a mistaken entry is cancelled by a reversal. Each write refreshes the member's `Standing`
in its own transaction, and a payment takes the next receipt number of its body and year under a row lock, so two
treasurers recording at once never get the same number and a cancelled transaction leaves no gap.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.territory.scope import Scope

from .models import Category, Kind, LedgerEntry, Method, Rate, ReceiptCounter, Standing, Transfer
from .standing import runs_of

FIRST_YEAR = 1975  # the party's dues start no earlier
PAID_METHODS = (Method.CASH, Method.TRANSFER, Method.CHEQUE)


class DuesError(CodedError):
    def __init__(self, code: str, message, field: str | None = None):
        super().__init__(code, message)
        self.field = field


def _require(scope: Scope, path: str | None) -> None:
    if not scope.covers(path):
        raise DuesError("outside_scope", _("This lies outside your territory."))


def _require_member_of_body(scope: Scope, member, body) -> None:
    _require(scope, member.path)
    if body is not None:
        _require(scope, body.path)
        if not (member.path or "").startswith(body.path):
            raise DuesError("not_in_body", _("This member does not belong to this body's territory."), "member")


def _check_period(year_from: int, year_to: int, on: dt.date) -> None:
    if year_to < year_from:
        raise DuesError("bad_period", _("The period ends before it starts."), "year_to")
    if year_from < FIRST_YEAR or year_to > on.year + 5:
        raise DuesError("bad_period", _("This period is impossible."), "year_from")


def _check_date(on: dt.date) -> None:
    if on > timezone.localdate():
        raise DuesError("future", _("This date is in the future."), "entry_date")


MAX_AMOUNT = Decimal("10000000")  # the ledger's column: 9 digits, 2 of them decimals


def _check_amount(amount, *, positive: bool) -> None:
    """An amount the ledger can hold: finite, under ten million dirhams, to the centime (more than zero for a
    payment, not zero for an adjustment)."""
    if not isinstance(amount, Decimal) or not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise DuesError("bad_amount", _("Give an amount in dirhams under ten million."), "amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise DuesError("bad_amount", _("Give the amount to the centime at most (two decimals)."), "amount")
    if positive and amount <= 0:
        raise DuesError("bad_amount", _("The amount must be more than zero."), "amount")
    if not amount:
        raise DuesError("bad_amount", _("The amount must not be zero."), "amount")


def _payer(person) -> str:
    """The name the receipt says, as the party writes it: in Arabic when there is one."""
    return " ".join(n for n in (person.first_name_ar, person.last_name_ar) if n) or person.full_name


def standing_refresh(member) -> Standing:
    """Derive the member's standing from their whole ledger (inside the caller's transaction)."""
    runs = runs_of(LedgerEntry.objects.filter(member=member))
    standing, _created = Standing.objects.get_or_create(member=member)
    standing.run_from, standing.run_to = runs.run_from, runs.run_to
    standing.waived_from, standing.waived_to = runs.waived_from, runs.waived_to
    standing.save()
    return standing


def _next_receipt(body, year: int) -> int:
    ReceiptCounter.objects.get_or_create(body=body, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(body=body, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _audit(acting_user, action: str, entry: LedgerEntry, **changes) -> None:
    audit_record(
        acting_user=acting_user,
        action=action,
        target=entry,
        territory_path=entry.member.path,
        changes={k: str(v) for k, v in changes.items()},
    )


def payment_record(
    *,
    acting_user,
    scope: Scope,
    body,
    member,
    amount: Decimal,
    entry_date: dt.date,
    year_from: int,
    year_to: int | None = None,
    method: str = Method.CASH,
) -> LedgerEntry:
    """Record a payment collected by `body` and give it the body's next receipt number of the year."""
    year_to = year_from if year_to is None else year_to
    _require_member_of_body(scope, member, body)
    _check_amount(amount, positive=True)
    if method not in PAID_METHODS:
        raise DuesError("unknown_choice", _("Unknown payment method."), "method")
    _check_date(entry_date)
    _check_period(year_from, year_to, entry_date)
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            member=member,
            body=body,
            kind=Kind.PAYMENT,
            amount=amount,
            entry_date=entry_date,
            year_from=year_from,
            year_to=year_to,
            method=method,
            receipt_year=entry_date.year,
            receipt_number=_next_receipt(body, entry_date.year),
            payer_name=_payer(member.person),
            recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        standing_refresh(member)
        _audit(acting_user, "dues.pay", entry, amount=amount, period=entry.period, receipt=entry.receipt)
    return entry


def waiver_record(
    *, acting_user, scope: Scope, body, member, entry_date: dt.date, year_from: int, year_to: int | None, reason: str
) -> LedgerEntry:
    """Exempt a member from the dues of a period, with the reason."""
    year_to = year_from if year_to is None else year_to
    _require_member_of_body(scope, member, body)
    if not reason.strip():
        raise DuesError("no_reason", _("Say why."), "reason")
    _check_date(entry_date)
    _check_period(year_from, year_to, entry_date)
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            member=member,
            body=body,
            kind=Kind.WAIVER,
            entry_date=entry_date,
            year_from=year_from,
            year_to=year_to,
            reason=reason.strip(),
            recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        standing_refresh(member)
        _audit(acting_user, "dues.waive", entry, period=entry.period, reason=entry.reason)
    return entry


def adjustment_record(
    *, acting_user, scope: Scope, body, member, amount: Decimal, entry_date: dt.date, reason: str
) -> LedgerEntry:
    """A correction of an amount (positive or negative) that covers no period."""
    _require_member_of_body(scope, member, body)
    _check_amount(amount, positive=False)
    if not reason.strip():
        raise DuesError("no_reason", _("Say why."), "reason")
    _check_date(entry_date)
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            member=member,
            body=body,
            kind=Kind.ADJUSTMENT,
            amount=amount,
            entry_date=entry_date,
            reason=reason.strip(),
            recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        standing_refresh(member)
        _audit(acting_user, "dues.adjust", entry, amount=amount, reason=entry.reason)
    return entry


def entry_reverse(*, acting_user, scope: Scope, entry: LedgerEntry, reason: str, on: dt.date | None = None):
    """Cancel a mistaken entry with a reversal entry (its receipt keeps its number, marked cancelled)."""
    on = on or timezone.localdate()
    _require(scope, entry.member.path)
    if entry.body is not None:
        _require(scope, entry.body.path)
    if not reason.strip():
        raise DuesError("no_reason", _("Say why."), "reason")
    if entry.kind == Kind.REVERSAL:
        raise DuesError("not_reversible", _("A reversal cannot be reversed; record the entry again."))
    with transaction.atomic():
        locked = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if LedgerEntry.objects.filter(reverses=locked).exists():
            raise DuesError("already_reversed", _("This entry was already reversed."))
        reversal = LedgerEntry.objects.create(
            member=entry.member,
            body=entry.body,
            kind=Kind.REVERSAL,
            amount=-entry.amount,
            entry_date=on,
            year_from=entry.year_from,
            year_to=entry.year_to,
            reverses=locked,
            reason=reason.strip(),
            recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        standing_refresh(entry.member)
        _audit(acting_user, "dues.reverse", reversal, reverses=entry.pk, amount=entry.amount, reason=reversal.reason)
    return reversal


def category_set(*, acting_user, scope: Scope, member, category: str) -> Standing:
    _require(scope, member.path)
    if category not in Category.values:
        raise DuesError("unknown_choice", _("Unknown category."), "category")
    with transaction.atomic():
        standing = standing_refresh(member)
        before = standing.category
        standing.category = category
        standing.save(update_fields=["category"])
        audit_record(
            acting_user=acting_user,
            action="dues.category",
            target=member,
            territory_path=member.path,
            changes={"category": [before, category]},
        )
    return standing


def rate_set(*, acting_user, scope: Scope, category: str, amount: Decimal, applies_from: dt.date) -> Rate:
    """Set the party's yearly rate of a category from a date on: only who manages dues nationally."""
    if not scope.covers(None):
        raise DuesError("outside_scope", _("Only the national treasury sets the rates."))
    if category not in Category.values:
        raise DuesError("unknown_choice", _("Unknown category."), "category")
    if amount is None or amount < 0:
        raise DuesError("bad_amount", _("The amount must not be negative."), "amount")
    with transaction.atomic():
        if Rate.objects.filter(category=category, applies_from=applies_from).exists():
            raise DuesError("rate_exists", _("A rate of this category already starts on this date."), "applies_from")
        rate = Rate.objects.create(category=category, amount=amount, applies_from=applies_from)
        audit_record(
            acting_user=acting_user,
            action="dues.rate",
            target=rate,
            territory_path="",
            changes={"category": category, "amount": str(amount), "applies_from": applies_from.isoformat()},
        )
    return rate


def transfer_record(
    *,
    acting_user,
    scope: Scope,
    body,
    side: str,
    amount: Decimal,
    on: dt.date,
    counterpart=None,
    reference: str = "",
    transfer: Transfer | None = None,
) -> Transfer:
    """Record a transfer as `body` saw it: sent to the body above (side "sent"), or received from a body below
    (side "received"). With `transfer`, fill this side of a transfer the other side recorded first."""
    _require(scope, body.path)
    if amount is None or amount <= 0:
        raise DuesError("bad_amount", _("The amount must be more than zero."), "amount")
    _check_date(on)
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    with transaction.atomic():
        if transfer is not None:
            transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
            mine = transfer.sender_id if side == "sent" else transfer.receiver_id
            if mine != body.pk:
                raise DuesError("not_your_transfer", _("This transfer is not this body's."))
            if (transfer.sent_amount if side == "sent" else transfer.received_amount) is not None:
                raise DuesError("already_recorded", _("This side of the transfer is already recorded."))
        elif side == "sent":
            if body.parent_id is None:
                raise DuesError("no_body_above", _("This body has no body above it."))
            transfer = Transfer(sender=body, receiver_id=body.parent_id, reference=reference)
        elif side == "received":
            if counterpart is None or counterpart.parent_id != body.pk:
                raise DuesError("not_below", _("Choose a body directly below this one."), "counterpart")
            transfer = Transfer(sender=counterpart, receiver=body, reference=reference)
        else:
            raise DuesError("unknown_choice", _("Unknown side."), "side")
        if side == "sent":
            transfer.sent_amount, transfer.sent_on, transfer.sent_by = amount, on, user
        else:
            transfer.received_amount, transfer.received_on, transfer.received_by = amount, on, user
        transfer.save()
        audit_record(
            acting_user=acting_user,
            action="dues.transfer_sent" if side == "sent" else "dues.transfer_received",
            target=transfer,
            territory_path=body.path,
            changes={"amount": str(amount), "on": on.isoformat(), "reference": transfer.reference},
        )
    return transfer


DECLARE_CHUNK = 5000  # members per query: under SQLite's limit of variables, a bounded memory on a big import


def _covered_years(member_ids) -> set[tuple[int, int]]:
    """(member, year) pairs a live payment already covers, whatever its method."""
    covered: set[tuple[int, int]] = set()
    rows = (
        LedgerEntry.objects.filter(member__in=member_ids, kind=Kind.PAYMENT, reversed_by__isnull=True)
        .exclude(year_from__isnull=True)
        .values_list("member_id", "year_from", "year_to")
    )
    for member_id, year_from, year_to in rows:
        covered.update((member_id, y) for y in range(year_from, year_to + 1))
    return covered


def ledger_declare_years(*, acting_user, scope: Scope, pairs) -> set[int]:
    """Years of dues declared to the registry (an import's "dues years" column, the member form): a payment
    declared for each year no live payment of the member covers yet (amount unknown, no receipt, dated 31 December
    of its year), and the standings derived again. Returns the members who got a new year."""
    from tanzim.members.models import Member
    from tanzim.members.services import common_path

    wanted: dict[int, set[int]] = {}
    for m, y in pairs:
        if FIRST_YEAR <= int(y) <= 2100:
            wanted.setdefault(int(m), set()).add(int(y))
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    given: set[int] = set()
    paths: list[str] = []
    written = 0
    ids = sorted(wanted)
    with transaction.atomic():
        for start in range(0, len(ids), DECLARE_CHUNK):
            chunk = ids[start : start + DECLARE_CHUNK]
            members = {m.pk: m for m in Member.objects.filter(pk__in=chunk).only("pk", "path")}
            for member in members.values():
                _require(scope, member.path)
            covered = _covered_years(list(members))
            new = sorted((m, y) for m in members for y in wanted[m] if (m, y) not in covered)
            LedgerEntry.objects.bulk_create(
                [
                    LedgerEntry(
                        member_id=m,
                        kind=Kind.PAYMENT,
                        amount=Decimal("0"),
                        entry_date=dt.date(y, 12, 31),
                        year_from=y,
                        year_to=y,
                        method=Method.DECLARED,
                        recorded_by=user,
                    )
                    for m, y in new
                ],
                batch_size=2000,
            )
            for member_id in sorted({m for m, _y in new}):
                standing_refresh(members[member_id])
                given.add(member_id)
                paths.append(members[member_id].path)
            written += len(new)
        if written:
            audit_record(
                acting_user=acting_user,
                action="dues.declared",
                target_type="dues.ledgerentry",
                territory_path=common_path(paths),
                changes={"declared": written, "members": len(given)},
            )
    return given


def member_merge_carry(*, drop, keep, scope=None) -> None:
    """Two entries of one person merged (in the merge's transaction, the writer's scope checked by the merge): the
    dropped entry's ledger becomes the kept one's, and the kept one's standing is derived again from the whole of
    it; its category stays, or is the dropped one's when the kept one had none."""
    dropped = Standing.objects.filter(member=drop).first()
    LedgerEntry.objects.filter(member=drop).update(member=keep)
    if dropped is not None:
        dropped.delete()
    had = Standing.objects.filter(member=keep).exists()
    if not had and dropped is None and not LedgerEntry.objects.filter(member=keep).exists():
        return
    standing = standing_refresh(keep)
    if not had and dropped is not None and dropped.category != standing.category:
        standing.category = dropped.category
        standing.save(update_fields=["category"])
