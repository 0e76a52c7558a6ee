"""Pages and files of a meeting's documents: minutes and attendance-sheet PDFs, the communiqué (generate, edit,
publish, export as text and PDF), and the calendar feeds (the addresses page and the feed itself).

Every view reads the meeting or the body through the reader's scope first (404 outside it), then checks the
capability of the action on the body's territory (403). The feed has no session: its token is the key.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanzim.audit.services import audit_record
from tanzim.territory.capability import Capability

from .calendar import feed_by_token, feed_ics, feed_meetings, feed_others
from .calendar_services import CalendarError, calendar_feed_renew
from .communique_services import CommuniqueError, communique_generate, communique_publish, communique_save
from .documents import attendance_pdf, communique_pdf, communique_text, minutes_pdf
from .documents_read import (
    body_get,
    calendar_feed_of,
    calendar_feeds_of,
    communique_latest,
    communique_published,
    communique_versions,
    meeting_get,
    meeting_record,
)
from .models import CommuniqueLanguage

LANGUAGES = CommuniqueLanguage.values


def meeting_url(meeting) -> str:
    """The meeting's page (the meetings app's), or its body's page while there is none."""
    try:
        return reverse("meetings:detail", args=[meeting.pk])
    except NoReverseMatch:
        return reverse("organization:detail", args=[meeting.body_id])


def _file(content: bytes, content_type: str, name: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return response


@require_GET
def minutes_pdf_view(request, pk: int, number: int | None = None):
    """The minutes as PDF: the approved version in force (a draft while none is), or — with `number` — an
    approved version as it was approved, though corrected since."""
    meeting = meeting_get(scope=request.scope, pk=pk)
    record = meeting_record(meeting, scope=request.scope, number=number)
    content = minutes_pdf(record)
    audit_record(
        acting_user=request.user,
        action="meeting_document.minutes_pdf",
        target=meeting,
        territory_path=meeting.body.path,
        changes={"version": record.version, "draft": record.draft},
    )
    return _file(content, "application/pdf", f"minutes-{meeting.pk}-v{record.version}.pdf")


@require_GET
def attendance_pdf_view(request, pk: int, number: int | None = None):
    meeting = meeting_get(scope=request.scope, pk=pk)
    record = meeting_record(meeting, scope=request.scope, number=number)
    content = attendance_pdf(record)
    audit_record(
        acting_user=request.user,
        action="meeting_document.attendance_pdf",
        target=meeting,
        territory_path=meeting.body.path,
        changes={"version": record.version, "draft": record.draft},
    )
    return _file(content, "application/pdf", f"attendance-{meeting.pk}-v{record.version}.pdf")


def _language(request) -> str:
    asked = request.POST.get("language") or request.GET.get("lang") or translation.get_language()
    return asked if asked in LANGUAGES else "ar"


def _communique_url(meeting, language: str) -> str:
    return reverse("meeting_documents:communique", args=[meeting.pk]) + f"?lang={language}"


def communique_page(request, pk: int):
    """The communiqué in one language: its last version, editable until published; the earlier versions."""
    meeting = meeting_get(scope=request.scope, pk=pk)
    language = _language(request)
    can_write = request.authority.can(Capability.COMMUNIQUES, meeting.body.path)
    latest = communique_latest(meeting=meeting, language=language)
    typed = {"title": latest.title if latest else "", "text": latest.text if latest else ""}
    error = None
    if request.method == "POST":
        request.authority.require(Capability.COMMUNIQUES, meeting.body.path)
        typed = {"title": request.POST.get("title", ""), "text": request.POST.get("text", "")}
        try:
            communique_save(
                acting_user=request.user,
                scope=request.authority.scope(Capability.COMMUNIQUES),
                meeting=meeting,
                language=language,
                title=typed["title"],
                text=typed["text"],
            )
        except CommuniqueError as refusal:
            error = refusal
        else:
            messages.success(request, _("The communiqué was saved as a new version."))
            return redirect(_communique_url(meeting, language))
    return render(
        request,
        "meetings/documents/communique.html",
        {
            "meeting": meeting,
            "meeting_url": meeting_url(meeting),
            "language": language,
            "languages": CommuniqueLanguage.choices,
            "latest": latest,
            "typed": typed,
            "error": error,
            "versions": list(communique_versions(meeting=meeting, language=language).order_by("-version")),
            "can_write": can_write and not (latest and latest.published_at),
            "can_publish": can_write and latest is not None and latest.published_at is None,
        },
        status=400 if error else 200,
    )


@require_POST
def communique_generate_view(request, pk: int):
    meeting = meeting_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.COMMUNIQUES, meeting.body.path)
    language = _language(request)
    try:
        communique_generate(
            acting_user=request.user,
            scope=request.authority.scope(Capability.COMMUNIQUES),
            meeting=meeting,
            language=language,
        )
    except CommuniqueError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The communiqué was written from the meeting's record: read it and edit it."))
    return redirect(_communique_url(meeting, language))


@require_POST
def communique_publish_view(request, pk: int):
    meeting = meeting_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.COMMUNIQUES, meeting.body.path)
    language = _language(request)
    try:
        communique_publish(
            acting_user=request.user,
            scope=request.authority.scope(Capability.COMMUNIQUES),
            meeting=meeting,
            language=language,
        )
    except CommuniqueError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The communiqué is published."))
    return redirect(_communique_url(meeting, language))


def _communique_to_export(request, pk: int):
    meeting = meeting_get(scope=request.scope, pk=pk)
    language = _language(request)
    communique = communique_published(meeting=meeting, language=language) or communique_latest(
        meeting=meeting, language=language
    )
    return meeting, language, communique


@require_GET
def communique_text_view(request, pk: int):
    meeting, language, communique = _communique_to_export(request, pk)
    if communique is None:
        messages.error(request, _("This meeting has no communiqué yet."))
        return redirect(_communique_url(meeting, language))
    return _file(
        communique_text(communique),
        "text/plain; charset=utf-8",
        f"communique-{meeting.pk}-{language}-v{communique.version}.txt",
    )


@require_GET
def communique_pdf_view(request, pk: int):
    meeting, language, communique = _communique_to_export(request, pk)
    if communique is None:
        messages.error(request, _("This meeting has no communiqué yet."))
        return redirect(_communique_url(meeting, language))
    content = communique_pdf(meeting_record(meeting, scope=request.scope), communique)
    return _file(content, "application/pdf", f"communique-{meeting.pk}-{language}-v{communique.version}.pdf")


# --- calendar feeds -----------------------------------------------------------------------------------------


@login_not_required
@require_GET
def feed(request, token: str):
    """The iCalendar feed of a token: what its owner may read today, nothing more (404 for a dead token)."""
    calendar = feed_by_token(token)
    language = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else "ar"
    meetings = feed_meetings(calendar)
    with translation.override(language):
        others = feed_others(calendar)
    content = feed_ics(calendar, meetings, language=language, others=others)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def _feed_address(request, calendar) -> str:
    if calendar is None:
        return ""
    return request.build_absolute_uri(reverse("meeting_documents:feed", args=[calendar.token]))


@require_GET
def calendar_page(request):
    """The reader's calendar addresses: their own meetings, and the bodies they asked a feed for."""
    asked = None
    if request.GET.get("body", "").isdigit() and len(request.GET["body"]) <= 18:
        asked = body_get(scope=request.scope, pk=int(request.GET["body"]))
    feeds = calendar_feeds_of(request.user)
    personal = next((f for f in feeds if f.body_id is None), None)
    bodies = [
        {"body": f.body, "address": _feed_address(request, f)}
        for f in feeds
        if f.body is not None and request.scope.covers(f.body.path)
    ]
    if asked is not None and all(b["body"] != asked for b in bodies):
        bodies.insert(0, {"body": asked, "address": _feed_address(request, calendar_feed_of(request.user, asked))})
    return render(
        request,
        "meetings/documents/calendar.html",
        {"personal": _feed_address(request, personal), "bodies": bodies},
    )


@require_POST
def calendar_renew_personal(request):
    try:
        calendar_feed_renew(acting_user=request.user, scope=request.scope)
    except CalendarError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("meeting_documents:calendar")


@require_POST
def calendar_renew_body(request, pk: int):
    body = body_get(scope=request.scope, pk=pk)
    try:
        calendar_feed_renew(acting_user=request.user, scope=request.scope, body=body)
    except CalendarError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The body's calendar has a new address; the old one no longer works."))
    return redirect(reverse("meeting_documents:calendar") + f"?body={body.pk}")
