"""The Taounate provincial secretariat's meeting of Saturday 17 January 2026 (the seed report), recorded in
Chromium by the demo's Taounate provincial secretary (`provincial-taounate`), in Arabic and in French.

She records the meeting from the body page (chaired by the regional secretary, typed, and by herself, picked;
local secretaries and members of parliament invited), marks attendance on a phone (390×844) one tap per person
while the counter follows, writes the minutes of two items, records the decisions (one by consensus, one by vote),
marks the meeting held and approves its minutes, which then lock. Every request answers, no script or style is
refused by the Content-Security-Policy, no page is wider than the screen. Screenshots go to `screenshots/`.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.live import live_site

PASSWORD = "a-long-browser-password-9"

SETUP = f"""
from tanzim.organization.demo import demo_load
from tanzim.access.demo import demo_accounts_create
demo_load()
demo_accounts_create(password="{PASSWORD}")
"""

KIND = {"ar": "اجتماع تنظيمي وتواصلي", "fr": "Réunion organisationnelle et de communication"}
REGIONAL = {"ar": ("محمد الحجيرة", "الأمين الجهوي لجهة فاس مكناس"), "fr": ("Mohamed Hjira", "Secrétaire régional")}
ITEMS = {
    "ar": [
        (
            "المستجدات السياسية والتنظيمية",
            "استعرض الأمين الجهوي المستجدات السياسية والتنظيمية.\n\n- بلاغات القيادة الحزبية\n- مذكرات قطب التنظيم",
        ),
        ("الاستعداد للاستحقاقات المقبلة", "نقاشات موسعة حول تشخيص الوضع التنظيمي بالإقليم."),
    ],
    "fr": [
        (
            "Actualité politique et organisationnelle",
            "Le secrétaire régional a présenté l'actualité.\n\n"
            "- Communiqués de la direction\n- Notes du pôle organisation",
        ),
        ("Préparation des prochaines échéances", "Large débat sur le diagnostic organisationnel de la province."),
    ],
}
DECISIONS = {
    "ar": [
        "جعل الهيكلة التنظيمية أولوية المرحلة وتعميمها على جميع جماعات الإقليم خلال ثلاثة أشهر",
        "الانطلاق المبكر في الاستعداد للاستحقاقات التشريعية لسنة 2026",
    ],
    "fr": [
        "Faire de la structuration la priorité et l'étendre à toutes les communes de la province en trois mois",
        "Commencer tôt la préparation des législatives de 2026",
    ],
}
WORDS = {
    "ar": {"reached": "النصاب القانوني مكتمل", "locked": "المحضر مصادق عليه ومقفل", "present": "حاضر"},
    "fr": {"reached": "Quorum atteint", "locked": "Le procès-verbal est approuvé et verrouillé", "present": "Présent"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("meetings"), "sqlite", SETUP) as url:
        yield url


def _go(tab: Tab, url: str) -> None:
    tab.page.goto(url if url.startswith("http") else tab.site + url)
    tab.page.wait_for_load_state("networkidle")
    tab.fits()


def _submit(tab: Tab, selector: str = "main form button.primary") -> None:
    tab.page.click(selector)
    tab.page.wait_for_load_state("networkidle")
    tab.fits()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_provincial_secretary_records_the_taounate_meeting_end_to_end(site, browser, language):
    words = WORDS[language]
    desk = Tab(browser, site, language, DESKTOP, username="provincial-taounate", password=PASSWORD)
    page = desk.page
    bodies = page.request.get(f"{site}/api/v1/bodies?territory=03.531&level=provincial").json()
    province = next(b for b in bodies if b["body_type"] == "provincial_office" and b["organization"] == "party")
    head = next(
        m
        for m in page.request.get(f"{site}/api/v1/bodies/{province['id']}").json()["office"]
        if m["position"] == "head"
    )

    # From the body page's meetings panel to the form.
    _go(desk, f"/bodies/{province['id']}/")
    page.click(f"a[href='/meetings/new/?body={province['id']}']")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=kind]", label=KIND[language])
    page.fill("input[name=day]", "17/01/2026")
    page.fill("input[name=time]", "16:00")
    page.fill("input[name=venue]", "المقر الإقليمي للحزب بتاونات" if language == "ar" else "Siège provincial du parti")
    page.select_option("select[name=role-0-role]", "chair")
    page.fill("input[name=role-0-name]", REGIONAL[language][0])
    page.fill("input[name=role-0-capacity]", REGIONAL[language][1])
    page.select_option("select[name=role-1-role]", "chair")
    typed = head["person"]["name_ar"] if language == "ar" else head["person"]["name_latin"]
    box = page.locator("input[name='role-1-person_q']")
    box.fill(typed)
    option = page.locator(f"#role-1 .picker-list [role=option][data-value='{head['person']['id']}']").first
    option.wait_for()
    option.click()
    assert page.locator("input[type=hidden][name='role-1-person']").input_value() == str(head["person"]["id"])
    page.check("input[name=categories][value=sub_heads]")
    page.check("input[name=categories][value=parliament]")
    page.fill("textarea[name=opening]", "كلمة ترحيبية للأمين الإقليمي" if language == "ar" else "Mot de bienvenue")
    desk.fits()
    desk.shot(f"meeting-form-{language}-desktop")
    _submit(desk)
    assert "/meetings/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit(), page.url
    meeting_url = page.url
    text = page.inner_text("main")
    assert REGIONAL[language][0] in text and "17/01/2026" in text
    assert page.inner_text("#quorum .quorum-count").replace("\u2068", "").replace("\u2069", "") == "0 / 5"

    # On a phone during the meeting: one tap per person, the counter follows without a page load.
    phone = Tab(browser, site, language, PHONE, username="provincial-taounate", password=PASSWORD)
    _go(phone, meeting_url + "attendance/")
    phone.page.evaluate("window.tanzimTestMark = 'same page'")
    office_rows = phone.page.locator(".register-row:has(.badge)")
    assert office_rows.count() == 8
    for i in range(5):
        row = office_rows.nth(i)
        row.locator("button.tap-present").click()
        phone.page.locator(f"#{row.get_attribute('id')} button.tap-present.chosen").wait_for()
    office_rows.nth(5).locator("button.tap-excused").click()
    phone.page.locator(".register-row:has(.badge) button.tap-excused.chosen").wait_for()
    assert phone.page.evaluate("window.tanzimTestMark") == "same page"
    assert phone.page.inner_text("#quorum .quorum-count") == "5 / 5"
    assert words["reached"] in phone.page.inner_text("#quorum")
    phone.fits()
    phone.shot(f"meeting-register-{language}-phone")
    button = phone.page.locator("button.tap-present").first.bounding_box()
    assert button is not None and button["height"] >= 44  # a large touch target

    # Minutes per item and a decision on each.
    for (title, minutes), decision in zip(ITEMS[language], DECISIONS[language], strict=True):
        page.goto(meeting_url)
        page.fill("input[name=item-title]", title)
        _submit(desk, "form.add-item button")
        item = page.locator("article.agenda-item", has_text=title)
        item.locator("a[href*='/items/']:not([href$='decision/'])").click()
        page.wait_for_load_state("networkidle")
        page.fill("textarea[name=item-minutes]", minutes)
        _submit(desk)
        page.locator("article.agenda-item", has_text=title).locator("a[href$='decision/']").click()
        page.wait_for_load_state("networkidle")
        page.fill("textarea[name=text]", decision)
        if decision == DECISIONS[language][1]:
            page.check("input[name=outcome][value=adopted]")
            page.fill("input[name=votes_for]", "5")
            page.fill("input[name=votes_against]", "0")
            page.fill("input[name=votes_abstain]", "0")
        _submit(desk)
    text = page.inner_text("main")
    assert all(d in text for d in DECISIONS[language])
    assert page.locator(".minutes ul li").count() == 2

    # Held, then the minutes approved: the page says they are locked and offers only a correction.
    _submit(desk, "button[name=action][value=held]")
    _submit(desk, "button[name=action][value=approve]")
    assert words["locked"] in page.inner_text("main")
    assert page.locator("form.add-item").count() == 0
    desk.shot(f"meeting-approved-{language}-desktop")
    _go(phone, meeting_url)
    phone.shot(f"meeting-approved-{language}-phone")

    assert desk.problems == [] and phone.problems == []
    desk.context.close()
    phone.context.close()
