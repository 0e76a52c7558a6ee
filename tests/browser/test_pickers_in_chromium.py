"""The pickers clicked through in Chromium as the provincial secretary of Tétouan uses them: in Arabic and French, at
a laptop's (1366×768) and a phone's (390×844) size, on a real server with the demo party. In a renewal row she types a
name and picks the person with the keyboard, adds a person who is not in the registry from the picker (their commune
picked by name), records the renewal; in the member list she picks a commune by name. Screenshots of each step are
written to `screenshots/` (ignored by git)."""

from __future__ import annotations

import pytest

from tests.browser import test_renewal_in_chromium as renewal
from tests.browser.conftest import SCREENS
from tests.live import live_site

# The same Chromium, the same demo party and the same secretary as the renewal's browser test.
PASSWORD, SETUP = renewal.PASSWORD, renewal.SETUP

# Members of the province with known names and cards (the demo's names are drawn at random), and one of Taounate
# whom the picker must never show her.
PICKER_SETUP = (
    SETUP
    + """
from tanzim.members.services import member_save
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

for card, ar, last_ar, latin, last_latin, code in (
    ("PK-4241", "نوال", "الشاوني", "Naoual", "Chaouni", "01.571.01.07"),
    ("PK-4242", "نوال", "التمسماني", "Naoual", "Temsamani", "01.571.01.07"),
    ("PK-4243", "نوال", "البقالي", "Naoual", "Bakkali", "01.571.01.07"),
    ("PK-4244", "نوال", "الريسوني", "Naoual", "Raissouni", "01.571.01.07"),
    ("PK-9999", "نوال", "الشاوني", "Naoual", "Chaouni", "03.531.01.05"),
):
    member_save(
        acting_user=None, scope=Scope.everything(), member=None, local_body=None,
        person_data={"first_name_ar": ar, "last_name_ar": last_ar, "first_name_latin": latin,
                     "last_name_latin": last_latin, "gender": "f", "commune": Territory.objects.get(code=code)},
        member_data={"card_number": card},
    )
"""
)
PERSON = ".seat-field > .picker"  # a renewal row's person picker (the new person's commune picker sits inside it)
# Each run seats its own member of the registry (a person already seated as an advisor cannot be seated twice), typed
# in part, in the reader's script.
KNOWN = {
    ("ar", "laptop"): ("نوال الشاو", "نوال الشاوني", "PK-4241"),
    ("fr", "laptop"): ("Naoual Temsa", "Naoual Temsamani", "PK-4242"),
    ("ar", "phone"): ("نوال البقا", "نوال البقالي", "PK-4243"),
    ("fr", "phone"): ("Naoual Raiss", "Naoual Raissouni", "PK-4244"),
}
SIZES = {"laptop": (1366, 768), "phone": (390, 844)}
WORDS = {
    "ar": {
        "new_first": "ياسمين",
        "new_last": "الورديغي",
        "commune": "واد لو",
        "advisor": "مستشار",
    },
    "fr": {
        "new_first": "Yasmine",
        "new_last": "Ouardighi",
        "commune": "Oued La",
        "advisor": "Conseiller",
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("pickers"), "sqlite", PICKER_SETUP) as url:
        yield url


def _page(browser, site, language, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", "browser-tetouan")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page, problems


def _shot(page, name, near=None):
    """The whole page, and with `near` the screen as the official sees it around that element."""
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
    if near is not None:
        near.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(SCREENS / f"{name}-screen.png"))


def _empty_rows(page):
    """The renewal rows whose picker holds nobody yet (the page's empty rows)."""
    rows = page.locator(".seat-list > .seat-row")
    return [
        rows.nth(i)
        for i in range(rows.count())
        if not rows.nth(i).locator(f"{PERSON} > [data-picker-value]").input_value()
    ]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_the_secretary_picks_and_adds_persons_by_typing(site, browser, language, size):
    words = WORDS[language]
    context, page, problems = _page(browser, site, language, size)
    tag = f"{language}-{size}"

    page.goto(f"{site}/territory/01.571.01.11/")
    page.wait_for_load_state("networkidle")
    page.locator("#bodies-on-unit a[href^='/bodies/']").first.click()
    page.wait_for_load_state("networkidle")
    body_url = page.url
    page.goto(body_url.rstrip("/") + "/renew/")
    # No list of the province's persons in the page: a box to type in.
    assert page.locator("select[name$='-person']").count() == 0 and page.locator(f"{PERSON} > .picker-input").count()

    # 1. A person of the registry, found by typing part of her name, chosen with the arrow key and Enter.
    first, second = _empty_rows(page)[:2]
    first.locator("select[name$='-position_type']").select_option(label=words["advisor"])
    box = first.locator(f"{PERSON} > .picker-input")
    box.click()
    typed, known_name, card = KNOWN[(language, size)]
    box.press_sequentially(typed, delay=40)
    # The list answers what was typed last (answers to the first letters may come back first).
    first.locator(f"{PERSON} > .picker-list[data-query='{typed}'] [role=option][data-value]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    listed = first.locator(f"{PERSON} > .picker-list").inner_text()
    assert card in listed and "PK-9999" not in listed  # her card; never Taounate's namesake
    assert ("واد لو" if language == "ar" else "Oued Laou") in listed  # her commune, with its province
    _shot(page, f"picker-suggestions-{tag}", near=first)
    box.press("ArrowDown")
    box.press("Enter")
    assert first.locator(f"{PERSON} > [data-picker-value]").input_value() != ""
    assert box.get_attribute("aria-expanded") == "false"
    assert known_name in box.input_value()

    # 2. A person who is not in the registry, added from the picker: names prefilled from what was typed, the
    # commune picked by name, with the keyboard.
    second.locator("select[name$='-position_type']").select_option(label=words["advisor"])
    other = second.locator(f"{PERSON} > .picker-input")
    other.click()
    other.press_sequentially(f"{words['new_first']} {words['new_last']}", delay=30)
    add = second.locator(f"{PERSON} > .picker-list [data-new]")
    add.wait_for(state="visible")
    add.click()
    fresh = second.locator("details.picker-new")
    assert fresh.get_attribute("open") is not None
    script = "ar" if language == "ar" else "latin"
    assert second.locator(f"[name$='_new-first_name_{script}']").input_value() == words["new_first"]
    assert second.locator(f"[name$='_new-last_name_{script}']").input_value() == words["new_last"]
    second.locator("select[name$='_new-gender']").select_option("f")
    commune = fresh.locator(".picker-input")
    commune.click()
    commune.press_sequentially(words["commune"], delay=40)
    fresh.locator(f".picker-list[data-query='{words['commune']}'] [role=option][data-value]").first.wait_for()
    commune.press("ArrowDown")
    commune.press("Enter")
    assert fresh.locator("[data-picker-value]").input_value() == "01.571.01.07"
    _shot(page, f"picker-new-person-{tag}", near=fresh)

    day = {("ar", "laptop"): 10, ("fr", "laptop"): 11, ("ar", "phone"): 12, ("fr", "phone"): 13}[(language, size)]
    page.fill("input[name=held_on]", f"2026-02-{day}")
    page.click("main form button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    _shot(page, f"picker-renewed-{tag}")
    assert page.url.rstrip("/") == body_url.rstrip("/"), page.locator("main .error").all_inner_texts()
    office = page.content()
    new_name = f"{words['new_first']} {words['new_last']}"
    assert known_name in office and new_name in office

    # 3. The member list, filtered by a commune typed by name (the box answered a 404 before).
    page.goto(f"{site}/members/")
    place = page.locator("input[name=territory_q]")
    place.click()
    place.press_sequentially("تطوان" if language == "ar" else "Tetouan", delay=40)
    page.locator(".picker-list[data-query] [role=option][data-value='01.571.01.11']").wait_for()
    labels = page.locator(".picker-list").inner_text()
    assert ("جماعة تطوان — إقليم تطوان" if language == "ar" else "Commune Tétouan — Province Tétouan") in labels
    _shot(page, f"picker-place-{tag}", near=place)
    page.locator(".picker-list [role=option][data-value='01.571.01.11']").click()
    assert page.locator("input[name=territory]").input_value() == "01.571.01.11"
    page.locator("input[name=territory_q]").press("Escape")
    page.click("main form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "territory=01.571.01.11" in page.url and page.locator("main .error").count() == 0
    _shot(page, f"picker-place-filtered-{tag}")
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    assert problems == []
    context.close()
