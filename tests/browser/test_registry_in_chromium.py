"""The registry as the provincial secretary of Tétouan uses it in Chromium, in Arabic and French, at a desktop's and a
phone's size: she adds a member whose names the branch wrote in Arabic only (the commune picked by its name), finds
her again by typing her name in Latin letters, and exports the list she is looking at. Every request answers, no
script or style is refused, no page is wider than a phone. Screenshots go to `screenshots/`."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.live import live_site

PASSWORD = "a-long-browser-password-7"
RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]
SIZES = {"desktop": DESKTOP, "phone": PHONE}
# One new member per run: Arabic names only, and how an official of the other script types them.
NEWCOMERS = [
    ("سلمى", "الإدريسي", "Salma Idrissi"),
    ("كريمة", "أحكان", "Karima Ahkane"),
    ("نادية", "الوزاني", "Nadia Ouazzani"),
    ("هند", "العمراني", "Hind El Amrani"),
]
TOWN = {"ar": "تطوان", "fr": "Tétouan"}

SETUP = f"""
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate

demo_load()
head = Mandate.objects.filter(
    body__body_type__key="provincial_office", body__territory__code="01.571", position_type__key="head",
    end_date__isnull=True, body__organization__key="party",
).select_related("person").get()
user = get_user_model().objects.create_user("browser-registry", password="{PASSWORD}")
Account.objects.create(user=user, person=head.person)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("browser-registry"), "sqlite", SETUP) as url:
        yield url


@pytest.mark.parametrize(("language", "size"), RUNS, ids=[f"{lang}-{size}" for lang, size in RUNS])
def test_the_secretary_adds_finds_and_exports_a_member(site, browser, language, size):
    run = RUNS.index((language, size))
    first, last, typed_in_latin = NEWCOMERS[run]
    card = f"BRW-REG-{run}"
    tab = Tab(
        browser, site, language, SIZES[size], username="browser-registry", password=PASSWORD, accept_downloads=True
    )
    page = tab.page

    def fits(what: str) -> None:
        tab.shot(f"registry-{what}-{language}-{size}")
        tab.fits()

    # 1. A new member, from the members page.
    page.goto(f"{site}/members/")
    page.click("a[href='/members/new/']")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=card_number]", card)
    page.fill("input[name=first_name_ar]", first)
    page.fill("input[name=last_name_ar]", last)
    page.select_option("select[name=gender]", "f")
    page.fill("input[name=commune_q]", TOWN[language])
    option = page.locator(".picker-list [role=option][data-value='01.571.01.11']")
    option.wait_for()
    option.click()
    fits("new")
    page.click("main form.card button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert f"{first} {last}" in page.locator("main").inner_text()
    fits("created")

    # 2. Found again by her name typed in the other script.
    page.goto(f"{site}/members/")
    page.fill("input[name=q]", typed_in_latin)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    table = page.locator("main table").inner_text()
    assert card in table and f"{first} {last}" in table
    fits("found")

    # 3. The list she is looking at, exported: her row, with words, not codes.
    with page.expect_download() as download:
        page.click("a[href^='/members/export.csv']")
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    mine = [row for row in rows if card in row]
    assert len(mine) == 1
    assert ("أنثى" if language == "ar" else "Femme") in mine[0]
    assert "f" not in mine[0] and "01.571.01.11" not in mine[0]
    assert tab.problems == []
    tab.context.close()
