"""Activities clicked through in Chromium as the provincial secretary of Taounate does it, in Arabic and French, on a
phone (390×844) and a desktop (1366×768), on a real server with the demo party and its Taounate work programme.

She opens the calendar, plans a study day of the programme for today (its commune picked by name), finds its report
awaited, records the report, and sees it done on the calendar, in the month grid and in the list. Every request
answers, no script or style is refused by the Content-Security-Policy, no page is wider than the screen. Screenshots
go to `screenshots/` (ignored by git) for a person to look at."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.live import live_site

CASABLANCA = ZoneInfo("Africa/Casablanca")  # the server's "today"
PASSWORD = "a-long-browser-password-14"
SETUP = f"""
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.activities.demo import activities_demo_load
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate

demo_load()
activities_demo_load()
head = Mandate.objects.filter(
    body__body_type__key="provincial_office", body__organization__key="party", body__territory__code="03.531",
    position_type__key="head", end_date__isnull=True,
).select_related("person").first()
user = get_user_model().objects.create_user("browser-taounate", password="{PASSWORD}")
Account.objects.create(user=user, person=head.person)
"""
RUNS = [("ar", "phone"), ("fr", "phone"), ("ar", "desktop"), ("fr", "desktop")]
SIZES = {"phone": PHONE, "desktop": DESKTOP}
WORDS = {
    "ar": {
        "kind": "يوم دراسي",
        "theme": "يوم دراسي حول تسجيل الشباب في اللوائح الانتخابية",
        "town": "تاونات",
        "venue": "دار الشباب",
        "report": "شارك في اليوم الدراسي شباب من جماعات الإقليم وخلص إلى برنامج للتسجيل في اللوائح.",
        "due": "في انتظار التقرير",
        "done": "منجز",
        "milestone": "اللقاء التواصلي الإقليمي الموسع",
    },
    "fr": {
        "kind": "Journée d'étude",
        "theme": "Journée d'étude sur l'inscription des jeunes sur les listes électorales",
        "town": "Taounate",
        "venue": "Maison des jeunes",
        "report": "Des jeunes des communes de la province ont participé ; un plan d'inscription a été arrêté.",
        "due": "Compte rendu attendu",
        "done": "Réalisée",
        "milestone": "اللقاء التواصلي الإقليمي الموسع",
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("activities"), "sqlite", SETUP) as url:
        yield url


@pytest.mark.parametrize(("language", "size"), RUNS)
def test_the_secretary_plans_an_activity_records_its_report_and_sees_the_calendar(site, browser, language, size):
    words = WORDS[language]
    theme = f"{words['theme']} {size}"
    tab = Tab(browser, site, language, SIZES[size], username="browser-taounate", password=PASSWORD)
    page = tab.page

    def follow(selector: str) -> None:
        """Activate a link or a button with the keyboard and wait for the page it opens. (A mouse click after a
        full-page screenshot of a long page can land beside its target in headless Chromium.)"""
        with page.expect_navigation():
            page.locator(selector).first.press("Enter")
        page.wait_for_load_state("networkidle")

    def shot(what: str) -> None:
        tab.shot(f"activities-{what}-{language}-{size}")
        tab.fits()

    # 1. The calendar of this month: the demo programme's milestones around today.
    page.goto(f"{site}/activities/?view=list")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    shot("calendar-list-before")
    page.goto(f"{site}/activities/programmes/")
    follow("main table a[href^='/activities/programmes/']")
    assert words["milestone"] in page.locator("main").inner_text()
    shot("programme")

    # 2. Plan a study day of the programme, today, in the commune of Taounate picked by name.
    follow("main a[href^='/activities/new/?programme=']")
    page.select_option("select[name=kind]", label=words["kind"])
    page.fill("input[name=theme]", theme)
    page.fill("input[name=starts_on]", dt.datetime.now(CASABLANCA).strftime("%d/%m/%Y"))
    page.fill("input[name=starts_at]", "15:00")
    box = page.locator("input[name=commune_q]")
    box.press_sequentially(words["town"], delay=40)
    option = page.locator(".picker-list [role=option][data-value='03.531.01.05']")
    option.wait_for()
    option.click()
    page.fill("input[name=venue]", words["venue"])
    page.fill("input[name=planned_participants]", "60")
    shot("plan")
    follow("main form button[type=submit].primary")
    main = page.locator("main").inner_text()
    assert page.locator("main [role=alert]").all_inner_texts() == []
    assert theme in main and words["due"] in main and words["venue"] in main
    shot("planned")

    # 3. Its day has come: the report form is open; she records what happened.
    page.fill("textarea[name=report]", words["report"])
    page.fill("input[name=actual_participants]", "74")
    page.fill("textarea[name=photo_captions]", f"{words['venue']}\n{words['town']}")
    follow("#report form button[type=submit]")
    main = page.locator("main").inner_text()
    assert words["report"] in main and words["done"] in page.locator(".titlebar .badge").inner_text()
    shot("done")

    # 4. The calendar: the month grid and the list both show it.
    follow("nav.crumbs a[href^='/activities/?month=']")
    titles = page.locator(".cal-grid .cal-today .cal-entry").evaluate_all("links => links.map(a => a.title)")
    assert [title for title in titles if theme in title] == [f"{words['kind']} — {theme}"]
    assert theme in page.locator(".cal-list").inner_text()
    shot("calendar-month")
    follow(".cal-views a[href*='view=list']")
    item = page.locator(".cal-item", has_text=theme)
    assert words["done"] in item.inner_text()
    shot("calendar-list")
    assert tab.problems == []
    tab.context.close()
