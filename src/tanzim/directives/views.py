"""Pages of the directives app: to do, follow-up, overdue in my territory, a directive, an assignment."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.organization.selectors import body_get, body_list, body_under, organization_list

from . import selectors
from .forms import EvidenceForm, PassDownForm, SendForm, StateForm
from .models import OPEN_STATES, AssignmentState, TargetRule
from .services import (
    DirectiveError,
    assignment_evidence,
    assignment_pass_down,
    assignment_set_state,
    attachment_path,
    directive_send,
    writer_scope,
)

PAGE = 50


def _show(error: DirectiveError, form) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def todo(request):
    """What my bodies received: open first, nearest due first."""
    bodies = selectors.my_bodies(request.authority)
    rows = selectors.assignments_received(scope=request.scope, bodies=bodies)
    rollups = selectors.rollup_of_passed_down(assignments=rows, on=selectors.casablanca_today())
    for a in rows:
        setattr(a, "rollup", rollups.get(a.pk))  # noqa: B010
    return render(request, "directives/todo.html", {"rows": rows, "has_bodies": bool(bodies), "tab": "todo"})


def followup(request):
    """What my bodies sent, each directive with its roll-up."""
    bodies = selectors.my_bodies(request.authority)
    directives = selectors.directives_sent(scope=request.scope, bodies=bodies)
    return render(
        request, "directives/followup.html", {"directives": directives, "has_bodies": bool(bodies), "tab": "sent"}
    )


def overdue(request):
    """Open assignments past their due date anywhere in the reader's territory (the organization department's
    national page when the reader is national)."""
    page = request.GET.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 6 else 1
    number = max(number, 1)
    total, rows = selectors.overdue_assignments(scope=request.scope, limit=PAGE, offset=(number - 1) * PAGE)
    return render(
        request,
        "directives/overdue.html",
        {
            "rows": rows,
            "total": total,
            "page": number,
            "has_next": number * PAGE < total,
            "tab": "overdue",
        },
    )


def detail(request, pk: int):
    """A directive as its issuer follows it: the counter, and one row per recipient."""
    directive = selectors.directive_get(scope=request.scope, pk=pk)
    rows = selectors.directive_assignments(directive=directive)
    counts = selectors.directive_counts(directive=directive, rows=rows)
    rollups = selectors.rollup_of_passed_down(assignments=rows, on=selectors.casablanca_today())
    for a in rows:
        setattr(a, "rollup", rollups.get(a.pk))  # noqa: B010
    today = selectors.casablanca_today()
    days_left = (directive.due_date - today).days if directive.due_date else None
    return render(
        request,
        "directives/detail.html",
        {
            "directive": directive,
            "rows": rows,
            "counts": counts,
            "structuring": directive.rule == TargetRule.COMMUNES,
            "days_left": days_left,
            "days_past": -days_left if days_left is not None and days_left < 0 else 0,
            "recipients": _recipients(directive),
        },
    )


def _recipients(directive) -> str:
    from .words import recipients_words

    return recipients_words(directive)


def _assignment_page(request, assignment, *, state_form=None, evidence_form=None, pass_form=None, status=200):
    writer = writer_scope(request.authority)
    may_write = writer.covers(assignment.path)
    may_waive = may_write and writer.covers(assignment.directive.issuer.path)
    subs = _sub_bodies(request, assignment) if assignment.body_id else None
    return render(
        request,
        "directives/assignment.html",
        {
            "a": assignment,
            "directive": assignment.directive,
            "may_write": may_write,
            "may_waive": may_waive,
            "states": [s for s in AssignmentState if s != AssignmentState.WAIVED],
            "state_form": state_form or StateForm(),
            "evidence_form": evidence_form or EvidenceForm(initial={"evidence": assignment.evidence}),
            "pass_form": pass_form
            or (
                PassDownForm(
                    bodies=subs, initial={"title": assignment.directive.title, "due_date": assignment.due_date}
                )
                if subs is not None
                else None
            ),
            "attachments": selectors.attachments_of(scope=request.scope, assignment=assignment),
            "passed_down": selectors.passed_down(scope=request.scope, assignment=assignment),
            "is_open": assignment.shown_state in OPEN_STATES,
            "sees_directive": request.scope.covers(assignment.directive.issuer.path),
        },
        status=status,
    )


def _sub_bodies(request, assignment):
    return body_under(scope=request.scope, body=assignment.body).order_by("body_type__order", "path")[:300]


def assignment(request, pk: int):
    a = selectors.assignment_get(scope=request.scope, pk=pk)
    return _assignment_page(request, a)


@require_POST
def assignment_state(request, pk: int):
    """One tap: the assignment's new state (a waiver with its reason)."""
    a = selectors.assignment_get(scope=request.scope, pk=pk)
    form = StateForm(request.POST)
    if form.is_valid():
        try:
            assignment_set_state(
                acting_user=request.user,
                scope=writer_scope(request.authority),
                assignment=a,
                state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
            )
        except DirectiveError as error:
            _show(error, form)
        else:
            messages.success(request, _("The assignment is now: %(state)s.") % {"state": a.get_state_display()})
            return redirect("directives:assignment", pk=a.pk)
    a = selectors.assignment_get(scope=request.scope, pk=pk)
    return _assignment_page(request, a, state_form=form, status=422)


@require_POST
def assignment_evidence_view(request, pk: int):
    a = selectors.assignment_get(scope=request.scope, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            assignment_evidence(
                acting_user=request.user,
                scope=writer_scope(request.authority),
                assignment=a,
                evidence=form.cleaned_data["evidence"],
                upload=form.cleaned_data["file"],
            )
        except DirectiveError as error:
            _show(error, form)
        else:
            messages.success(request, _("The evidence is recorded."))
            return redirect("directives:assignment", pk=a.pk)
    return _assignment_page(request, a, evidence_form=form, status=422)


@require_POST
def assignment_pass_down_view(request, pk: int):
    a = selectors.assignment_get(scope=request.scope, pk=pk)
    if a.body_id is None:
        raise Http404
    form = PassDownForm(request.POST, bodies=_sub_bodies(request, a))
    if form.is_valid():
        try:
            relay = assignment_pass_down(
                acting_user=request.user,
                scope=writer_scope(request.authority),
                assignment=a,
                title=form.cleaned_data["title"],
                details=form.cleaned_data["details"],
                due_date=form.cleaned_data["due_date"],
                level=form.cleaned_data["level"],
                bodies=form.cleaned_data["bodies"],
            )
        except DirectiveError as error:
            _show(error, form)
        else:
            messages.success(request, _("The directive is passed down."))
            return redirect("directives:detail", pk=relay.pk)
    return _assignment_page(request, a, pass_form=form, status=422)


def attachment(request, pk: int):
    """An evidence file, served only to who reads its assignment."""
    item = selectors.attachment_get(scope=request.scope, pk=pk)
    path = attachment_path(item)
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=item.name)


def _send_page(request, issuer, decision=None):
    scope = writer_scope(request.authority)
    if not scope.covers(issuer.path):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Your responsibilities do not include this action here."))
    within = scope.intersection(request.scope)
    bodies = (
        (body_list(scope=within, within=issuer.territory) if issuer.territory else body_list(scope=within))
        .exclude(pk=issuer.pk)
        .order_by("body_type__order", "path")[:300]
    )
    kwargs = {"organizations": organization_list(), "bodies": bodies, "scope": within, "issuer": issuer}
    initial = {"rule": TargetRule.COMMUNES}
    if issuer.territory is not None:
        initial["territory"] = issuer.territory.code
    form = SendForm(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = directive_send(
                acting_user=request.user,
                scope=within,
                issuer=issuer,
                decision=decision,
                title=data["title"],
                details=data["details"],
                due_date=data["due_date"],
                due_months=data["due_months"],
                rule=data["rule"],
                level=data["level"],
                organization=data["organization"],
                territory=data["territory"],
                bodies=data["bodies"],
            )
        except DirectiveError as error:
            _show(error, form)
        else:
            messages.success(request, _("The directive is sent."))
            return redirect("directives:detail", pk=directive.pk)
    return render(
        request,
        "directives/send.html",
        {"form": form, "issuer": issuer, "decision": decision},
        status=422 if request.method == "POST" else 200,
    )


def send(request, pk: int):
    """Send a directive from a body."""
    issuer = body_get(scope=request.scope, pk=pk)
    return _send_page(request, issuer)


def send_from_decision(request, pk: int):
    """Send a directive from a decision of a meeting (due dates count from the meeting's day)."""
    decision = selectors.decision_get(scope=request.scope, pk=pk)
    return _send_page(request, decision.meeting.body, decision)
