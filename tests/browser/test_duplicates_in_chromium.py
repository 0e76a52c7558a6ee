"""The duplicates page, worked through in Chromium by the provincial secretary of Tétouan: in Arabic and French,
at a desktop's and a phone's size, on a real server. She finds the page from the members list, compares two
entries side by side, dismisses one pair (two different people) and merges another keeping the entry she
chooses. Every request answers, no script or style is refused by the Content-Security-Policy, and at a phone's
width no page is wider than the screen. Screenshots go to `screenshots/` for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import visiting
from tests.live import live_site

PASSWORD = "a-long-browser-password-9"
RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]
# Per run: a pair with the same identity card (to dismiss) and a pair with the same phone (to merge).
# (Arabic first, last, Latin first, last)
DISMISSED = [("سلمى", "البقالي", "Salma", "Bakkali"), ("هشام", "الريفي", "Hicham", "Rifi")]
DISMISSED += [("ليلى", "الطنجاوي", "Laila", "Tanjaoui"), ("أنس", "الشاوني", "Anas", "Chaouni")]
MERGED = [("يونس", "العمارتي", "Younes", "Amarti"), ("سناء", "الوهابي", "Sanae", "Ouahabi")]
MERGED += [("عادل", "الحراق", "Adil", "Harrak"), ("نوال", "البردعي", "Naoual", "Bardai")]

SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.members.services import member_save
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

demo_load()
head = Mandate.objects.filter(
    body__body_type__key="provincial_office", body__territory__code="01.571", position_type__key="head",
    end_date__isnull=True,
).select_related("person").first()
user = get_user_model().objects.create_user("browser-dupes", password="{PASSWORD}")
Account.objects.create(user=user, person=head.person)
tetouan = Territory.objects.get(code="01.571.01.11")

def member(card, names, **personal):
    first_ar, last_ar, first_latin, last_latin = names
    member_save(
        acting_user=None, scope=Scope.everything(), member=None, local_body=None,
        person_data={{"first_name_ar": first_ar, "last_name_ar": last_ar, "first_name_latin": first_latin,
                     "last_name_latin": last_latin, "gender": "f", "commune": tetouan, **personal}},
        member_data={{"card_number": card}},
    )

for i, names in enumerate({DISMISSED!r}):
    member(f"D-{{i}}-A", names, cin=f"LD{{i}}1234", birth_date=dt.date(1980 + i, 1, 2))
    member(f"D-{{i}}-B", (names[0], names[1], "", ""), cin=f"LD{{i}}1234")
for i, names in enumerate({MERGED!r}):
    member(f"M-{{i}}-A", names, phone=f"+2126612200{{i}}0")
    member(f"M-{{i}}-B", (names[0], names[1], "", ""), phone=f"+2126612200{{i}}0", birth_date=dt.date(1990, 5, i + 1))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("dupes"), "sqlite", SETUP) as url:
        yield url


Visit = visiting("duplicates-", username="browser-dupes", password=PASSWORD)


WORDS = {
    "ar": {
        "link": "تكرارات محتملة",
        "dismiss": "ليس نفس الشخص",
        "dismissed": "تم الإبقاء على القيدين باعتبارهما شخصين مختلفين.",
        "merged": "تم دمج القيدين في البطاقة",
    },
    "fr": {
        "link": "Doublons probables",
        "dismiss": "Pas la même personne",
        "dismissed": "Les deux entrées sont gardées comme deux personnes différentes.",
        "merged": "Les deux entrées ont été fusionnées sous la carte",
    },
}


@pytest.mark.parametrize(("language", "size"), RUNS)
def test_find_compare_dismiss_and_merge(site, browser, language, size):
    run = RUNS.index((language, size))
    words = WORDS[language]
    visit = Visit(site, browser, language, size)
    page = visit.page
    try:
        page.goto(f"{site}/members/")
        page.click(f"main .titlebar a:has-text('{words['link']}')")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/members/duplicates/")
        visit.fits()
        visit.shot("list")

        # Compare: the pair to dismiss, both entries side by side, the identity card on both.
        first_ar, last_ar, first_latin, last_latin = DISMISSED[run]
        pair = page.locator("article.duplicate", has_text=f"D-{run}-A")
        assert pair.count() == 1
        text = pair.inner_text()
        assert f"D-{run}-A" in text and f"D-{run}-B" in text
        assert text.count(f"LD{run}1234") == 2
        assert f"{first_ar} {last_ar}" in text and f"{first_latin} {last_latin}" in text
        assert f"02/01/{1980 + run}" in text  # the birth date, dd/mm/yyyy in both languages
        pair.scroll_into_view_if_needed()
        visit.shot("pair")

        # Dismiss it: two different people. The page comes back without it, saying so.
        pair.locator(f"button:has-text('{words['dismiss']}')").click()
        page.wait_for_load_state("networkidle")
        assert words["dismissed"] in page.locator(".messages").inner_text()
        assert page.locator("article.duplicate", has_text=f"D-{run}-A").count() == 0
        visit.fits()

        # Merge the other pair keeping its second entry (the one without a Latin name): the first is merged in.
        pair = page.locator("article.duplicate", has_text=f"M-{run}-A")
        pair.locator("form", has=page.locator(f"bdi:text-is('M-{run}-B')")).locator("button").click()
        page.wait_for_load_state("networkidle")
        message = page.locator(".messages").inner_text()
        assert words["merged"] in message and f"M-{run}-B" in message
        assert page.locator("article.duplicate", has_text=f"M-{run}-A").count() == 0
        visit.fits()
        visit.shot("after")

        # The kept entry has the Latin name of the merged one; the merged card is gone from the list.
        page.goto(f"{site}/members/?q=M-{run}-B")
        page.locator("main table tbody tr", has_text=f"M-{run}-B").locator("a").click()
        page.wait_for_load_state("networkidle")
        assert f"{MERGED[run][2]} {MERGED[run][3]}" in page.locator("main").inner_text()
        page.goto(f"{site}/members/?q=M-{run}-A")
        assert page.locator("main table tbody a").count() == 0
        assert visit.problems == []
    finally:
        visit.context.close()
