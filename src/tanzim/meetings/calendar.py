"""iCalendar feeds of meetings, behind a secret token (`CalendarFeed`).

A feed is fetched by a calendar program without a session: the token is the only key, so each fetch re-reads its
owner's authority as of today (`access.authority.authority_for`) and shows only the meetings the owner may read
now. A deactivated owner, an owner whose mandates ended, a body the owner no longer reads: no meeting (404 for
a body feed). Times are written in Africa/Casablanca with the zone's definition in the file.

A body's feed also carries what the apps above meetings hold about the body (activities): each registers a
`feed_source(name)`, a function `(*, scope, body, since) -> [FeedEvent]` reading through the owner's scope of today.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404
from django.utils import timezone, translation

from tanzim.access.authority import authority_for
from tanzim.territory.capability import Capability

from .documents_read import body_get, meetings_of_body, meetings_of_person
from .models import CalendarFeed, Meeting, MeetingStatus

HISTORY_DAYS = 400  # how far back a feed goes: a year of past meetings, and every meeting to come
DEFAULT_LENGTH = dt.timedelta(hours=2)


@dataclass(frozen=True)
class FeedEvent:
    """One event another app puts in a body's feed: a day (or days) or a moment, in the feed's language."""

    uid: str  # unique in the feed: "<kind>-<id>@tanzim"
    starts: dt.date | dt.datetime  # a date: an all-day event
    ends: dt.date | dt.datetime  # a date: the day after the last one (RFC 5545), or a moment
    summary: str
    location: str = ""
    description: str = ""
    category: str = ""
    cancelled: bool = False


FeedSource = Callable[..., list[FeedEvent]]  # (*, scope, body, since: dt.date) -> events
_FEED_SOURCES: dict[str, FeedSource] = {}


def feed_source(name: str) -> Callable[[FeedSource], FeedSource]:
    """Register a source of events for bodies' feeds under `name` (registering a name again replaces it)."""

    def register(source: FeedSource) -> FeedSource:
        _FEED_SOURCES[name] = source
        return source

    return register


def feed_source_unregister(name: str) -> None:
    _FEED_SOURCES.pop(name, None)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def feed_by_token(token: str) -> CalendarFeed:
    """The feed a token opens (the token is the credential: no scope to read it through), or 404."""
    if not token or len(token) > 64:
        raise Http404
    feed = CalendarFeed.objects.select_related("user", "body").filter(token=token).first()
    if feed is None or not secrets.compare_digest(feed.token, token):
        raise Http404
    return feed


def feed_meetings(feed: CalendarFeed, *, today: dt.date | None = None) -> list[Meeting]:
    """The meetings the feed shows: its body's, or those its owner is on the register of, as the owner reads today."""
    user = feed.user
    if not user.is_active:
        raise Http404
    scope = authority_for(user, today=today).scope(Capability.READ)
    since = timezone.now() - dt.timedelta(days=HISTORY_DAYS)
    if feed.body_id is not None:
        body = body_get(scope=scope, pk=feed.body_id)  # 404 when the owner no longer reads the body
        return list(meetings_of_body(scope=scope, body=body, since=since).prefetch_related("agenda_items"))
    account = getattr(user, "account", None)
    person_id = getattr(account, "person_id", None)
    if person_id is None:
        return []
    return list(meetings_of_person(scope=scope, person_id=person_id, since=since).prefetch_related("agenda_items"))


def feed_others(feed: CalendarFeed, *, today: dt.date | None = None) -> list[FeedEvent]:
    """What the registered sources hold about a body feed's body, as its owner reads today (a personal feed: none).
    Call it in the feed's language: the sources write their words in the active one."""
    if feed.body_id is None or not feed.user.is_active:
        return []
    scope = authority_for(feed.user, today=today).scope(Capability.READ)
    body = body_get(scope=scope, pk=feed.body_id)
    since = (timezone.now() - dt.timedelta(days=HISTORY_DAYS)).date()
    events: list[FeedEvent] = []
    for source in _FEED_SOURCES.values():
        events += source(scope=scope, body=body, since=since)
    return events


def _summary(meeting: Meeting) -> str:
    return f"{meeting.title or meeting.kind.name} — {meeting.body.name}"


def _location(meeting: Meeting) -> str:
    parts = [meeting.venue]
    if meeting.commune is not None and meeting.commune.name not in meeting.venue:
        parts.append(meeting.commune.titled_name)
    return "، ".join(p for p in parts if p) if translation.get_language() != "fr" else ", ".join(p for p in parts if p)


def _ends(meeting: Meeting) -> dt.datetime:
    """When the meeting ends: its end, or two hours after it starts (its start, at the calendar's last minute)."""
    if meeting.ends_at:
        return meeting.ends_at
    try:
        return meeting.starts_at + DEFAULT_LENGTH
    except OverflowError:
        return meeting.starts_at


def feed_ics(
    feed: CalendarFeed, meetings: list[Meeting], *, language: str = "ar", others: list[FeedEvent] | None = None
) -> bytes:
    """The iCalendar file (RFC 5545) of the meetings and the other apps' events, in `language`."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//Tanzim//meetings//AR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    with translation.override(language):
        name = feed.body.name if feed.body is not None else translation.gettext("My meetings")
        cal.add("x-wr-calname", name)
        for meeting in meetings:
            event = Event()
            event.add("uid", f"meeting-{meeting.pk}@tanzim")
            event.add("dtstamp", stamp)
            starts = meeting.starts_at.astimezone(zone)
            event.add("dtstart", starts)
            event.add("dtend", _ends(meeting).astimezone(zone))
            event.add("summary", _summary(meeting))
            location = _location(meeting)
            if location:
                event.add("location", location)
            items = [f"{i}. {item.title}" for i, item in enumerate(meeting.agenda_items.all(), start=1)]
            if items:
                event.add("description", "\n".join(items))
            event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
            event.add("categories", [meeting.kind.name])
            cal.add_component(event)
        for other in others or []:
            event = Event()
            event.add("uid", other.uid)
            event.add("dtstamp", stamp)
            timed = isinstance(other.starts, dt.datetime)
            for key, value in (("dtstart", other.starts), ("dtend", other.ends)):
                event.add(key, value.astimezone(zone) if isinstance(value, dt.datetime) else value)
            event.add("summary", other.summary)
            if other.location:
                event.add("location", other.location)
            if other.description:
                event.add("description", other.description)
            event.add("status", "CANCELLED" if other.cancelled else "CONFIRMED")
            if other.category:
                event.add("categories", [other.category])
            if not timed:
                event.add("transp", "TRANSPARENT")  # a day-long activity does not make its day busy
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
