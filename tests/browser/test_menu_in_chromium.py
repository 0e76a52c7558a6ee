"""The sections of the site as a branch secretary reaches them, in Chromium, in Arabic and French: on a desktop
the navigation is in the bar, always in view; on a phone it waits behind the menu button (it took five lines above
every page), opens under the bar with a tap or from the keyboard, and leads to the section tapped. Screenshots go
to `screenshots/` for a person to look at."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.browser.conftest import visiting
from tests.live import live_site

PASSWORD = "a-long-browser-password-9"
SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from tanzim.access.services import grant_create
from tanzim.organization.demo import demo_load
from tanzim.territory.capability import Capability
from tanzim.territory.models import Territory

demo_load()
user = get_user_model().objects.create_user("browser-menu", password="{PASSWORD}")
grant_create(
    acting_user=None, user=user, territory=Territory.objects.get(code="01.571"),
    capabilities=[Capability.READ], starts_on=dt.date(2020, 1, 1),
)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("menu"), "sqlite", SETUP) as url:
        yield url


Visit = visiting("menu-", username="browser-menu", password=PASSWORD)


def said(language: str, english: str) -> str:
    with translation.override(language):
        text = translation.gettext(english)
    assert text != english or (language == "fr" and english == "Menu")
    return text


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_on_a_phone_the_sections_wait_behind_the_menu_button(site, browser, language):
    visit = Visit(site, browser, language, "phone")
    page = visit.page
    try:
        button = page.locator("header label.menu-button")
        meetings = page.locator("nav.mainnav a", has_text=said(language, "Meetings"))
        assert button.inner_text().strip() == said(language, "Menu")
        assert button.is_visible() and not meetings.is_visible()
        closed = page.locator("header.topbar").bounding_box()
        visit.fits()
        visit.shot("closed")

        button.click()
        assert meetings.is_visible()
        opened = page.locator("header.topbar").bounding_box()
        assert closed is not None and opened is not None
        assert opened["height"] - closed["height"] > 250  # the lines the sections took above every page
        menu = page.locator("nav.mainnav").bounding_box()
        assert menu is not None and menu["y"] >= button.bounding_box()["y"] + 20  # under the button
        links = page.locator("nav.mainnav a")
        boxes = [links.nth(i).bounding_box() for i in range(links.count())]
        assert all(box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes)
        assert len({round(box["y"]) for box in boxes if box}) == len(boxes)  # one section a line
        visit.fits()
        visit.shot("open")
        meetings.click()
        page.wait_for_load_state("networkidle")
        assert page.url.rstrip("/").endswith("/meetings")
        assert not page.locator("nav.mainnav a").first.is_visible()  # closed again on the next page

        # From the keyboard: the box behind the button takes the focus and a space opens the menu.
        page.locator("#menu-open").focus()
        page.keyboard.press("Space")
        assert page.locator("nav.mainnav a").first.is_visible()
        assert visit.problems == []
    finally:
        visit.context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_on_a_desktop_the_sections_are_in_the_bar(site, browser, language):
    visit = Visit(site, browser, language, "desktop")
    page = visit.page
    try:
        assert not page.locator("header label.menu-button").is_visible()
        links = page.locator("nav.mainnav a")
        assert links.count() >= 8 and all(links.nth(i).is_visible() for i in range(links.count()))
        visit.fits()
        visit.shot("bar")
        assert visit.problems == []
    finally:
        visit.context.close()
