"""The meeting pages: thin — parse, call a selector or a service, render. A refusal is shown beside the form that
caused it, with what was typed kept."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.organization.selectors import body_get, body_list
from tanzim.territory.capability import Capability

from . import invitations
from .documents import document_context
from .documents_read import meeting_record
from .errors import MeetingError
from .forms import (
    AgendaItemForm,
    DecisionForm,
    GuestForm,
    MarkForm,
    MeetingForm,
    ReasonForm,
    RoleFormSet,
    role_picker,
)
from .models import AttendanceStatus, MeetingStatus
from .panels import decision_panels, meeting_panels
from .selectors import (
    agenda_item_get,
    agenda_list,
    attendance_get,
    attendance_list,
    meeting_get,
    meeting_list,
    minutes_version_get,
    minutes_versions,
    quorum,
    role_list,
)
from .services import (
    RoleIn,
    agenda_item_save,
    attendance_add,
    attendance_mark,
    decision_record,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    meeting_update,
    minutes_approve,
    minutes_correct,
)

ROLE_PREFIX = "role"
EMPTY_ROLES = 3


def _writer(request):
    """Where the reader may write minutes, inside where they read."""
    return request.authority.scope(Capability.MINUTES).intersection(request.scope)


def _show_refusal(error: MeetingError, form) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _int(value) -> int | None:
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


# --- the list --------------------------------------------------------------------------------------------------


def meeting_index(request):
    """The meetings of my territory: upcoming (soonest first) and past (latest first), optionally of one body."""
    body = None
    if (pk := _int(request.GET.get("body"))) is not None:
        body = body_get(scope=request.scope, pk=pk)
    upcoming = list(meeting_list(scope=request.scope, body=body, upcoming=True)[:50])
    past = list(meeting_list(scope=request.scope, body=body, upcoming=False)[:50])
    return render(
        request,
        "meetings/list.html",
        {
            "body": body,
            "upcoming": upcoming,
            "past": past,
            "may_create": request.authority.can_somewhere(Capability.MINUTES)
            and (body is None or request.authority.can(Capability.MINUTES, body.path)),
        },
    )


# --- creating and editing -------------------------------------------------------------------------------------


def _role_formset(request, *, data=None, initial=None):
    return RoleFormSet(data, prefix=ROLE_PREFIX, picker=role_picker(scope=_writer(request)), initial=initial)


def _roles(formset) -> list[RoleIn]:
    return [
        RoleIn(
            role=f.cleaned_data["role"],
            person=f.cleaned_data.get("person"),
            name=f.cleaned_data.get("name", ""),
            capacity=f.cleaned_data.get("capacity", ""),
        )
        for f in formset.forms
        if f.cleaned_data and not f.is_empty()
    ]


def _form_page(request, form, formset, *, meeting=None, status=200):
    return render(
        request,
        "meetings/form.html",
        {"form": form, "formset": formset, "meeting": meeting},
        status=status,
    )


_DETAILS = ("kind", "starts_at", "ends_at", "title", "venue", "commune", "opening", "categories")


def _details(data: dict, formset) -> dict:
    """What the meeting form gives the services, the same for a new meeting and a change (the body is fixed once)."""
    return {key: data[key] for key in _DETAILS} | {"roles": _roles(formset)}


def meeting_new(request):
    request.authority.require_somewhere(Capability.MINUTES)
    writer = _writer(request)
    bodies = body_list(scope=writer).order_by("body_type__order", "territory__code")
    if request.method == "POST":
        form = MeetingForm(request.POST, bodies=bodies, scope=request.scope)
        formset = _role_formset(request, data=request.POST)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                meeting = meeting_create(
                    acting_user=request.user, scope=writer, body=data["body"], **_details(data, formset)
                )
            except MeetingError as error:
                _show_refusal(error, form)
            else:
                messages.success(request, _("The meeting was recorded; its attendance register is ready."))
                return redirect(reverse("meetings:detail", args=[meeting.pk]))
        return _form_page(request, form, formset, status=400)
    initial = {}
    if (pk := _int(request.GET.get("body"))) is not None:
        initial["body"] = body_get(scope=writer, pk=pk).pk
    form = MeetingForm(bodies=bodies, scope=request.scope, initial=initial)
    formset = _role_formset(request, initial=[{"role": "chair"}] + [{} for _ in range(EMPTY_ROLES)])
    return _form_page(request, form, formset)


def _meeting_for_writing(request, pk: int):
    meeting = meeting_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.MINUTES, meeting.body.path)
    return meeting


def meeting_edit(request, pk: int):
    meeting = _meeting_for_writing(request, pk)
    writer = _writer(request)
    if request.method == "POST":
        form = MeetingForm(request.POST, scope=request.scope, editing=True)
        formset = _role_formset(request, data=request.POST)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                meeting_update(acting_user=request.user, scope=writer, meeting=meeting, **_details(data, formset))
            except MeetingError as error:
                _show_refusal(error, form)
            else:
                messages.success(request, _("The meeting was changed."))
                return redirect(reverse("meetings:detail", args=[meeting.pk]))
        return _form_page(request, form, formset, meeting=meeting, status=400)
    local = timezone.localtime(meeting.starts_at)
    form = MeetingForm(
        scope=request.scope,
        editing=True,
        initial={
            "kind": meeting.kind_id,
            "day": local.date(),
            "time": local.time(),
            "end_time": timezone.localtime(meeting.ends_at).time() if meeting.ends_at else None,
            "title": meeting.title,
            "venue": meeting.venue,
            "commune": meeting.commune.code if meeting.commune else "",
            "opening": meeting.opening,
            "categories": [c.key for c in meeting.invited_categories.all()],
        },
    )
    roles = [
        {"role": r.role, "person": r.person_id, "name": r.name, "capacity": r.capacity}
        for r in role_list(scope=request.scope, meeting=meeting)
    ]
    formset = _role_formset(request, initial=roles + [{} for _ in range(2)])
    return _form_page(request, form, formset, meeting=meeting)


# --- the meeting page -------------------------------------------------------------------------------------------


def meeting_detail(request, pk: int):
    meeting = meeting_get(scope=request.scope, pk=pk)
    lines = list(attendance_list(scope=request.scope, meeting=meeting))
    items = list(agenda_list(scope=request.scope, meeting=meeting))
    may_write = request.authority.can(Capability.MINUTES, meeting.body.path)
    for item in items:
        item.shown_decisions = [
            (d, decision_panels.for_page(d, scope=request.scope, authority=request.authority))
            for d in item.decisions.all()
        ]
    counts = {s: sum(1 for a in lines if a.status == s) for s in AttendanceStatus.values}
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "roles": list(meeting.roles.all()),
            "categories": [invitations.CATEGORIES.get(c.key, c.key) for c in meeting.invited_categories.all()],
            "lines": lines,
            "counts": counts,
            "quorum": quorum(meeting, lines=lines),
            "items": items,
            "versions": list(minutes_versions(scope=request.scope, meeting=meeting)),
            "may_write": may_write,
            "editable": may_write and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.HELD),
            "item_form": AgendaItemForm(prefix="item"),
            "line_categories": invitations.LINE_CATEGORIES,
            "panels": meeting_panels.for_page(meeting, scope=request.scope, authority=request.authority),
        },
    )


def meeting_status(request, pk: int):
    """The status buttons of the meeting page: mark held, approve the minutes."""
    meeting = _meeting_for_writing(request, pk)
    if request.method != "POST":
        return redirect(reverse("meetings:detail", args=[meeting.pk]))
    action = request.POST.get("action", "")
    try:
        if action == "held":
            meeting_mark_held(acting_user=request.user, scope=_writer(request), meeting=meeting)
            messages.success(request, _("The meeting is marked held."))
        elif action == "approve":
            version = minutes_approve(acting_user=request.user, scope=_writer(request), meeting=meeting)
            messages.success(request, _("The minutes were approved (version %(n)d).") % {"n": version.number})
    except MeetingError as error:
        messages.error(request, error.message)
    return redirect(reverse("meetings:detail", args=[meeting.pk]))


def _reason_page(request, meeting, *, template, service, done):
    if request.method == "POST":
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                service(
                    acting_user=request.user,
                    scope=_writer(request),
                    meeting=meeting,
                    reason=form.cleaned_data["reason"],
                )
            except MeetingError as error:
                _show_refusal(error, form)
            else:
                messages.success(request, done)
                return redirect(reverse("meetings:detail", args=[meeting.pk]))
    else:
        form = ReasonForm()
    return render(request, template, {"meeting": meeting, "form": form}, status=400 if form.errors else 200)


def meeting_cancel_view(request, pk: int):
    meeting = _meeting_for_writing(request, pk)
    return _reason_page(
        request, meeting, template="meetings/cancel.html", service=meeting_cancel, done=_("The meeting was cancelled.")
    )


def minutes_correct_view(request, pk: int):
    meeting = _meeting_for_writing(request, pk)
    return _reason_page(
        request,
        meeting,
        template="meetings/correct.html",
        service=minutes_correct,
        done=_("A correction of the minutes is open; the approved version is kept."),
    )


def minutes_version_view(request, pk: int, number: int):
    meeting = meeting_get(scope=request.scope, pk=pk)
    version = minutes_version_get(scope=request.scope, meeting=meeting, number=number)
    # The version as it was approved, drawn as its PDF is (the same record, in the reader's language).
    record = meeting_record(meeting, scope=request.scope, number=version.number)
    return render(
        request, "meetings/version.html", {"meeting": meeting, "version": version, "c": document_context(record)}
    )


# --- the attendance register --------------------------------------------------------------------------------------


def _register_context(request, meeting, *, guest_form=None):
    lines = list(attendance_list(scope=request.scope, meeting=meeting))
    return {
        "meeting": meeting,
        "lines": lines,
        "quorum": quorum(meeting, lines=lines),
        "present": sum(1 for a in lines if a.status == AttendanceStatus.PRESENT),
        "marked": sum(1 for a in lines if a.status != AttendanceStatus.INVITED),
        "statuses": [s for s in AttendanceStatus.choices if s[0] != AttendanceStatus.INVITED],
        "guest_form": guest_form or GuestForm(scope=_writer(request)),
        "line_categories": invitations.LINE_CATEGORIES,
        "editable": request.authority.can(Capability.MINUTES, meeting.body.path)
        and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.HELD),
    }


def attendance_register(request, pk: int):
    """The register for a phone during the meeting: one tap per person, the counter kept up to date."""
    meeting = meeting_get(scope=request.scope, pk=pk)
    return render(request, "meetings/register.html", _register_context(request, meeting))


def attendance_mark_view(request, pk: int, line: int):
    meeting = _meeting_for_writing(request, pk)
    found = attendance_get(scope=request.scope, meeting=meeting, pk=line)
    if request.method != "POST":
        return redirect(reverse("meetings:register", args=[meeting.pk]))
    form = MarkForm(request.POST)
    error = None
    if form.is_valid():
        try:
            attendance_mark(
                acting_user=request.user,
                scope=_writer(request),
                meeting=meeting,
                line=found,
                status=form.cleaned_data["status"],
            )
        except MeetingError as refused:
            error = refused.message
    else:
        error = _("Choose present, excused, absent or represented.")
    if request.htmx:
        context = _register_context(request, meeting)
        context["line"] = next(a for a in context["lines"] if a.pk == found.pk)
        context["error"] = error
        return render(request, "meetings/_mark_answer.html", context)
    if error:
        messages.error(request, error)
    return redirect(reverse("meetings:register", args=[meeting.pk]) + f"#line-{found.pk}")


def attendance_add_view(request, pk: int):
    meeting = _meeting_for_writing(request, pk)
    if request.method != "POST":
        return redirect(reverse("meetings:register", args=[meeting.pk]))
    form = GuestForm(request.POST, scope=_writer(request))
    if form.is_valid():
        try:
            attendance_add(
                acting_user=request.user,
                scope=_writer(request),
                meeting=meeting,
                person=form.cleaned_data["person"],
                guest_name=form.cleaned_data["guest_name"],
                capacity=form.cleaned_data["capacity"],
            )
        except MeetingError as error:
            _show_refusal(error, form)
        else:
            messages.success(request, _("Added to the register, present."))
            return redirect(reverse("meetings:register", args=[meeting.pk]))
    return render(request, "meetings/register.html", _register_context(request, meeting, guest_form=form), status=400)


# --- agenda, minutes, decisions ----------------------------------------------------------------------------------


def agenda_item_new(request, pk: int):
    meeting = _meeting_for_writing(request, pk)
    if request.method == "POST":
        form = AgendaItemForm(request.POST, prefix="item")
        if form.is_valid():
            try:
                agenda_item_save(
                    acting_user=request.user,
                    scope=_writer(request),
                    meeting=meeting,
                    title=form.cleaned_data["title"],
                    minutes=form.cleaned_data["minutes"],
                )
            except MeetingError as error:
                _show_refusal(error, form)
            else:
                return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")
    else:
        form = AgendaItemForm(prefix="item")
    return render(
        request,
        "meetings/item.html",
        {"meeting": meeting, "form": form, "item": None},
        status=400 if form.errors else 200,
    )


def agenda_item_edit(request, pk: int, item: int):
    meeting = _meeting_for_writing(request, pk)
    found = agenda_item_get(scope=request.scope, meeting=meeting, pk=item)
    if request.method == "POST":
        form = AgendaItemForm(request.POST, prefix="item")
        if form.is_valid():
            try:
                agenda_item_save(
                    acting_user=request.user,
                    scope=_writer(request),
                    meeting=meeting,
                    item=found,
                    title=form.cleaned_data["title"],
                    minutes=form.cleaned_data["minutes"],
                )
            except MeetingError as error:
                _show_refusal(error, form)
            else:
                messages.success(request, _("The minutes of the item were saved."))
                return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#item-{found.pk}")
    else:
        form = AgendaItemForm(prefix="item", initial={"title": found.title, "minutes": found.minutes})
    return render(
        request,
        "meetings/item.html",
        {"meeting": meeting, "form": form, "item": found},
        status=400 if form.errors else 200,
    )


def decision_new(request, pk: int, item: int):
    meeting = _meeting_for_writing(request, pk)
    found = agenda_item_get(scope=request.scope, meeting=meeting, pk=item)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision_record(
                    acting_user=request.user,
                    scope=_writer(request),
                    meeting=meeting,
                    item=found,
                    text=data["text"],
                    outcome=data["outcome"],
                    votes_for=data["votes_for"],
                    votes_against=data["votes_against"],
                    votes_abstain=data["votes_abstain"],
                    majority_base=data["majority_base"],
                )
            except MeetingError as error:
                _show_refusal(error, form)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#item-{found.pk}")
    else:
        form = DecisionForm()
    lines = list(attendance_list(scope=request.scope, meeting=meeting))
    return render(
        request,
        "meetings/decision.html",
        {"meeting": meeting, "item": found, "form": form, "quorum": quorum(meeting, lines=lines)},
        status=400 if form.errors else 200,
    )
