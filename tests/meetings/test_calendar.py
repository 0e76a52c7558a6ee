"""iCalendar feeds of meetings behind a secret, renewable address: a body's meetings, or the meetings a person is
on the register of, as the feed's owner may read them on the day of each fetch."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tanzim.access.models import Account, Grant
from tanzim.audit.models import AuditEntry
from tanzim.meetings.models import Attendance, CalendarFeed, Meeting, MeetingKind
from tests.meetings import test_documents as world
from tests.meetings.test_documents import person, scoped_client
from tests.organization.factories import make_body

taounate, directives = world.taounate, world.directives  # the fixtures of the meeting of 17/01/2026
CASABLANCA = ZoneInfo("Africa/Casablanca")


def renew(client, body=None) -> CalendarFeed:
    if body is None:
        client.post(reverse("meeting_documents:calendar_renew"))
    else:
        client.post(reverse("meeting_documents:calendar_renew_body", args=[body.pk]))
    return CalendarFeed.objects.get(user=client.user, body=body)


def fetch(feed: CalendarFeed | str):
    token = feed if isinstance(feed, str) else feed.token
    return Client().get(reverse("meeting_documents:feed", args=[token]))  # no session: the token is the key


def events(response) -> list:
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


def test_a_bodys_feed_gives_its_meetings_in_casablanca_time(taounate):
    official = scoped_client("taounate-official", "03.531")
    meeting = taounate["meeting"]

    feed = renew(official, taounate["province"])
    response = fetch(feed)

    [event] = events(response)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@tanzim"
    assert event["dtstart"].dt == dt.datetime(2026, 1, 17, 10, 0, tzinfo=CASABLANCA)
    assert event["dtend"].dt == dt.datetime(2026, 1, 17, 13, 0, tzinfo=CASABLANCA)
    assert b"DTSTART;TZID=Africa/Casablanca:20260117T100000" in response.content
    assert b"BEGIN:VTIMEZONE" in response.content and b"TZID:Africa/Casablanca" in response.content
    assert str(event["summary"]) == "اجتماع تنظيمي وتواصلي — الكتابة الإقليمية — تاونات"
    assert str(event["location"]) == "المقر الإقليمي للحزب، إقليم تاونات"
    assert str(event["status"]) == "CONFIRMED"
    assert "1. المستجدات السياسية والتنظيمية" in str(event["description"])
    french = Client().get(reverse("meeting_documents:feed", args=[feed.token]) + "?lang=fr")
    [event] = events(french)
    assert str(event["summary"]) == "Réunion organisationnelle et de communication — Secrétariat provincial — Taounate"


def test_renewing_the_address_voids_the_old_one(taounate):
    official = scoped_client("taounate-official", "03.531")
    first = renew(official, taounate["province"]).token

    second = renew(official, taounate["province"]).token

    assert second != first
    assert fetch(first).status_code == 404
    assert len(events(fetch(second))) == 1
    assert list(
        AuditEntry.objects.filter(action__startswith="calendar_feed.").order_by("id").values_list("action", flat=True)
    ) == [
        "calendar_feed.create",
        "calendar_feed.renew",
    ]
    page = official.get(reverse("meeting_documents:calendar") + f"?body={taounate['province'].pk}").content.decode()
    assert second in page and first not in page


def test_the_feed_follows_its_owners_authority_of_today(taounate):
    official = scoped_client("taounate-official", "03.531")
    feed = renew(official, taounate["province"])
    assert len(events(fetch(feed))) == 1

    Grant.objects.filter(user=official.user).update(ends_on=dt.date(2021, 1, 1))  # the grant is over
    assert fetch(feed).status_code == 404

    Grant.objects.filter(user=official.user).update(ends_on=None)
    get_user_model().objects.filter(pk=official.user.pk).update(is_active=False)  # the login is deactivated
    assert fetch(feed).status_code == 404


def test_a_personal_feed_never_shows_a_meeting_its_owner_cannot_read(taounate):
    """A Tétouan official put on the register of the Taounate meeting (the canary's province) does not see it in
    their own feed; their Tétouan meeting is there."""
    reader = scoped_client("tetouan-head", "01.571")
    own = person("كريم", "الصقلي", "Karim", "Sqalli")
    Account.objects.create(user=reader.user, person=own)
    Attendance.objects.create(meeting=taounate["meeting"], person=own, category="guest")
    tetouan = make_body("provincial_office", "01.571", parent=taounate["region"].parent)
    kind = MeetingKind.objects.get(key="ordinary")
    home = Meeting.objects.create(
        body=tetouan, kind=kind, starts_at=dt.datetime(2026, 2, 7, 18, 30, tzinfo=CASABLANCA), venue="مقر الحزب"
    )
    Attendance.objects.create(meeting=home, person=own, category="office", entitled=True)

    feed = renew(reader)
    response = fetch(feed)

    assert [str(e["uid"]) for e in events(response)] == [f"meeting-{home.pk}@tanzim"]
    assert "تاونات".encode() not in response.content
    assert (
        reader.post(reverse("meeting_documents:calendar_renew_body", args=[taounate["province"].pk])).status_code == 404
    )
    assert reader.get(reverse("meeting_documents:calendar") + f"?body={taounate['province'].pk}").status_code == 404
    assert not CalendarFeed.objects.filter(body=taounate["province"]).exists()


def test_a_made_up_or_malformed_token_opens_nothing(taounate):
    assert fetch("cs2kqz-0123456789abcdef0123456789abcdef").status_code == 404
    assert fetch("x" * 65).status_code == 404


def test_the_calendar_page_gives_the_personal_address(taounate):
    official = scoped_client("taounate-official", "03.531")
    page = official.get(reverse("meeting_documents:calendar")).content.decode()
    assert "لا عنوان بعد." in page and "الحصول على عنوان" in page

    feed = renew(official)

    page = official.get(reverse("meeting_documents:calendar")).content.decode()
    assert reverse("meeting_documents:feed", args=[feed.token]) in page and "تجديد العنوان" in page
