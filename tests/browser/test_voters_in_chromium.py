"""The demo's branch head of Tétouan (branch-tetouan) works the voter-registration drive in Chromium, on a real
server: on a phone's width (and a desktop's), in Arabic and French. She opens the members to call, taps
"Registered" on two of them (the row says so, the progress above the list rises by one each time, without a page
load), and the drive page shows the new figure. Every request answers, no script or style is refused by the
Content-Security-Policy, nothing is wider than the screen. Screenshots go to `screenshots/`."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import visiting
from tests.live import live_site

PASSWORD = "a-long-browser-password-15"
RUNS = [("ar", "phone"), ("fr", "phone"), ("ar", "desktop"), ("fr", "desktop")]

SETUP = f"""
from tanzim.access.demo import demo_accounts_create
from tanzim.members.demo import demo_members_load
from tanzim.organization.demo import demo_load
from tanzim.voters.demo import voters_demo_load

demo_load()
demo_members_load()
voters_demo_load()
demo_accounts_create(password="{PASSWORD}")

# The four runs below share this site and each records two members of the branch: eight to call at least, whatever
# today's date makes of the demo's random statements (the members a statement was written for are called again).
from tanzim.members.models import Member
from tanzim.voters.models import Statement

again = (
    Member.objects.filter(path__contains="/01.571.01.11/", status="active", person__birth_date__lt="1990-01-01")
    .exclude(voter_registration__isnull=True)
    .order_by("pk")
    .values_list("pk", flat=True)[:8]
)
Statement.objects.filter(member_id__in=list(again)).delete()
"""

WORDS = {
    "ar": {"registered": "مسجل", "title": "الأعضاء المطلوب الاتصال بهم", "done": "تم التسجيل"},
    "fr": {"registered": "Inscrit", "title": "Membres à appeler", "done": "Enregistré"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("voters"), "sqlite", SETUP) as url:
        yield url


Visit = visiting("voters-", username="branch-tetouan", password=PASSWORD)


def _registered(page) -> int:
    return int(re.sub(r"\D", "", page.locator("#drive-progress .drive-registered").inner_text()))


@pytest.mark.parametrize(("language", "size"), RUNS)
def test_the_branch_head_records_two_members_from_the_call_list(site, browser, language, size):
    words = WORDS[language]
    visit = Visit(site, browser, language, size)
    page = visit.page
    try:
        page.goto(f"{site}/voters/calls/")
        page.wait_for_load_state("networkidle")
        assert words["title"] in page.inner_text("h1")
        assert page.locator(".call-row").count() >= 2
        before = _registered(page)
        visit.fits()
        visit.shot("calls")
        for i in (1, 2):
            row = page.locator(".call-row:has(form)").first
            row_id = row.get_attribute("id")
            row.locator("button[value=registered]").click()
            done = page.locator(f"#{row_id} .call-done")
            done.wait_for()
            assert words["done"] in done.inner_text()
            page.wait_for_function(
                f"document.querySelector('#drive-progress .drive-registered').textContent.trim() == '{before + i}'"
            )
        assert _registered(page) == before + 2
        visit.fits()
        visit.shot("recorded")
        page.goto(f"{site}/voters/")
        page.wait_for_load_state("networkidle")
        assert _registered(page) == before + 2
        visit.fits()
        visit.shot("drive")
        assert visit.problems == []
    finally:
        visit.context.close()
