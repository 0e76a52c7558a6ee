"""Every read of dues, through the reader's scope (`visible_to`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum
from django.http import Http404

from tanzim.members.models import Member
from tanzim.territory.capability import Capability
from tanzim.territory.scope import Scope

from .models import Category, Kind, LedgerEntry, Rate, Standing, Transfer
from .standing import ARREARS, EXEMPT, NEVER_PAID, UP_TO_DATE, Runs, standing_at

PAGE = 50
CHUNK = 5000  # members per query (under SQLite's limit of variables)
FILTERS = (UP_TO_DATE, ARREARS, NEVER_PAID, EXEMPT)


def _exempt(year: int) -> Q:
    return Q(dues_standing__waived_from__lte=year, dues_standing__waived_to__gte=year)


def _up_to_date(year: int) -> Q:
    return Q(dues_standing__run_from__lte=year, dues_standing__run_to__gte=year) & ~_exempt(year)


def standing_q(status: str, year: int) -> Q:
    """The SQL form of `standing.standing_at` (tests check they agree)."""
    never = Q(dues_standing__run_to__isnull=True)
    if status == EXEMPT:
        return _exempt(year)
    if status == UP_TO_DATE:
        return _up_to_date(year)
    if status == NEVER_PAID:
        return never
    return ~never & ~_up_to_date(year) & ~_exempt(year)


def runs_of_member(member) -> Runs:
    standing = getattr(member, "dues_standing", None) if _has_standing(member) else None
    if standing is None:
        return Runs()
    return Runs(standing.run_from, standing.run_to, standing.waived_from, standing.waived_to)


def _has_standing(member) -> bool:
    try:
        member.dues_standing  # noqa: B018
    except Standing.DoesNotExist:
        return False
    return True


def _page_ids(members: QuerySet, status: str, year: int, after: str, size: int) -> list[int]:
    """The ids of a page of `members` by card number, those whose standing in `year` is `status` only (all: "").

    Without a standing filter, one read of the members. With one, the members are walked by card number in growing
    batches and each batch's standings are read by their ids (the members were read through the scope) and told by
    `standing_at`: the standing table is probed for a page's worth of members, never scanned or joined whole (its
    rows are the whole registry's), so the cost follows the body's size, not the party's."""
    if not status:
        ordered = members.filter(card_number__gt=after) if after else members
        return list(ordered.order_by("card_number").values_list("pk", flat=True)[:size])
    found: list[int] = []
    batch = size * 4
    while len(found) < size:
        ordered = members.filter(card_number__gt=after) if after else members
        walked = list(ordered.order_by("card_number").values_list("pk", "card_number")[:batch])
        if not walked:
            break
        ids = [pk for pk, _card in walked]
        runs = {
            m: Runs(a, b, c, d)
            for m, a, b, c, d in Standing.objects.filter(member_id__in=ids).values_list(
                "member_id", "run_from", "run_to", "waived_from", "waived_to"
            )
        }
        found += [pk for pk in ids if standing_at(runs.get(pk, Runs()), year).status == status]
        if len(walked) < batch:
            break
        after = walked[-1][1]
        batch = min(batch * 4, CHUNK)
    return found[:size]


def standing_list(*, scope: Scope, body, year: int, status: str = "", text: str = "", after: str = "") -> list[Member]:
    """A page of the members of the body's territory with their standing, by card number (`after`: the last card
    number of the previous page). Each member gets `.standing` (a StandingNow).

    The page's ids are read first (`_page_ids`), then those members with their person and standing. The reader's
    scope is cut to the body's territory, so the path is tested once (and the planner estimates it right)."""
    members = Member.objects.visible_to(scope.intersection(Scope.of(body.path)))
    if text:
        members = members.filter(
            Q(card_number__iexact=text)
            | Q(person__last_name_ar__icontains=text)
            | Q(person__first_name_ar__icontains=text)
            | Q(person__last_name_latin__icontains=text)
            | Q(person__first_name_latin__icontains=text)
        )
    ids = _page_ids(members, status if status in FILTERS else "", year, after, PAGE + 1)
    page = list(
        Member.objects.visible_to(scope)
        .filter(pk__in=ids)
        .select_related("person", "dues_standing")
        .order_by("card_number")
    )
    for m in page:
        m.standing = standing_at(runs_of_member(m), year)
    return page


def member_standing(*, scope: Scope, member, year: int):
    """The standing of a member the reader sees (the caller read the member through the scope)."""
    standing = Standing.objects.visible_to(scope).filter(member=member).first()
    if standing is None:
        return standing_at(Runs(), year), Category.STANDARD
    runs = Runs(standing.run_from, standing.run_to, standing.waived_from, standing.waived_to)
    return standing_at(runs, year), standing.category


def ledger_list(*, scope: Scope, member=None, body=None) -> QuerySet:
    entries = LedgerEntry.objects.visible_to(scope).select_related("member__person", "body__territory", "reverses")
    if member is not None:
        entries = entries.filter(member=member)
    if body is not None:
        entries = entries.filter(body=body)
    return entries


def entry_get(*, scope: Scope, pk: int) -> LedgerEntry:
    try:
        return ledger_list(scope=scope).select_related("body__body_type", "body__organization").get(pk=pk)
    except LedgerEntry.DoesNotExist:
        raise Http404 from None


def reversed_ids(entries) -> set[int]:
    return set(LedgerEntry.objects.filter(reverses__in=[e.pk for e in entries]).values_list("reverses_id", flat=True))


def rate_list() -> QuerySet:
    """The party's rates: national, read by every official."""
    return Rate.objects.all()


def rate_for(category: str, year: int) -> Decimal | None:
    """The rate of a category for a year: the latest that applies on 31 December of the year at the latest."""
    rate = (
        Rate.objects.filter(category=category, applies_from__lte=dt.date(year, 12, 31))
        .order_by("-applies_from")
        .first()
    )
    return rate.amount if rate is not None else None


def transfer_list(*, scope: Scope, body) -> QuerySet:
    return (
        Transfer.objects.visible_to(scope)
        .filter(Q(sender=body) | Q(receiver=body))
        .select_related("sender__territory", "sender__body_type", "receiver__territory", "receiver__body_type")
    )


def transfer_get(*, scope: Scope, pk: int) -> Transfer:
    try:
        return Transfer.objects.visible_to(scope).select_related("sender", "receiver").get(pk=pk)
    except Transfer.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Totals:
    body: object
    collected: Decimal
    sent: Decimal
    received: Decimal
    matched: bool


def body_totals(*, scope: Scope, bodies, year: int) -> list[Totals]:
    """Per body, in a year: what it collected (payments and adjustments, reversals deducted), what it sent up and
    what it received from below (each as that side recorded it)."""
    ids = [b.pk for b in bodies]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    collected = dict(
        LedgerEntry.objects.visible_to(scope)
        .filter(body__in=ids, entry_date__range=(start, end))
        .exclude(kind=Kind.WAIVER)
        .values_list("body")
        .annotate(total=Sum("amount"))
        .values_list("body", "total")
    )
    transfers = Transfer.objects.visible_to(scope)
    sent = dict(
        transfers.filter(sender__in=ids, sent_on__range=(start, end))
        .values_list("sender")
        .annotate(total=Sum("sent_amount"))
        .values_list("sender", "total")
    )
    received = dict(
        transfers.filter(receiver__in=ids, received_on__range=(start, end))
        .values_list("receiver")
        .annotate(total=Sum("received_amount"))
        .values_list("receiver", "total")
    )
    unmatched = set(
        transfers.filter(Q(sender__in=ids) | Q(receiver__in=ids))
        .filter(Q(sent_amount__isnull=True) | Q(received_amount__isnull=True) | ~Q(sent_amount=F("received_amount")))
        .values_list("sender", flat=True)
    )
    zero = Decimal("0")
    return [
        Totals(
            b, collected.get(b.pk) or zero, sent.get(b.pk) or zero, received.get(b.pk) or zero, b.pk not in unmatched
        )
        for b in bodies
    ]


def may_read_dues(authority, path: str) -> bool:
    """Who reads a member's or a body's dues (amounts, receipts, waivers and their reasons): who keeps them there,
    or audits there. The dues pages and the member page's dues card ask the same question."""
    return authority.can(Capability.DUES, path) or authority.can(Capability.AUDIT_READ, path)


def paid_years(*, scope: Scope, member_ids) -> dict[int, list[int]]:
    """The years each member's live payments cover (paid or declared), through the reader's scope: what the
    registry shows as the member's years of dues (the member form, the exports)."""
    ids = list(member_ids)
    years: dict[int, set[int]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = (
            LedgerEntry.objects.visible_to(scope)
            .filter(member__in=ids[start : start + CHUNK], kind=Kind.PAYMENT, reversed_by__isnull=True)
            .exclude(year_from__isnull=True)
            .values_list("member_id", "year_from", "year_to")
        )
        for member_id, year_from, year_to in rows:
            years.setdefault(member_id, set()).update(range(year_from, year_to + 1))
    return {m: sorted(y) for m, y in years.items()}
