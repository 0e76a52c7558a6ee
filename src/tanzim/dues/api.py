"""/api/v1/dues: a member's standing and ledger, a body's members with their standing (the treasurer's list, by
pages), the receipts a body gave, and recording a payment — the same capability, checks, audit and receipt number
as the treasurer's page. Read: who keeps (DUES) or audits (AUDIT_READ) the dues there; write: who keeps them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tanzim.api.errors import ERRORS, Day, Id, Refusal
from tanzim.audit.services import audit_record
from tanzim.members.selectors import member_get
from tanzim.organization.selectors import body_get
from tanzim.territory.capability import Capability

from .models import Kind, Method
from .selectors import FILTERS, PAGE, entry_get, ledger_list, member_standing, reversed_ids, standing_list
from .services import DuesError, payment_record
from .standing import StandingNow, year_lines

router = Router()
DUES = Capability.DUES

Year = Annotated[int, Field(ge=1975, le=2100)]


def _may_read(request, path) -> bool:
    return request.authority.can(DUES, path) or request.authority.can(Capability.AUDIT_READ, path)


def _readable(request, path) -> None:
    if not _may_read(request, path):
        raise PermissionDenied(_("Your responsibilities do not include the dues here."))


class StandingOut(Schema):
    status: str = Field(description="up_to_date, arrears, never_paid or exempt, in the year asked")
    since: dt.date | None = Field(description="In arrears since this day (the first year not covered)")
    through: int | None = Field(description="The last year of the latest run of covered years")


def _standing(s: StandingNow) -> dict:
    return {"status": s.status, "since": s.since, "through": s.through}


class EntryOut(Schema):
    id: int
    kind: str = Field(description="payment, adjustment, waiver or reversal")
    amount: Decimal = Field(description="Dirhams (a reversal's is negative)")
    entry_date: dt.date
    year_from: int | None
    year_to: int | None
    method: str = Field(description="cash, transfer, cheque, declared (an import's years), or empty")
    receipt: str = Field(description="Receipt number, year/number of the collecting body, or empty")
    body_id: int | None = Field(description="The collecting body")
    reason: str
    reverses_id: int | None = Field(description="The entry a reversal cancels")
    cancelled: bool = Field(description="A reversal cancelled this entry")


def _entry(e, cancelled: set[int]) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "amount": e.amount,
        "entry_date": e.entry_date,
        "year_from": e.year_from,
        "year_to": e.year_to,
        "method": e.method,
        "receipt": e.receipt,
        "body_id": e.body_id,
        "reason": e.reason,
        "reverses_id": e.reverses_id,
        "cancelled": e.pk in cancelled,
    }


class YearOut(Schema):
    year: int
    state: str = Field(description="paid, paid_late, waived or lapse")


class MemberDuesOut(Schema):
    member_id: int
    card_number: str
    year: int
    category: str
    standing: StandingOut
    years: list[YearOut] = Field(description="Year by year, newest first: a lapse and a late payment shown as such")
    entries: list[EntryOut] = Field(description="The ledger, newest first")


class RowOut(Schema):
    member_id: int
    card_number: str
    name: str
    category: str
    standing: StandingOut


class StandingPageOut(Schema):
    year: int
    members: list[RowOut] = Field(description=f"At most {PAGE}, by card number")
    next_after: str | None = Field(description="Give it as `after` for the next page; null on the last page")


class ReceiptOut(Schema):
    id: int
    receipt: str
    receipt_year: int
    receipt_number: int
    member_id: int
    payer_name: str
    amount: Decimal
    entry_date: dt.date
    year_from: int | None
    year_to: int | None
    method: str
    cancelled: bool


class PaymentIn(Schema):
    member_id: Id
    amount: Decimal = Field(description="Dirhams, more than zero, at most two decimals", allow_inf_nan=False)
    entry_date: Day = Field(description="The day it was paid (not in the future)")
    year_from: Year
    year_to: Year | None = Field(None, description="Last year covered (the same year when left out)")
    method: str = Field(Method.CASH, max_length=12, description="cash, transfer or cheque")


@router.get("/members/{id:member_id}", response={200: MemberDuesOut, **ERRORS}, summary="A member's dues")
def member_dues(request, member_id: Id, year: Year | None = None):
    """The member's standing in `year` (this year unless told), year by year, and their ledger."""
    member = member_get(scope=request.scope, pk=member_id)
    _readable(request, member.path)
    year = year or timezone.localdate().year
    entries = list(ledger_list(scope=request.scope, member=member))
    standing, category = member_standing(scope=request.scope, member=member, year=year)
    cancelled = reversed_ids(entries)
    first = member.join_date.year if member.join_date else None
    return {
        "member_id": member.pk,
        "card_number": member.card_number,
        "year": year,
        "category": category,
        "standing": _standing(standing),
        "years": [{"year": line.year, "state": line.state} for line in year_lines(entries, year=year, first=first)],
        "entries": [_entry(e, cancelled) for e in entries],
    }


@router.get(
    "/bodies/{id:body_id}/members",
    response={200: StandingPageOut, **ERRORS},
    summary="A body's members with their standing",
)
def body_members(
    request,
    body_id: Id,
    status: Annotated[str, Field(max_length=16, description="up_to_date, arrears, never_paid, exempt; or all")] = "",
    q: Annotated[str, Field(max_length=80, description="A card number, or part of a name")] = "",
    after: Annotated[str, Field(max_length=32, description="The `next_after` of the previous page")] = "",
    year: Year | None = None,
):
    """The members of the body's territory by card number, a page at a time, with their standing in `year`.
    Every call is recorded in the audit trail, as the treasurer's page is."""
    body = body_get(scope=request.scope, pk=body_id)
    _readable(request, body.path)
    if status and status not in FILTERS:
        raise Refusal("invalid", _("Choose one of the allowed values."), field="status")
    year = year or timezone.localdate().year
    members = standing_list(scope=request.scope, body=body, year=year, status=status, text=q.strip(), after=after)
    more = len(members) > PAGE
    members = members[:PAGE]
    audit_record(
        acting_user=request.user,
        action="dues.list",
        target=body,
        territory_path=body.path,
        changes={
            "filters": {"api": True, "status": status, "q": q, "after": after, "year": year},
            "shown": len(members),
        },
    )
    return {
        "year": year,
        "members": [
            {
                "member_id": m.pk,
                "card_number": m.card_number,
                "name": m.person.full_name,
                "category": m.dues_standing.category if hasattr(m, "dues_standing") else "standard",
                "standing": _standing(m.standing),  # type: ignore[attr-defined]  # set by standing_list
            }
            for m in members
        ],
        "next_after": members[-1].card_number if more and members else None,
    }


@router.get("/bodies/{id:body_id}/receipts", response={200: list[ReceiptOut], **ERRORS}, summary="A body's receipts")
def body_receipts(request, body_id: Id, year: Year | None = None):
    """The receipts the body gave in `year` (this year unless told), by number; a reversed one says so."""
    body = body_get(scope=request.scope, pk=body_id)
    _readable(request, body.path)
    year = year or timezone.localdate().year
    entries = list(
        ledger_list(scope=request.scope, body=body)
        .filter(kind=Kind.PAYMENT, receipt_year=year, receipt_number__isnull=False)
        .order_by("receipt_number")
    )
    cancelled = reversed_ids(entries)
    return [
        {
            "id": e.pk,
            "receipt": e.receipt,
            "receipt_year": e.receipt_year,
            "receipt_number": e.receipt_number,
            "member_id": e.member_id,
            "payer_name": e.payer_name,
            "amount": e.amount,
            "entry_date": e.entry_date,
            "year_from": e.year_from,
            "year_to": e.year_to,
            "method": e.method,
            "cancelled": e.pk in cancelled,
        }
        for e in entries
    ]


@router.post("/bodies/{id:body_id}/payments", response={201: EntryOut, **ERRORS}, summary="Record a payment")
def create_payment(request, body_id: Id, payload: PaymentIn):
    """A payment collected by the body from a member of its territory: it takes the body's next receipt number of
    the payment's year. Only who keeps the dues of the body (treasurer, deputy, head)."""
    body = body_get(scope=request.scope, pk=body_id)
    member = member_get(scope=request.scope, pk=payload.member_id)
    request.authority.require(DUES, body.path)
    try:
        entry = payment_record(
            acting_user=request.user,
            scope=request.authority.scope(DUES).intersection(request.scope),
            body=body,
            member=member,
            amount=payload.amount,
            entry_date=payload.entry_date,
            year_from=payload.year_from,
            year_to=payload.year_to,
            method=payload.method,
        )
    except DuesError as error:
        field = {"member": "member_id"}.get(error.field or "", error.field)
        raise Refusal(error.code, error.message, field=field) from None
    return Status(201, _entry(entry_get(scope=request.scope, pk=entry.pk), set()))
