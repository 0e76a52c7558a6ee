"""Pages of programmes and activities: the calendar (month and list), programmes with planned against done, an
activity's page (plan, report, named participants, cancellation). Thin: selectors read, services write."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.organization.selectors import body_get, body_list
from tanzim.territory.capability import Capability

from .calendar import calendar_entries
from .forms import ActivityForm, CancelForm, ParticipantForm, ProgrammeForm, ReportForm
from .models import ActivityState
from .selectors import (
    Tally,
    activity_get,
    activity_list,
    participant_list,
    programme_get,
    programme_list,
    tally,
    tally_by,
)
from .services import (
    ActivityError,
    activity_cancel,
    activity_report,
    activity_save,
    participant_add,
    participant_remove,
    programme_save,
)

MINUTES = Capability.MINUTES


def _write_scope(request):
    return request.authority.scope(MINUTES).intersection(request.scope)


def _refused(form, error: ActivityError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


# ------------------------------------------------------------------------------------------------- the calendar


def _month(value: str, today: dt.date) -> dt.date:
    """The first day of the month asked for ("2026-03"), this month when none (or nonsense) is asked."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def calendar_page(request):
    """A month of activities (and what other apps add), as a grid of weeks starting on Monday or as a list."""
    today = timezone.localdate()
    first = _month(request.GET.get("month", ""), today)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    as_list = request.GET.get("view") == "list"
    grid_start = first - dt.timedelta(days=first.weekday())
    grid_end = last + dt.timedelta(days=6 - last.weekday())
    entries = calendar_entries(scope=request.scope, start=grid_start, end=grid_end)
    weeks = []
    day = grid_start
    while day <= grid_end:
        week = []
        for _i in range(7):
            week.append(
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "entries": [e for e in entries if e.on(day)],
                }
            )
            day += dt.timedelta(days=1)
        weeks.append(week)
    in_month = [e for e in entries if e.starts_on <= last and e.ends_on >= first]
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(7)]  # a Monday, then the week
    return render(
        request,
        "activities/calendar.html",
        {
            "first": first,
            "previous": _shift(first, -1),
            "next": _shift(first, 1),
            "this_month": today.replace(day=1),
            "weeks": weeks,
            "weekdays": days,
            "entries": in_month,
            "as_list": as_list,
            "can_plan": request.authority.can_somewhere(MINUTES),
        },
    )


# ------------------------------------------------------------------------------------------------- programmes


def programmes(request):
    """The programmes of the reader's territory, each with planned against done."""
    rows = list(programme_list(scope=request.scope)[:200])
    counts = tally_by(activity_list(scope=request.scope).filter(programme__in=[p.pk for p in rows]), "programme_id")
    for programme in rows:
        programme.tally = counts.get(programme.pk, Tally())
    return render(
        request,
        "activities/programmes.html",
        {"programmes": rows, "can_plan": request.authority.can_somewhere(MINUTES)},
    )


def programme_create(request):
    request.authority.require_somewhere(MINUTES)
    scope = _write_scope(request)
    bodies = body_list(scope=scope)
    initial = {}
    if request.GET.get("body", "").isdigit() and len(request.GET["body"]) < 19:
        initial["body"] = request.GET["body"]
    form = ProgrammeForm(request.POST or None, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = programme_save(
                acting_user=request.user,
                scope=scope,
                body=data["body"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ActivityError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The work programme was created."))
            return redirect(reverse("activities:programme", args=[programme.pk]))
    return render(request, "activities/programme_form.html", {"form": form})


def programme_detail(request, pk: int):
    programme = programme_get(scope=request.scope, pk=pk)
    activities = activity_list(scope=request.scope, programme=programme)
    by_body = tally_by(activities, "body_id")
    bodies = {b.pk: b for b in body_list(scope=request.scope).filter(pk__in=list(by_body))}
    return render(
        request,
        "activities/programme.html",
        {
            "programme": programme,
            "activities": list(activities),
            "tally": tally(activities),
            "by_body": [(bodies[pk], counts) for pk, counts in by_body.items() if pk in bodies],
            "can_plan": request.authority.can(MINUTES, programme.body.path),
        },
    )


# --------------------------------------------------------------------------------------------------- activities


def _activity_form(request, data, scope, *, initial=None, programme=None):
    programmes = programme_list(scope=scope)
    bodies = body_list(scope=scope)
    if programme is not None:
        bodies = bodies.filter(path__startswith=programme.body.path)
    return ActivityForm(data, bodies=bodies, programmes=programmes, scope=scope, initial=initial)


def _plan(form) -> dict:
    data = form.cleaned_data
    names = ("programme", "body", "kind", "theme", "starts_on", "ends_on", "starts_at", "commune", "venue")
    return {name: data.get(name) for name in names} | {
        "partners": data.get("partners", ""),
        "venue": data.get("venue", ""),
        "planned_participants": data.get("planned_participants"),
    }


def activity_create(request):
    """Plan an activity: in a programme (`?programme=`) or for a body (`?body=`)."""
    request.authority.require_somewhere(MINUTES)
    scope = _write_scope(request)
    initial: dict = {}
    programme = None
    wanted = request.GET.get("programme", "")
    if wanted.isdigit() and len(wanted) < 19:
        programme = programme_get(scope=scope, pk=int(wanted))
        initial = {"programme": programme.pk, "body": programme.body_id}
    wanted = request.GET.get("body", "")
    if wanted.isdigit() and len(wanted) < 19:
        initial["body"] = body_get(scope=scope, pk=int(wanted)).pk
    form = _activity_form(request, request.POST or None, scope, initial=initial, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_save(acting_user=request.user, scope=scope, **_plan(form))
        except ActivityError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The activity was planned."))
            return redirect(reverse("activities:detail", args=[activity.pk]))
    return render(request, "activities/activity_form.html", {"form": form, "programme": programme})


def activity_edit(request, pk: int):
    activity = activity_get(scope=request.scope, pk=pk)
    request.authority.require(MINUTES, activity.body.path)
    scope = _write_scope(request)
    initial = {
        "programme": activity.programme_id,
        "body": activity.body_id,
        "kind": activity.kind_id,
        "theme": activity.theme,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "starts_at": activity.starts_at,
        "commune": activity.commune.code if activity.commune else None,
        "venue": activity.venue,
        "partners": activity.partners,
        "planned_participants": activity.planned_participants,
    }
    form = _activity_form(request, request.POST or None, scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity_save(acting_user=request.user, scope=scope, activity=activity, **_plan(form))
        except ActivityError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The activity was changed."))
            return redirect(reverse("activities:detail", args=[activity.pk]))
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


def activity_detail(request, pk: int, *, report_form=None, participant_form=None, cancel_form=None, status=200):
    activity = activity_get(scope=request.scope, pk=pk)
    may_write = request.authority.can(MINUTES, activity.body.path)
    state = activity.state_now
    scope = _write_scope(request)
    if report_form is None:
        report_form = ReportForm(
            initial={
                "report": activity.report,
                "actual_participants": activity.actual_participants,
                "photo_captions": activity.photo_captions,
            }
        )
    if participant_form is None:
        participant_form = ParticipantForm(scope=scope, within_path=activity.body.path)
    return render(
        request,
        "activities/activity.html",
        {
            "activity": activity,
            "state_label": activity.state_label,
            "participants": list(participant_list(scope=request.scope, activity=activity)),
            "may_write": may_write,
            "may_report": may_write and state in (ActivityState.DUE, ActivityState.DONE),
            "may_cancel": may_write and state in (ActivityState.PLANNED, ActivityState.DUE),
            "report_form": report_form,
            "participant_form": participant_form,
            "cancel_form": cancel_form or CancelForm(),
        },
        status=status,
    )


@require_POST
def activity_report_view(request, pk: int):
    activity = activity_get(scope=request.scope, pk=pk)
    request.authority.require(MINUTES, activity.body.path)
    form = ReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            activity_report(
                acting_user=request.user,
                scope=_write_scope(request),
                activity=activity,
                report=data["report"],
                actual_participants=data["actual_participants"],
                photo_captions=data["photo_captions"],
            )
        except ActivityError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The report was recorded: the activity is done."))
            return redirect(reverse("activities:detail", args=[pk]))
    return activity_detail(request, pk, report_form=form, status=400)


@require_POST
def activity_cancel_view(request, pk: int):
    activity = activity_get(scope=request.scope, pk=pk)
    request.authority.require(MINUTES, activity.body.path)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            activity_cancel(
                acting_user=request.user,
                scope=_write_scope(request),
                activity=activity,
                reason=form.cleaned_data["reason"],
            )
        except ActivityError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The activity was cancelled."))
            return redirect(reverse("activities:detail", args=[pk]))
    return activity_detail(request, pk, cancel_form=form, status=400)


@require_POST
def participant_add_view(request, pk: int):
    activity = activity_get(scope=request.scope, pk=pk)
    request.authority.require(MINUTES, activity.body.path)
    scope = _write_scope(request)
    form = ParticipantForm(request.POST, scope=scope, within_path=activity.body.path)
    if form.is_valid():
        try:
            participant_add(
                acting_user=request.user,
                scope=scope,
                activity=activity,
                person=form.cleaned_data["person"],
                attended=form.cleaned_data["attended"],
            )
        except ActivityError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The participant was added."))
            return redirect(reverse("activities:detail", args=[pk]) + "#participants")
    return activity_detail(request, pk, participant_form=form, status=400)


@require_POST
def participant_remove_view(request, pk: int, row: int):
    activity = activity_get(scope=request.scope, pk=pk)
    request.authority.require(MINUTES, activity.body.path)
    participant = participant_list(scope=request.scope, activity=activity).filter(pk=row).first()
    if participant is None:
        raise Http404
    try:
        participant_remove(acting_user=request.user, scope=_write_scope(request), participant=participant)
    except ActivityError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("activities:detail", args=[pk]) + "#participants")
