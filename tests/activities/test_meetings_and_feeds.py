"""Meetings on the activities calendar (month and list views) as the officials of their territory read it, never
beyond; activities in a body's iCalendar feed beside its meetings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tanzim.activities.models import ActivityKind
from tanzim.activities.services import activity_cancel, activity_save
from tanzim.territory.scope import Scope
from tests.meetings import test_documents as meetings_world
from tests.meetings.test_calendar import events, fetch, renew
from tests.meetings.test_documents import scoped_client

pytestmark = pytest.mark.django_db
taounate = meetings_world.taounate  # the meeting of 17/01/2026 of Taounate's provincial secretariat
EVERYTHING = Scope.everything()
TITLE = "اجتماع تنظيمي وتواصلي"


def plan(body, theme, on, **more):
    return activity_save(
        acting_user=None,
        scope=EVERYTHING,
        programme=None,
        body=body,
        kind=ActivityKind.objects.get(key="caravan"),
        theme=theme,
        starts_on=on,
        **more,
    )


def test_a_meeting_is_on_the_calendar_of_its_territory(taounate):
    meeting = taounate["meeting"]
    official = scoped_client("taounate-official", "03.531")
    month = official.get(reverse("activities:calendar"), {"month": "2026-01"}).content.decode()
    detail = reverse("meetings:detail", args=[meeting.pk])
    assert TITLE in month and f'href="{detail}"' in month
    listed = official.get(reverse("activities:calendar"), {"month": "2026-01", "view": "list"}).content.decode()
    assert TITLE in listed and "17/01/2026" in listed and f'href="{detail}"' in listed
    assert TITLE not in official.get(reverse("activities:calendar"), {"month": "2026-02"}).content.decode()

    tetouan = scoped_client("tetouan-official", "01.571")
    for view in ("month", "list"):
        page = tetouan.get(reverse("activities:calendar"), {"month": "2026-01", "view": view}).content.decode()
        assert TITLE not in page and detail not in page


def test_an_activity_is_in_its_bodys_feed_beside_the_meetings(taounate):
    province = taounate["province"]
    caravan = plan(province, "قافلة المنظمة النسائية", dt.date(2026, 2, 1), ends_on=dt.date(2026, 2, 2), venue="غفساي")
    seminar = plan(province, "ندوة موضوعاتية", dt.date(2026, 3, 5), starts_at=dt.time(17, 0))
    cancelled = plan(province, "يوم دراسي", dt.date(2026, 12, 28))
    activity_cancel(acting_user=None, scope=EVERYTHING, activity=cancelled, reason="x", today=dt.date(2026, 12, 1))
    elsewhere = plan(taounate["region"], "نشاط جهوي", dt.date(2026, 2, 1))
    official = scoped_client("taounate-official", "03.531")

    found = {str(e["uid"]): e for e in events(fetch(renew(official, province)))}

    assert set(found) == {
        f"meeting-{taounate['meeting'].pk}@tanzim",
        f"activity-{caravan.pk}@tanzim",
        f"activity-{seminar.pk}@tanzim",
        f"activity-{cancelled.pk}@tanzim",
    }
    assert f"activity-{elsewhere.pk}@tanzim" not in found  # another body's activity
    day = found[f"activity-{caravan.pk}@tanzim"]
    assert day["dtstart"].dt == dt.date(2026, 2, 1) and day["dtend"].dt == dt.date(2026, 2, 3)  # two whole days
    assert "قافلة المنظمة النسائية" in str(day["summary"]) and "غفساي" in str(day["location"])
    timed = found[f"activity-{seminar.pk}@tanzim"]["dtstart"].dt
    assert (timed.hour, timed.minute, str(timed.tzinfo)) == (17, 0, "Africa/Casablanca")
    assert str(found[f"activity-{cancelled.pk}@tanzim"]["status"]) == "CANCELLED"
    assert str(found[f"activity-{caravan.pk}@tanzim"]["status"]) == "CONFIRMED"


def test_a_feed_gives_no_activity_its_owner_can_no_longer_read(taounate):
    province = taounate["province"]
    plan(province, "قافلة", dt.date(2026, 2, 1))
    official = scoped_client("taounate-official", "03.531")
    feed = renew(official, province)
    assert len(events(fetch(feed))) == 2
    from tanzim.access.models import Grant

    Grant.objects.filter(user=official.user).update(ends_on=dt.date(2021, 1, 1))
    assert fetch(feed).status_code == 404
