"""A meeting's documents in Chromium, as Taounate's provincial official uses them, in Arabic and French, at a
desktop's and a phone's size, on a real server with the demo party and its seed meetings: the communiqué written
from the record of the meeting of 17/01/2026, edited and saved; the calendar page giving and renewing an address.
Every request answers, nothing is refused by the Content-Security-Policy, no page is wider than a phone's screen.
Screenshots go to `screenshots/` for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.live import live_site

PASSWORD = "a-long-browser-password-9"

SETUP = """
import datetime as dt
from django.contrib.auth import get_user_model
from tanzim.access.services import grant_create
from tanzim.meetings.demo import demo_meetings
from tanzim.organization.demo import demo_load
from tanzim.territory.models import Territory

demo_load()
meeting, decisions = demo_meetings()
user = get_user_model().objects.create_user("browser-taounate", password="{password}")
grant_create(acting_user=None, user=user, territory=Territory.objects.get(code="03.531"),
             capabilities=["read", "minutes", "communiques"], starts_on=dt.date(2020, 1, 1))
open("{where}", "w").write(str(meeting.pk))
"""

RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("documents")
    where = folder / "meeting.txt"
    with live_site(folder, "sqlite", SETUP.format(password=PASSWORD, where=where)) as url:
        yield url, int(where.read_text())


@pytest.mark.parametrize("language, size", RUNS)
def test_the_communique_and_the_calendar_in_chromium(site, browser, language, size):
    url, meeting = site
    tab = Tab(
        browser, url, language, DESKTOP if size == "desktop" else PHONE, username="browser-taounate", password=PASSWORD
    )
    page = tab.page

    page.goto(f"{url}/meetings/{meeting}/communique/?lang={language}")
    page.click("main form:not(.card) button[type=submit]")  # write it (again) from the record
    page.wait_for_load_state("networkidle")
    text = page.input_value("#communique-text")
    assert ("السبت 17 يناير 2026" if language == "ar" else "samedi 17 janvier 2026") in text
    tab.fits()
    tab.shot(f"communique-{language}-{size}")
    page.fill("#communique-text", text + "\n\n" + ("انتهى." if language == "ar" else "Fin."))
    page.click("main form.card button.primary")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#communique-text").endswith("انتهى." if language == "ar" else "Fin.")
    tab.fits()

    page.goto(f"{url}/meetings/calendar/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    address = page.inner_text("main .address")
    assert "/meetings/feed/" in address and address.strip().endswith(".ics")
    tab.fits()
    tab.shot(f"calendar-{language}-{size}")
    assert tab.problems == []
    tab.context.close()
