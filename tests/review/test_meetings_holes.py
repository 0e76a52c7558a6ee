"""Holes in the meetings app, each a test that fails today and passes once it is closed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tanzim.meetings.models import CalendarFeed, Communique, Meeting, MeetingKind
from tests.review.world import meeting_of, signed_in


def _form(w, **over):
    data = {
        "body": str(w["province"].pk),
        "kind": str(MeetingKind.objects.get(key="organizational").pk),
        "day": "17/01/2026",
        "time": "16:00",
        "end_time": "",
        "title": "",
        "venue": "المقر الإقليمي",
        "commune": "",
        "opening": "",
        "role-TOTAL_FORMS": "0",
        "role-INITIAL_FORMS": "0",
        "role-MIN_NUM_FORMS": "0",
        "role-MAX_NUM_FORMS": "1000",
    }
    data.update(over)
    return data


def test_a_meeting_in_the_year_9999_is_refused_with_the_typed_date_kept(world):
    """A slip of the thumb (or a rapporteur's mischief) types 31/12/9999: the form says the date is impossible and
    keeps it, as the dues forms bound their years; today the meeting is recorded."""
    rapporteur = signed_in(world["rapporteur_user"])
    response = rapporteur.post(reverse("meetings:create"), _form(world, day="31/12/9999", time="23:30"))
    assert response.status_code == 400
    assert 'value="31/12/9999"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_body_calendar_feed_keeps_working_after_someone_types_a_meeting_in_9999(world):
    """The head subscribed her phone to the province's calendar; the rapporteur then types a meeting on
    31/12/9999 at 23:30 through the form. Today the feed answers 404 from then on (its end time overflows), and
    every subscriber's calendar program drops the province's meetings."""
    meeting_of(world["province"])
    head = signed_in(world["head_user"])
    head.post(reverse("meeting_documents:calendar_renew_body", args=[world["province"].pk]))
    feed = CalendarFeed.objects.get(user=world["head_user"], body=world["province"])
    address = reverse("meeting_documents:feed", args=[feed.token])
    assert head.get(address).status_code == 200

    signed_in(world["rapporteur_user"]).post(reverse("meetings:create"), _form(world, day="31/12/9999", time="23:30"))

    response = head.get(address)
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in response.content


def test_no_communique_is_published_for_a_meeting_that_has_not_been_held(world):
    """The press report says the secretariat "held its meeting" and what it decided: the head generates and
    publishes it for next month's meeting, still planned — today it goes out as the party's word. She expects the
    publication refused until the meeting is marked held (the minutes' approval waits for it already)."""
    meeting = meeting_of(world["province"], day=timezone.localdate() + dt.timedelta(days=30))
    head = signed_in(world["head_user"])
    head.post(reverse("meeting_documents:communique_generate", args=[meeting.pk]))
    head.post(reverse("meeting_documents:communique_publish", args=[meeting.pk]), follow=True)
    assert not Communique.objects.filter(meeting=meeting, published_at__isnull=False).exists()
