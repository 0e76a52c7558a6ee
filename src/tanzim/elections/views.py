"""Pages of the elections app: elections and their constituencies, the proposals with their criteria, a
proposal's decision, a list's order, composition, filing checklist and result, and the endorsement letter (PDF).
Thin: selectors read, services write; the write capability is the registry's (MEMBERS_WRITE)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.audit.services import audit_record
from tanzim.members.selectors import youth_birth_cutoff
from tanzim.organization.selectors import body_list, party_profile
from tanzim.territory.capability import Capability

from . import documents
from .composition import composition_problems, missing_documents
from .forms import DecideForm, FilingForm, ProposeForm, ResultForm
from .models import Ballot, ListStatus, ProposalStatus
from .selectors import (
    accepted_not_placed,
    assess,
    candidate_get,
    candidates_of,
    constituency_get,
    constituency_list,
    criterion_list,
    election_get,
    election_list,
    list_get,
    list_list,
    proposal_get,
    proposal_page,
)
from .services import (
    ElectionError,
    competent_body,
    filing_receive,
    list_move,
    list_place,
    list_set_head,
    proposal_create,
    proposal_decide,
    result_record,
)

WRITE = Capability.MEMBERS_WRITE


def _write_scope(request):
    return request.authority.scope(WRITE).intersection(request.scope)


def _refused(form, error: ElectionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _int(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 19 else 0


# ---------------------------------------------------------------------------------------------- elections


def elections_index(request):
    today = timezone.localdate()
    return render(request, "elections/index.html", {"elections": list(election_list()), "today": today})


def election_detail(request, pk: int):
    election = election_get(pk=pk)
    text = request.GET.get("q", "").strip()[:80]
    constituencies = list(constituency_list(election=election, text=text))
    lists = {cl.constituency_id: cl for cl in list_list(scope=request.scope, election=election)}
    for c in constituencies:
        c.party_list = lists.get(c.pk)
    return render(
        request,
        "elections/election.html",
        {
            "election": election,
            "constituencies": constituencies,
            "criteria": criterion_list(election=election),
            "q": text,
            "may_propose": request.authority.can_somewhere(WRITE),
        },
    )


# ---------------------------------------------------------------------------------------------- proposals


def proposals(request, pk: int):
    """The proposals the reader sees, a page at a time, each criterion met (✓) or not (✗) with its evidence."""
    election = election_get(pk=pk)
    status = request.GET.get("status", "")
    constituency = None
    wanted = _int(request.GET.get("constituency", ""))
    if wanted:
        constituency = constituency_get(pk=wanted, election=election)
    page, next_after = proposal_page(
        scope=request.scope,
        election=election,
        after=_int(request.GET.get("after", "")),
        status=status,
        constituency=constituency,
    )
    audit_record(
        acting_user=request.user,
        action="election.proposals_read",
        target=election,
        changes={"count": len(page)},
    )
    return render(
        request,
        "elections/proposals.html",
        {
            "election": election,
            "page": page,
            "criteria": criterion_list(election=election),
            "next_after": next_after,
            "status": status,
            "statuses": ProposalStatus.choices,
            "constituency": constituency,
            "may_propose": request.authority.can_somewhere(WRITE),
        },
    )


def propose(request, pk: int):
    election = election_get(pk=pk)
    request.authority.require_somewhere(WRITE)
    scope = _write_scope(request)
    initial = {}
    wanted = _int(request.GET.get("constituency", ""))
    if wanted:
        initial["constituency"] = constituency_get(pk=wanted, election=election).pk
    form = ProposeForm(
        request.POST or None,
        constituencies=constituency_list(election=election),
        bodies=body_list(scope=scope, organization=None).filter(body_type__category="executive"),
        scope=scope,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = getattr(data["person"], "membership", None)
        if member is None:
            form.add_error("person", _("Only a member of the party can be proposed."))
        else:
            try:
                proposal = proposal_create(
                    acting_user=request.user,
                    scope=scope,
                    constituency=data["constituency"],
                    body=data["body"],
                    member=member,
                    note=data["note"],
                )
            except ElectionError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The candidate was proposed."))
                return redirect(reverse("elections:proposal", args=[proposal.pk]))
    return render(
        request,
        "elections/propose.html",
        {"election": election, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def proposal_detail(request, pk: int, *, form=None, status=200):
    proposal = proposal_get(scope=request.scope, pk=pk)
    election = proposal.election
    [assessment] = assess([proposal], scope=request.scope, election=election)
    deciding = competent_body(election, proposal.body)
    may_decide = request.authority.can(WRITE, deciding.path) and request.authority.can(WRITE, proposal.body.path)
    placed = getattr(proposal, "placement", None) if hasattr(proposal, "placement") else None
    return render(
        request,
        "elections/proposal.html",
        {
            "proposal": proposal,
            "election": election,
            "a": assessment,
            "deciding": deciding,
            "may_decide": may_decide and placed is None,
            "may_place": request.authority.can(WRITE, proposal.body.path)
            and proposal.status == ProposalStatus.ACCEPTED
            and placed is None,
            "placed": placed,
            "form": form or DecideForm(),
        },
        status=status,
    )


@require_POST
def proposal_decide_view(request, pk: int):
    proposal = proposal_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, proposal.body.path)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            proposal_decide(
                acting_user=request.user,
                scope=_write_scope(request),
                proposal=proposal,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except ElectionError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(reverse("elections:proposal", args=[pk]))
    return proposal_detail(request, pk, form=form, status=400)


@require_POST
def proposal_place_view(request, pk: int):
    proposal = proposal_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, proposal.body.path)
    try:
        row = list_place(
            acting_user=request.user,
            scope=_write_scope(request),
            proposal=proposal,
            alternate=request.POST.get("alternate") == "1",
        )
    except ElectionError as error:
        messages.error(request, str(error.message))
        return redirect(reverse("elections:proposal", args=[pk]))
    messages.success(request, _("The candidate was put on the list."))
    return redirect(reverse("elections:list", args=[row.candidate_list_id]))


# ---------------------------------------------------------------------------------------------------- lists


def list_detail(request, pk: int, *, filing_form=None, result_form=None, status=200):
    cl = list_get(scope=request.scope, pk=pk)
    candidates = candidates_of(scope=request.scope, candidate_list=cl)
    profile = party_profile()
    today = timezone.localdate()
    problems = composition_problems(
        cl.constituency, candidates, today=today, youth_age=profile.youth_age_limit if profile else 35
    )
    rows = [{"c": c, "missing": missing_documents(c)} for c in candidates]
    may_write = request.authority.can(WRITE, cl.body.path)
    result = getattr(cl, "result", None) if hasattr(cl, "result") else None
    return render(
        request,
        "elections/list.html",
        {
            "cl": cl,
            "rows": rows,
            "problems": problems,
            "titulars": sum(1 for c in candidates if not c.alternate),
            "expected": cl.constituency.seats if cl.constituency.ballot == Ballot.LIST else 1,
            "may_write": may_write,
            "editable": may_write and cl.status != ListStatus.FILED,
            "waiting": list(accepted_not_placed(scope=request.scope, constituency=cl.constituency))
            if may_write
            else [],
            "deciding": competent_body(cl.election, cl.body),
            "filing_form": filing_form or FilingForm(initial={"received_on": today}),
            "result_form": result_form
            or ResultForm(initial={"votes": result.votes, "seats_won": result.seats_won} if result else None),
            "result": result,
            "youth_cutoff": youth_birth_cutoff(today),
        },
        status=status,
    )


def _candidate_of(request, pk: int, row: int):
    cl = list_get(scope=request.scope, pk=pk)
    candidate = candidate_get(scope=request.scope, pk=row)
    if candidate.candidate_list_id != cl.pk:
        raise Http404
    request.authority.require(WRITE, cl.body.path)
    return cl, candidate


def _back(request, pk: int, anchor: str = "order"):
    return redirect(reverse("elections:list", args=[pk]) + f"#{anchor}")


@require_POST
def list_move_view(request, pk: int, row: int):
    _cl, candidate = _candidate_of(request, pk, row)
    try:
        list_move(
            acting_user=request.user,
            scope=_write_scope(request),
            candidate=candidate,
            up=request.POST.get("direction") != "down",
        )
    except ElectionError as error:
        messages.error(request, str(error.message))
    return _back(request, pk)


@require_POST
def list_head_view(request, pk: int, row: int):
    _cl, candidate = _candidate_of(request, pk, row)
    try:
        list_set_head(acting_user=request.user, scope=_write_scope(request), candidate=candidate)
    except ElectionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The head of the list was designated."))
    return _back(request, pk)


@require_POST
def filing_view(request, pk: int, row: int):
    _cl, candidate = _candidate_of(request, pk, row)
    form = FilingForm(request.POST)
    if form.is_valid():
        try:
            filing_receive(
                acting_user=request.user,
                scope=_write_scope(request),
                candidate=candidate,
                kind=form.cleaned_data["kind"],
                received_on=form.cleaned_data["received_on"],
            )
        except ElectionError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The document was recorded as received."))
            return _back(request, pk, "filing")
    return list_detail(request, pk, filing_form=form, status=400)


@require_POST
def result_view(request, pk: int):
    cl = list_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, cl.body.path)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            _result, made = result_record(
                acting_user=request.user,
                scope=_write_scope(request),
                candidate_list=cl,
                votes=form.cleaned_data["votes"],
                seats_won=form.cleaned_data["seats_won"],
            )
        except ElectionError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("The result was recorded; %(n)s elected mandates were added to the registry.") % {"n": len(made)},
            )
            return _back(request, pk, "result")
    return list_detail(request, pk, result_form=form, status=400)


def endorsement_pdf(request, pk: int):
    """The party's endorsement of the list, in Arabic, naming every candidate in order, for the competent body to
    sign."""
    cl = list_get(scope=request.scope, pk=pk)
    candidates = candidates_of(scope=request.scope, candidate_list=cl)
    with documents.arabic():
        pdf = documents.endorsement_pdf(
            {
                "cl": cl,
                "candidates": candidates,
                "deciding": competent_body(cl.election, cl.body),
                "party": party_profile(),
                "today": timezone.localdate(),
            }
        )
    audit_record(
        acting_user=request.user,
        action="election.endorsement",
        target=cl,
        territory_path=cl.body.path,
        changes={"count": len(candidates)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="endorsement-{cl.pk}.pdf"'
    return response
