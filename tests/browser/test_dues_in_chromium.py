"""The demo's branch treasurer of Tétouan (treasurer-tetouan) keeps the dues in Chromium, on a real server: in
Arabic and French, on a phone's width and a desktop's. From her list she picks a member who never paid, taps
"Pay" (the form opens in the row, filled with the rate and the year), taps "Record the payment", and prints the
receipt (a PDF, in Arabic, numbered for the branch and the year). Every request answers, no script or style is
refused by the Content-Security-Policy, nothing is wider than the screen. Screenshots and the receipts go to
`screenshots/` for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENS, visiting
from tests.live import live_site

PASSWORD = "a-long-browser-password-13"
RUNS = [("ar", "phone"), ("fr", "phone"), ("ar", "desktop"), ("fr", "desktop")]

SETUP = f"""
from tanzim.access.demo import demo_accounts_create
from tanzim.dues.demo import demo_dues_load
from tanzim.members.demo import demo_members_load
from tanzim.organization.demo import demo_load

demo_load()
demo_members_load()
demo_dues_load()
demo_accounts_create(password="{PASSWORD}")
"""

WORDS = {
    "ar": {"pay": "أداء", "record": "تسجيل الأداء", "receipt": "الوصل", "never": "لم يؤد قط", "up": "في وضعية قانونية"},
    "fr": {
        "pay": "Payer",
        "record": "Enregistrer le paiement",
        "receipt": "Reçu",
        "never": "Jamais payé",
        "up": "À jour",
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("dues"), "sqlite", SETUP) as url:
        yield url


Visit = visiting("dues-", username="treasurer-tetouan", password=PASSWORD)


@pytest.mark.parametrize(("language", "size"), RUNS)
def test_the_treasurer_records_a_payment_from_the_list_and_prints_the_receipt(site, browser, language, size):
    words = WORDS[language]
    visit = Visit(site, browser, language, size)
    page = visit.page
    try:
        page.goto(f"{site}/dues/")
        page.wait_for_load_state("networkidle")
        assert "/dues/body/" in page.url  # straight to her branch
        assert page.locator(".dues-row").count() > 10
        visit.fits()
        visit.shot("list")

        # Those who never paid; the first of them.
        page.select_option("select[name=standing]", "never_paid")
        page.click("main form.filters button[type=submit]")
        page.wait_for_load_state("networkidle")
        row = page.locator(".dues-row").first
        card = row.locator("bdi").first.inner_text()
        assert words["never"] in row.inner_text()
        visit.fits()

        # Tap one: the form opens in the row, filled ahead.
        row.locator(f"a:has-text('{words['pay']}')").click()
        form = page.locator(".dues-row form")
        form.wait_for()
        assert form.locator("input[name=amount]").input_value() not in ("", "0")
        visit.fits()
        visit.shot("form")

        # Tap two: recorded, the row says so and offers the receipt.
        form.locator(f"button:has-text('{words['record']}')").click()
        done = page.locator(".dues-row .receipt-done")
        done.wait_for()
        row = page.locator(".dues-row", has=page.locator(f"bdi:text-is('{card}')"))
        assert words["up"] in row.inner_text()
        visit.fits()
        visit.shot("recorded")

        link = done.locator("a")
        number = link.locator("bdi").inner_text()
        assert words["receipt"] in link.inner_text() and "/" in number
        response = page.request.get(site + link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body[:5] == b"%PDF-"
        SCREENS.mkdir(exist_ok=True)
        (SCREENS / f"dues-receipt-{language}-{size}.pdf").write_bytes(body)

        # The member page shows the new standing in the dues card.
        page.goto(f"{site}/members/?q={card}")
        page.locator("main table tbody tr", has_text=card).locator("a").first.click()
        page.wait_for_load_state("networkidle")
        assert words["up"] in page.locator("#dues").inner_text()
        visit.fits()
        visit.shot("member")

        # The money passed up: the demo's two transfers, one not yet received.
        page.goto(page.url.split("/members/")[0] + "/dues/")
        page.locator(".titlebar a.button").nth(1).click()
        page.wait_for_load_state("networkidle")
        assert "VIR-2026-01" in page.locator("main").inner_text()
        visit.fits()
        visit.shot("money")
        assert visit.problems == []
    finally:
        visit.context.close()
