"""The Taounate provincial secretariat's meeting of Saturday 17 January 2026 (the seed report), recorded from
start to finish in Chromium in one sitting by the demo's provincial secretary (`provincial-taounate`): she creates
the meeting, marks attendance on a phone (390×844) one tap per person, writes the minutes, records the decision
that closed the meeting and sends its five directives from it, approves the minutes, writes the communiqué from
the record and downloads the minutes as PDF; both documents name every directive. In Arabic and in French. Every
request answers, no script or style is refused by the Content-Security-Policy, no page is wider than the screen.
Screenshots go to `screenshots/`.
"""

from __future__ import annotations

import io
import time
import urllib.request

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
ITEM = {
    "ar": (
        "المستجدات السياسية والتنظيمية",
        "استعرض الأمين الجهوي المستجدات السياسية والتنظيمية.\n\n- بلاغات القيادة الحزبية\n- مذكرات قطب التنظيم",
    ),
    "fr": (
        "Actualité politique et organisationnelle",
        "Le secrétaire régional a présenté l'actualité.\n\n- Communiqués de la direction\n- Notes du pôle organisation",
    ),
}
DECISION = {
    "ar": "خلص الاجتماع إلى جملة من التوجيهات",
    "fr": "La réunion a conclu par des directives",
}
# The five directives of the seed: the first to every commune within three months, the others to every local body.
DIRECTIVES = {
    "ar": [
        "جعل الهيكلة التنظيمية أولوية المرحلة وتعميمها على جميع جماعات الإقليم",
        "الانطلاق المبكر في التحضير للانتخابات التشريعية",
        "إعادة تفعيل الأمانات المحلية",
        "تحيين لوائح المنخرطين",
        "إشراك الشباب والنساء في الهياكل القيادية",
    ],
    "fr": [
        "Faire de la structuration la priorité et l'étendre à toutes les communes de la province",
        "Commencer tôt la préparation des élections législatives",
        "Réactiver les secrétariats locaux",
        "Mettre à jour les listes des adhérents",
        "Associer les jeunes et les femmes aux instances dirigeantes",
    ],
}
WORDS = {
    "ar": {"reached": "النصاب القانوني مكتمل", "locked": "المحضر مصادق عليه ومقفل", "date": "السبت 17 يناير 2026"},
    "fr": {
        "reached": "Quorum atteint",
        "locked": "Le procès-verbal est approuvé et verrouillé",
        "date": "samedi 17 janvier 2026",
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("taounate"), "sqlite", SETUP) as url:
        # On a busy machine the server may take longer to answer than live_site waits: wait for it here.
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/accounts/login/", timeout=5)  # noqa: S310 (our own http URL)
                break
            except OSError:
                time.sleep(0.5)
        yield url


def _go(tab: Tab, url: str) -> None:
    tab.page.goto(url if url.startswith("http") else tab.site + url)
    tab.page.wait_for_load_state("networkidle")
    tab.fits()


def _submit(tab: Tab, selector: str = "main form button.primary") -> None:
    tab.page.click(selector)
    tab.page.wait_for_load_state("networkidle")
    tab.fits()


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_taounate_meeting_from_creation_to_the_communique_and_the_pdf(site, browser, language):
    words = WORDS[language]
    desk = Tab(browser, site, language, DESKTOP, username="provincial-taounate", password=PASSWORD)
    page = desk.page
    bodies = page.request.get(f"{site}/api/v1/bodies?territory=03.531&level=provincial").json()
    province = next(b for b in bodies if b["body_type"] == "provincial_office" and b["organization"] == "party")

    # 1. Created from the body page: chaired by the regional secretary, local secretaries and MPs invited.
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
    page.check("input[name=categories][value=sub_heads]")
    page.check("input[name=categories][value=parliament]")
    page.fill("textarea[name=opening]", "كلمة ترحيبية للأمين الإقليمي" if language == "ar" else "Mot de bienvenue")
    _submit(desk)
    assert page.url.rstrip("/").split("/")[-1].isdigit(), page.url
    meeting_url = page.url
    meeting = int(page.url.rstrip("/").split("/")[-1])

    # 2. Attendance on a phone, one tap per person, the counter following without a page load.
    phone = Tab(browser, site, language, PHONE, username="provincial-taounate", password=PASSWORD)
    _go(phone, meeting_url + "attendance/")
    phone.page.evaluate("window.tanzimTestMark = 'same page'")
    office = phone.page.locator(".register-row:has(.badge)")
    entitled = office.count()
    assert entitled >= 5
    for i in range(entitled - 1):
        row = office.nth(i)
        row.locator("button.tap-present").click()
        phone.page.locator(f"#{row.get_attribute('id')} button.tap-present.chosen").wait_for()
    office.nth(entitled - 1).locator("button.tap-excused").click()
    phone.page.locator(f"#{office.nth(entitled - 1).get_attribute('id')} button.tap-excused.chosen").wait_for()
    assert phone.page.evaluate("window.tanzimTestMark") == "same page"
    assert words["reached"] in phone.page.inner_text("#quorum")
    box = phone.page.locator("button.tap-present").first.bounding_box()
    assert box is not None and box["height"] >= 44  # a large touch target
    phone.fits()
    phone.shot(f"taounate-e2e-register-{language}-phone")

    # 3. The minutes of the item, and the decision the meeting closed on.
    title, minutes = ITEM[language]
    _go(desk, meeting_url)
    page.fill("input[name=item-title]", title)
    _submit(desk, "form.add-item button")
    item = page.locator("article.agenda-item", has_text=title)
    item.locator("a[href*='/items/']:not([href$='decision/'])").click()
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=item-minutes]", minutes)
    _submit(desk)
    page.locator("article.agenda-item", has_text=title).locator("a[href$='decision/']").click()
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=text]", DECISION[language])
    _submit(desk)
    assert DECISION[language] in page.inner_text("main")

    # 4. The five directives, sent from the decision (under it on the meeting page).
    for i, directive in enumerate(DIRECTIVES[language]):
        _go(desk, meeting_url)
        page.click(".decision-directives a.button")
        page.wait_for_load_state("networkidle")
        page.fill("textarea[name=title]", directive)
        if i == 0:
            page.fill("input[name=due_months]", "3")
            page.check("input[name=rule][value=communes]")
        else:
            page.fill("input[name=due_months]", "6")
            page.check("input[name=rule][value=sub_bodies]")
            page.select_option("select[name=level]", "local")
        if i == 0:
            desk.shot(f"taounate-e2e-directive-send-{language}-desktop")
        _submit(desk)
        assert "/directives/" in page.url, page.url
        if i == 0:
            counter = page.inner_text(".counter")
            assert "49" in counter and "19" in counter, counter  # 19 of Taounate's 49 communes are structured
            assert "17/04/2026" in page.inner_text("main")  # three months from the meeting's day
    _go(desk, meeting_url)
    panel = page.inner_text(".decision-directives")
    assert all(d in panel for d in DIRECTIVES[language])

    # 5. Held, then approved: locked.
    _submit(desk, "button[name=action][value=held]")
    _submit(desk, "button[name=action][value=approve]")
    assert words["locked"] in page.inner_text("main")
    assert page.locator("form.add-item").count() == 0
    desk.shot(f"taounate-e2e-approved-{language}-desktop")

    # 6. The communiqué written from the record: date in words, place, chair, every directive.
    _go(desk, f"/meetings/{meeting}/communique/?lang={language}")
    _submit(desk, "main form:not(.card) button[type=submit]")
    text = page.input_value("#communique-text")
    assert words["date"] in text and REGIONAL[language][0] in text
    assert all(d in text for d in DIRECTIVES[language]), text
    desk.shot(f"taounate-e2e-communique-{language}-desktop")
    _go(phone, f"/meetings/{meeting}/communique/?lang={language}")
    phone.shot(f"taounate-e2e-communique-{language}-phone")

    # 7. The approved minutes as PDF, from the link on the meeting page.
    _go(desk, meeting_url)
    href = page.get_attribute(f"a[href='/meetings/{meeting}/minutes.pdf']", "href")
    pdf = page.request.get(site + href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    written = _pdf_text(pdf.body())
    assert title in written and ("محضر" if language == "ar" else "Procès-verbal") in written
    for directive in DIRECTIVES[language]:
        first_words = " ".join(directive.split()[:3])
        assert first_words in written, first_words

    assert desk.problems == [] and phone.problems == []
    desk.context.close()
    phone.context.close()
