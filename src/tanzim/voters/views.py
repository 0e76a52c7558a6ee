"""The drive's pages: progress of the reader's territory and of each territory below it (target, days left), the
call list with a one-tap "registered / not registered" per row (htmx, and a plain form without JavaScript), its
export, a target for a body, and the member page's record form. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.members.selectors import member_get
from tanzim.organization.selectors import body_get, body_list
from tanzim.territory.capability import Capability

from . import exports
from .forms import CallFilterForm, QuickForm, RecordForm, TargetForm
from .models import Status
from .selectors import PAGE, call_list, current_revision, drive_place, eligible, progress
from .services import VotersError, status_record, target_set

WRITE = Capability.MEMBERS_WRITE
PERSONAL = Capability.PERSONAL_DATA
STATUS_LABELS = dict(Status.choices)


def _place(request):
    return drive_place(scope=request.scope, code=request.GET.get("place", "").strip()[:24] or None)


def _bodies_at(request, place):
    """The bodies sitting on the place (the party's first) whose target the reader may set."""
    if place is None:
        return []
    bodies = body_list(scope=request.scope, territory=place).order_by("organization_id", "pk")
    return [b for b in bodies if request.authority.can(WRITE, b.path)]


def index(request):
    """The drive in my territory: members, registered, unknown, not registered, the share, the target, the days
    left to the revision's deadline, and the same for each territory below."""
    place = _place(request)
    revision = current_revision()
    drive = progress(scope=request.scope, place=place, revision=revision)
    bodies = _bodies_at(request, place) if revision is not None else []
    return render(
        request,
        "voters/index.html",
        {
            "drive": drive,
            "place": place,
            "revision": revision,
            "bodies": bodies,
            "target_form": TargetForm(initial={"deadline": revision.requests_until}) if revision else None,
        },
    )


def _calls(request):
    place = _place(request)
    form = CallFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    return place, form, status


def calls(request):
    """The members to call, a page at a time, each with a one-tap record where the reader may write."""
    place, form, status = _calls(request)
    revision = current_revision()
    after = request.GET.get("after", "")[:32]
    members = list(
        call_list(scope=request.scope, place=place, revision=revision, status=status, after=after)[: PAGE + 1]
    )
    more = len(members) > PAGE
    members = members[:PAGE]
    write = request.authority.scope(WRITE)
    personal = request.authority.scope(PERSONAL)
    for m in members:
        m.can_record = write.covers(m.path)
        m.show_phone = personal.covers(m.path)
    audit_record(
        acting_user=request.user,
        action="voters.calls",
        target_type="voters.calllist",
        territory_path=audit_path_of(request.scope, place.path if place is not None else ""),
        changes={"place": place.code if place else "", "filters": {"status": status}, "shown": len(members)},
    )
    query = {k: v for k, v in (("place", place.code if place else ""), ("status", status)) if v}
    return render(
        request,
        "voters/calls.html",
        {
            "place": place,
            "form": form,
            "members": members,
            "labels": STATUS_LABELS,
            "drive": progress(scope=request.scope, place=place, revision=revision).total,
            "revision": revision,
            "query": urlencode(query),
            "next_after": members[-1].card_number if more and members else "",
            "can_export": request.authority.can_somewhere(Capability.EXPORT),
        },
    )


def calls_export(request, fmt: str):
    """The call list as a file: as a member export, only the members the reader may export, and phones only
    when the reader may see them for every member of the file (the column goes, not the values)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    request.authority.require_somewhere(Capability.EXPORT)
    scope = request.authority.scope(Capability.EXPORT)
    place, _form, status = _calls(request)
    if place is not None and not scope.covers(place.path):
        raise PermissionDenied(_("Your responsibilities do not include this action here."))
    members = call_list(scope=scope, place=place, revision=current_revision(), status=status)
    personal_scope = request.authority.scope(PERSONAL)
    personal = bool(place is not None and personal_scope.covers(place.path)) or personal_scope.contains(scope)
    audit_record(
        acting_user=request.user,
        action="member.export",
        target_type="members.member",
        territory_path=audit_path_of(scope, place.path if place is not None else ""),
        changes={
            "filters": {"voters": status or "to_call", "place": place.code if place else ""},
            "format": fmt,
            "count": members.count(),
            "personal": personal,
        },
    )
    name = f"voters-to-call-{place.code if place else 'all'}-{timezone.localdate():%Y%m%d}"
    writer = exports.call_list_xlsx if fmt == "xlsx" else exports.call_list_csv
    return writer(members, name, personal=personal, labels=STATUS_LABELS)


def _back_to_calls(request) -> str:
    place = request.POST.get("place", "").strip()[:24]
    query = urlencode({"place": place}) if place else ""
    return reverse("voters:calls") + (f"?{query}" if query else "")


@require_POST
def quick(request, pk: int):
    """One tap on the call list: the member is registered (or not), checked today by the branch. With htmx the
    row answers what was recorded and the progress above the list changes; without, the list again."""
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, member.path)
    form = QuickForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            status_record(
                acting_user=request.user,
                scope=request.authority.scope(WRITE),
                member=member,
                status=form.cleaned_data["status"],
            )
        except VotersError as refused:
            error = str(refused.message)
    else:
        error = _("Choose registered or not registered.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Recorded for %(name)s.") % {"name": member.person.full_name})
        return redirect(_back_to_calls(request))
    member = member_get(scope=request.scope, pk=pk)
    place = drive_place(scope=request.scope, code=request.POST.get("place", "").strip()[:24] or None)
    member.can_record = True  # type: ignore[attr-defined]
    member.show_phone = request.authority.can(PERSONAL, member.path)  # type: ignore[attr-defined]
    return render(
        request,
        "voters/_call_row.html",
        {
            "m": member,
            "labels": STATUS_LABELS,
            "place": place,
            "error": error,
            "done": not error,
            "drive": progress(scope=request.scope, place=place).total,
            "oob": True,
        },
    )


def member_record(request, pk: int):
    """The member page's form: GET shows it, POST records the status (the form kept with its error)."""
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, member.path)
    form = RecordForm(request.POST or None, prefix="voters", auto_id="voters_%s")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            status_record(
                acting_user=request.user,
                scope=request.authority.scope(WRITE),
                member=member,
                status=d["status"],
                source=d["source"],
                checked_on=d["checked_on"],
                commune=d.get("commune"),
            )
        except VotersError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused.message))
        else:
            messages.success(request, _("The registration status was recorded."))
            return redirect(reverse("members:detail", args=[member.pk]) + "#voters")
    return render(
        request,
        "voters/record.html",
        {"member": member, "form": form, "eligible": eligible(member.person.birth_date, current_revision())},
    )


@require_POST
def target(request, pk: int):
    """A body's target for the revision under way (from the drive page of its territory)."""
    body = body_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, body.path)
    revision = current_revision()
    if revision is None:
        raise Http404
    form = TargetForm(request.POST)
    place = body.territory
    back = reverse("voters:index") + (f"?{urlencode({'place': place.code})}" if place is not None else "")
    if form.is_valid():
        try:
            target_set(
                acting_user=request.user,
                scope=request.authority.scope(WRITE),
                body=body,
                revision=revision,
                share=form.cleaned_data["share"],
                deadline=form.cleaned_data["deadline"],
            )
        except VotersError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused.message))
        else:
            messages.success(request, _("The target was set."))
            return redirect(back)
    return render(
        request,
        "voters/index.html",
        {
            "drive": progress(scope=request.scope, place=place, revision=revision),
            "place": place,
            "revision": revision,
            "bodies": _bodies_at(request, place),
            "target_form": form,
            "target_body": body,
        },
    )
