"""The treasurer's pages: the body's members with their standing, a payment in two taps (htmx), the collection
evening's batch, receipts, reversals, waivers, the money passed up, the rates, the export for the accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tanzim.audit.services import audit_record
from tanzim.members.selectors import member_get, member_list
from tanzim.organization.selectors import body_children, body_get, body_list, party_profile
from tanzim.territory.capability import Capability

from . import documents
from .forms import (
    STANDING_LABELS,
    BatchForm,
    CategoryForm,
    FilterForm,
    PaymentForm,
    RateForm,
    ReverseForm,
    TransferForm,
    WaiverForm,
)
from .models import Category
from .selectors import (
    PAGE,
    body_totals,
    entry_get,
    ledger_list,
    may_read_dues,
    member_standing,
    rate_for,
    rate_list,
    reversed_ids,
    standing_list,
    transfer_get,
    transfer_list,
)
from .services import (
    DuesError,
    category_set,
    entry_reverse,
    payment_record,
    rate_set,
    transfer_record,
    waiver_record,
)
from .standing import UP_TO_DATE

DUES = Capability.DUES


def _may_read(request, path) -> bool:
    return may_read_dues(request.authority, path)


def _body(request, pk: int):
    """The body through the reading scope (404 outside it), and 403 to who neither keeps nor audits its dues."""
    body = body_get(scope=request.scope, pk=pk)
    if not _may_read(request, body.path):
        raise PermissionDenied(_("Your responsibilities do not include the dues here."))
    return body


def _refusal(form, error: DuesError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _refused(request, form, member, action: str):
    """A refused form of the member page, again with what was typed and the reason beside it."""
    return render(request, "dues/refused.html", {"form": form, "member": member, "action": action}, status=400)


def dues_index(request):
    """The bodies whose dues the reader keeps or audits: the bodies of their mandates, or those they read."""
    ids = [s.body_id for s in request.authority.sources if s.body_id and _may_read(request, s.path)]
    bodies = list(body_list(scope=request.scope).filter(pk__in=ids)) if ids else []
    if not bodies and not (
        request.authority.can_somewhere(DUES) or request.authority.can_somewhere(Capability.AUDIT_READ)
    ):
        raise PermissionDenied(_("Your responsibilities do not include the dues."))
    if len(bodies) == 1:
        return redirect("dues:body", bodies[0].pk)
    return render(request, "dues/index.html", {"bodies": bodies})


def _row_context(request, body, member, year):
    return {
        "body": body,
        "m": member,
        "year": year,
        "labels": STANDING_LABELS,
        "can_record": request.authority.can(DUES, body.path),
    }


def body_dues(request, pk: int):
    """The members of the body's territory with their standing this year; filters; pay from a row."""
    body = _body(request, pk)
    year = timezone.localdate().year
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    after = request.GET.get("after", "")[:32]
    members = standing_list(
        scope=request.scope, body=body, year=year, status=data.get("standing", ""), text=data.get("q", ""), after=after
    )
    more = len(members) > PAGE
    members = members[:PAGE]
    audit_record(
        acting_user=request.user,
        action="dues.list",
        target=body,
        territory_path=body.path,
        changes={"filters": request.GET.dict(), "shown": len(members)},
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "dues/body.html",
        {
            "body": body,
            "form": form,
            "members": members,
            "next_after": members[-1].card_number if more and members else "",
            "query": query.urlencode(),
            "year": year,
            "labels": STANDING_LABELS,
            "can_record": request.authority.can(DUES, body.path),
        },
    )


def _default_year(standing, year: int) -> int:
    if standing.status == UP_TO_DATE and standing.through is not None:
        return standing.through + 1
    return year


def member_pay(request, pk: int, member_id: int):
    """GET: the payment form of a row, filled (rate of the member's category, next year due); POST: record it and
    answer the row with its receipt (htmx), or the page (without JavaScript)."""
    body = _body(request, pk)
    member = member_get(scope=request.scope, pk=member_id)
    if not (member.path or "").startswith(body.path):
        raise Http404
    request.authority.require(DUES, body.path)
    year = timezone.localdate().year
    standing, category = member_standing(scope=request.scope, member=member, year=year)
    entry = None
    if request.method == "POST":
        form = PaymentForm(request.POST, auto_id=f"pay{member.pk}_%s")
        if form.is_valid():
            d = form.cleaned_data
            try:
                entry = payment_record(
                    acting_user=request.user,
                    scope=request.authority.scope(DUES),
                    body=body,
                    member=member,
                    amount=d["amount"],
                    entry_date=d["entry_date"],
                    year_from=d["year_from"],
                    year_to=d.get("year_to") or d["year_from"],
                    method=d["method"],
                )
            except DuesError as error:
                _refusal(form, error)
        if entry is not None and not request.htmx:
            return redirect(reverse("dues:body", args=[body.pk]) + f"?q={member.card_number}")
        if entry is not None:
            standing, category = member_standing(scope=request.scope, member=member, year=year)
    else:
        due = _default_year(standing, year)
        form = PaymentForm(initial={"year_from": due, "amount": rate_for(category, due)}, auto_id=f"pay{member.pk}_%s")
    member.standing = standing  # type: ignore[attr-defined]  # what the row shows, as the list sets it
    context = _row_context(request, body, member, year) | {
        "form": form,
        "entry": entry,
        "category_label": Category(category).label,
    }
    template = "dues/_row.html" if (entry is not None and request.htmx) else "dues/pay.html"
    if request.htmx and entry is None:
        template = "dues/_pay_form.html"
    return render(request, template, context)


def batch(request, pk: int):
    """A collection evening: one date, one method, one year, many card numbers; all recorded or none."""
    body = _body(request, pk)
    request.authority.require(DUES, body.path)
    form = BatchForm(
        request.POST or None, initial={"entry_date": timezone.localdate(), "year_from": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        cards = [c.strip() for c in d["cards"].replace(",", "\n").splitlines() if c.strip()]
        found = {
            m.card_number: m
            for m in member_list(scope=request.scope).filter(card_number__in=cards, path__startswith=body.path)
        }
        missing = [c for c in cards if c not in found]
        if missing:
            form.add_error(
                "cards", _("Not members of this body's territory: %(cards)s") % {"cards": ", ".join(missing[:20])}
            )
        elif not cards:
            form.add_error("cards", _("Give at least one card number."))
        else:
            try:
                with transaction.atomic():
                    entries = []
                    for card in dict.fromkeys(cards):
                        m = found[card]
                        _standing, category = member_standing(scope=request.scope, member=m, year=d["year_from"])
                        # An amount typed (0 included, refused below) is the amount; only an empty one reads the rate.
                        given = d.get("amount")
                        amount = given if given is not None else rate_for(category, d["year_from"])
                        if amount is None:
                            raise DuesError(
                                "bad_amount", _("No rate for %(card)s: give the amount.") % {"card": card}, "amount"
                            )
                        entries.append(
                            payment_record(
                                acting_user=request.user,
                                scope=request.authority.scope(DUES),
                                body=body,
                                member=m,
                                amount=amount,
                                entry_date=d["entry_date"],
                                year_from=d["year_from"],
                                method=d["method"],
                            )
                        )
            except DuesError as error:
                _refusal(form, error)
            else:
                return render(
                    request,
                    "dues/batch_done.html",
                    {
                        "body": body,
                        "entries": entries,
                        "message": ngettext("%(n)d payment recorded.", "%(n)d payments recorded.", len(entries))
                        % {"n": len(entries)},
                    },
                )
    return render(request, "dues/batch.html", {"body": body, "form": form})


def receipt(request, pk: int):
    entry = entry_get(scope=request.scope, pk=pk)
    if not entry.receipt_number or not _may_read(request, entry.member.path):
        raise Http404
    audit_record(acting_user=request.user, action="dues.receipt", target=entry, territory_path=entry.member.path)
    cancelled = bool(reversed_ids([entry]))
    with translation.override("ar"):  # the party's receipts are in Arabic, whoever prints them
        pdf = documents.receipt_pdf(
            {"e": entry, "cancelled": cancelled, "printed": timezone.localtime(), "party": party_profile()}
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{entry.receipt_year}-{entry.receipt_number:04d}.pdf"'
    return response


@require_POST
def entry_reverse_view(request, pk: int):
    entry = entry_get(scope=request.scope, pk=pk)
    request.authority.require(DUES, entry.member.path)
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            entry_reverse(
                acting_user=request.user,
                scope=request.authority.scope(DUES),
                entry=entry,
                reason=form.cleaned_data["reason"],
            )
        except DuesError as error:
            _refusal(form, error)
        else:
            return redirect("members:detail", entry.member_id)
    return _refused(request, form, entry.member, reverse("dues:reverse", args=[entry.pk]))


@require_POST
def member_waive(request, pk: int):
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(DUES, member.path)
    form = WaiverForm(request.POST, prefix="waiver")
    if form.is_valid():
        d = form.cleaned_data
        try:
            waiver_record(
                acting_user=request.user,
                scope=request.authority.scope(DUES),
                body=None,
                member=member,
                entry_date=timezone.localdate(),
                year_from=d["year_from"],
                year_to=d.get("year_to") or d["year_from"],
                reason=d["reason"],
            )
        except DuesError as error:
            _refusal(form, error)
        else:
            return redirect("members:detail", member.pk)
    return _refused(request, form, member, reverse("dues:waive", args=[member.pk]))


@require_POST
def member_category(request, pk: int):
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(DUES, member.path)
    form = CategoryForm(request.POST, prefix="category")
    if form.is_valid():
        try:
            category_set(
                acting_user=request.user,
                scope=request.authority.scope(DUES),
                member=member,
                category=form.cleaned_data["category"],
            )
        except DuesError as error:
            _refusal(form, error)
        else:
            return redirect("members:detail", member.pk)
    return _refused(request, form, member, reverse("dues:category", args=[member.pk]))


def money(request, pk: int):
    """What the body collected, sent up and received from below in a year, per body below it too; its transfers
    as each side recorded them, with the differences; recording a side."""
    body = _body(request, pk)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 1975), 2100)
    children = list(body_children(scope=request.scope, body=body))
    can_record = request.authority.can(DUES, body.path)
    form = TransferForm(
        request.POST or None, children=children, above=body.parent_id is not None, initial={"on": timezone.localdate()}
    )
    if request.method == "POST":
        request.authority.require(DUES, body.path)
        if form.is_valid():
            d = form.cleaned_data
            counterpart = next((c for c in children if c.pk == d.get("counterpart")), None)
            transfer = transfer_get(scope=request.scope, pk=d["transfer"]) if d.get("transfer") else None
            try:
                transfer_record(
                    acting_user=request.user,
                    scope=request.authority.scope(DUES),
                    body=body,
                    side=d["side"],
                    amount=d["amount"],
                    on=d["on"],
                    counterpart=counterpart,
                    reference=d.get("reference", ""),
                    transfer=transfer,
                )
            except DuesError as error:
                _refusal(form, error)
            else:
                return redirect(reverse("dues:money", args=[body.pk]) + f"?year={year}")
    return render(
        request,
        "dues/money.html",
        {
            "body": body,
            "year": year,
            "years": [year - 1, year + 1],
            "totals": body_totals(scope=request.scope, bodies=[body, *children], year=year),
            "transfers": transfer_list(scope=request.scope, body=body)[:100],
            "form": form,
            "can_record": can_record,
        },
    )


def export(request, pk: int, fmt: str):
    body = _body(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    # Names leave the platform in the file: as for the member lists, only who may export them here.
    request.authority.require(Capability.EXPORT, body.path)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 1975), 2100)
    entries = list(
        ledger_list(scope=request.scope, body=body).filter(entry_date__year=year).order_by("entry_date", "id")
    )
    audit_record(
        acting_user=request.user,
        action="dues.export",
        target=body,
        territory_path=body.path,
        changes={"year": year, "format": fmt},
    )
    name = f"dues-{body.pk}-{year}"
    cancelled = reversed_ids(entries)
    if fmt == "xlsx":
        return documents.ledger_xlsx(entries, cancelled, name)
    return documents.ledger_csv(entries, cancelled, name)


def rates(request):
    """The party's rates per category, from their dates; who manages dues nationally sets a new one."""
    may_set = request.authority.can(DUES, None)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        request.authority.require(DUES, None)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rate_set(
                    acting_user=request.user,
                    scope=request.authority.scope(DUES),
                    category=d["category"],
                    amount=d["amount"],
                    applies_from=d["applies_from"],
                )
            except DuesError as error:
                _refusal(form, error)
            else:
                return redirect("dues:rates")
    return render(
        request,
        "dues/rates.html",
        {"rates": rate_list(), "form": form, "may_set": may_set, "categories": Category.choices},
    )
