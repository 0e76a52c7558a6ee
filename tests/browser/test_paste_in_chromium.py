"""The whole Tétouan report recorded in Chromium by pasting it, as the provincial secretary of Tétouan does: in Arabic
and French, at a desktop's (1366×768) and a phone's (390×844) size, each on a fresh demo party (the report's
people are not in the registry yet).

1. The branch office: she pastes the composition as the party published it on the branch's renewal page, reads it,
   checks the sixteen rows (the genders the text does not tell), and records.
2. The ten cadres co-opted to the provincial council: she pastes ten "name: مستشار" lines on the council's co-option
   page; eight are in the registry, one has a namesake (she picks the right one in the list), one is new (she picks
   the commune by name), and records.

Every action she makes (a page opened, a field filled, a click, a choice) is counted; the README states the total,
and this test holds it to it. Screenshots of each step go to `screenshots/` (ignored by git).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SCREENS
from tests.browser.test_renewal_in_chromium import PASSWORD
from tests.browser.test_renewal_in_chromium import SETUP as RENEWAL_SETUP
from tests.live import live_site

RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]
SIZES = {"desktop": DESKTOP, "phone": PHONE}

# The branch office, as tetouan-branch-renewal.txt ends.
BRANCH_OFFICE = """هذا و كانت الكتابة الإقليمية قد أشرفت في وقت سابق، على تجديد مكتب الفرع
و الذي ضم في عضويته الأسماء التالية.
محمد الزكاري العمراني: كاتبا للفرع
الأمين مشبال: نائبه
كريمة أحكان: أمينة المال ، بلال سلوان نائبها
مروان المرابط: المقرر، طارق وكيلي عسراوي:  نائبه
فادي وكيلي عسراوي: المكلف بالإعلام والتواصل
عز الدين الشطاطبي: لجنة التنسيق مع القطاعات الموازية
احرادة رشيد: لجنة العمل الجمعوي
المستشارون: محمد حنين، فاطمة اطنين، عبد المالك الحطري، عبد الإلاه الخليفي ، رجاء الشيخي، سهيلة السعيدي، عبد العزيز حيوش.
"""
# Whom the text does not tell a gender for (the committees' names, the plural المستشارون): she chooses it.
WOMEN = {"فاطمة", "رجاء", "سهيلة"}

# The ten cadres co-opted to the provincial council (the first half of the report), one line each.
CADRES = [
    ("محمد", "كمال مهدي"),
    ("محمد", "أرحو"),
    ("خليل", "الحضري"),
    ("حفيظ", "الشعرة"),
    ("عبد المالك", "الحطري"),
    ("يوسف", "مجاهد"),
    ("حسين", "أولاد يخلف"),
    ("محمد", "لحميدي"),
    ("أنس", "اليملاحي"),
    ("فتحي", "البيضاوي"),
]
COOPTION = "\n".join(f"{first} {last}: مستشار" for first, last in CADRES) + "\n"
# In the registry before: the first eight; the ninth twice (two namesakes, in Tétouan and Oued Laou); the tenth not.
SETUP = (
    RENEWAL_SETUP
    + f"""
from tanzim.people.models import Person
from tanzim.territory.models import Territory
oued_laou = Territory.objects.get(code="01.571.01.07")
cadres = {CADRES!r}
for first, last in cadres[:9]:
    Person.objects.create(first_name_ar=first, last_name_ar=last, gender="m", commune=tetouan)
Person.objects.create(first_name_ar=cadres[8][0], last_name_ar=cadres[8][1], gender="m", commune=oued_laou)
"""
)

PERSON = ".seat-field > .picker"  # a row's person picker (the new person's commune picker sits inside it)
README = Path(__file__).resolve().parents[2] / "README.md"
STATED = re.compile(r"Recording the Tétouan report takes (\d+) actions")


class Counted:
    """The official's tab, each of her actions counted: opening a page, filling a field, a click, a choice."""

    def __init__(self, site, browser, language, size):
        self.site, self.language, self.size = site, language, size
        self.context = browser.new_context(viewport=SIZES[size], locale=language)
        self.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        self.page = page = self.context.new_page()
        page.set_default_timeout(20000)
        self.actions: list[str] = []
        self.problems: list[str] = []
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("console", lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None
            ),
        )

    def goto(self, url: str, what: str) -> None:
        self.actions.append(f"open {what}")
        self.page.goto(url)
        self.settle()

    def fill(self, target, text: str, what: str) -> None:
        self.actions.append(f"fill {what}")
        (self.page.locator(target) if isinstance(target, str) else target).fill(text)

    def click(self, target, what: str, *, navigates: bool = False) -> None:
        self.actions.append(f"click {what}")
        (self.page.locator(target) if isinstance(target, str) else target).click()
        if navigates:
            self.settle()

    def choose(self, select, value: str, what: str) -> None:
        self.actions.append(f"choose {what}")
        select.select_option(value)

    def settle(self) -> None:
        self.page.wait_for_load_state("networkidle")
        width = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{self.page.url} is {width[0]}px wide in a {width[1]}px window"

    def shot(self, what: str, near=None) -> None:
        SCREENS.mkdir(exist_ok=True)
        name = f"paste-{what}-{self.language}-{self.size}"
        self.page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
        if near is not None:
            near.evaluate("e => e.scrollIntoView({block: 'center'})")
            self.page.screenshot(path=str(SCREENS / f"{name}-screen.png"))

    def body_url(self, body_type: str, code: str) -> str:
        return body_url(self.page, self.site, body_type, code)


def body_url(page, site: str, body_type: str, code: str) -> str:
    """The page of the party's body of this type on this unit (found through the API, as the reader sees it)."""
    answer = page.request.get(f"{site}/api/v1/bodies?territory={code}")
    found = [b for b in answer.json() if b["body_type"] == body_type and b["organization"] == "party"]
    found = [b for b in found if b["territory_code"] == code]
    assert len(found) == 1, found
    return f"{site}/bodies/{found[0]['id']}/"


@pytest.fixture
def site(tmp_path):
    with live_site(tmp_path, "sqlite", SETUP) as url:
        yield url


@pytest.mark.parametrize(("language", "size"), RUNS, ids=[f"{lang}-{size}" for lang, size in RUNS])
def test_the_secretary_records_the_tetouan_report_by_pasting_it(site, browser, language, size):
    tab = Counted(site, browser, language, size)
    page = tab.page
    tab.goto(f"{site}/accounts/login/", "the sign-in page")
    tab.fill("input[name=username]", "browser-tetouan", "her user name")
    tab.fill("input[name=password]", PASSWORD, "her password")
    tab.click("main form button[type=submit]", "sign in", navigates=True)

    # 1. The branch office, pasted on its renewal page.
    branch_url = tab.body_url("local_office", "01.571.01.11")
    tab.goto(branch_url, "the branch's page")
    tab.click(f"a[href$='{branch_url.removeprefix(site)}renew/']", "renew the office", navigates=True)
    tab.fill("textarea[name=composition]", BRANCH_OFFICE, "the composition")
    tab.shot("branch-pasted", near=page.locator("textarea[name=composition]"))
    tab.click("button[name=read_composition]", "read the composition", navigates=True)
    rows = page.locator(".seat-list > .seat-row")
    assert rows.count() == 16
    summary = page.locator(".paste-result").inner_text()
    assert "16" in summary or "١٦" in summary
    assert page.locator(".paste-unmatched").count() == 0
    positions = [rows.nth(i).locator("select[name$='-position_type'] option:checked").inner_text() for i in range(16)]
    expected = {
        # The head's row says the branch's own title for it, as the branch's page does.
        "ar": ["كاتب الفرع", "نائب الكاتب", "أمين المال", "نائب أمين المال", "المقرر", "نائب المقرر"],
        "fr": ["Secrétaire de la section", "Secrétaire adjoint", "Trésorier", "Trésorier adjoint", "Rapporteur"]
        + ["Rapporteur adjoint"],
    }[language]
    assert [p.strip() for p in positions[:6]] == expected, positions
    assert len(set(positions[9:])) == 1  # the seven advisors
    # Abdelmalek El Hatri is already in the registry (he is among the co-opted cadres too): chosen. Every other row
    # proposes a new person, named and placed in Tétouan; she chooses the genders the text left open.
    assert page.locator(".paste-note.paste-sure").count() == 1
    assert "عبد المالك الحطري" in rows.nth(11).locator(f"{PERSON} > .picker-input").input_value()
    assert page.locator("details.picker-new[open]").count() == 15
    tab.shot("branch-read", near=rows.nth(0))
    for i in range(16):
        if rows.nth(i).locator("details.picker-new[open]").count() == 0:
            continue
        gender = rows.nth(i).locator("select[name$='_new-gender']")
        assert rows.nth(i).locator("[name$='_new-commune']").input_value() == "01.571.01.11"
        if not gender.input_value():
            first = rows.nth(i).locator("[name$='_new-first_name_ar']").input_value()
            tab.choose(gender, "f" if first in WOMEN else "m", f"the gender of row {i + 1}")
    # Rows still come and go in the page after a paste.
    page.click("[data-add-row]")
    assert rows.count() == 17
    rows.nth(16).locator("[data-remove-row]").click()
    assert rows.count() == 16
    tab.actions.append("(a row added and removed again: not counted, nothing to do with the report)")
    tab.fill("input[name=held_on]", f"2026-01-{10 + RUNS.index((language, size))}", "the date of the renewal")
    tab.click("main form button.primary", "record the renewal", navigates=True)
    assert page.url == branch_url, page.locator("main .error").all_inner_texts()
    office = page.locator("table.office").inner_text()
    for name in ("محمد الزكاري العمراني", "كريمة أحكان", "عز الدين الشطاطبي", "عبد العزيز حيوش"):
        assert name in office
    tab.shot("branch-recorded")

    # 2. The ten cadres, pasted on the provincial council's co-option page.
    council_url = tab.body_url("provincial_council", "01.571")
    tab.goto(council_url, "the provincial council's page")
    before = page.locator("table.office").inner_text()
    tab.click(f"a[href$='{council_url.removeprefix(site)}add/']", "co-opt", navigates=True)
    tab.fill("textarea[name=composition]", COOPTION, "the ten lines")
    tab.click("button[name=read_composition]", "read the composition", navigates=True)
    rows = page.locator(".seat-list > .seat-row")
    assert rows.count() == 10  # the page's empty rows are dropped, the ten pasted rows added
    assert page.locator(".paste-note.paste-sure").count() == 8
    doubtful, unknown = rows.nth(8), rows.nth(9)
    listed = doubtful.locator(f"{PERSON} > .picker-list [role=option][data-value]")
    assert listed.count() == 2
    assert doubtful.locator(f"{PERSON} > .picker-input").input_value() == "أنس اليملاحي"
    tab.shot("council-read", near=doubtful)
    tab.click(listed.first, "the namesake she means")
    assert doubtful.locator(f"{PERSON} > [data-picker-value]").input_value() != ""
    # The new cadre: named, a man (مستشار); his commune picked by name.
    assert unknown.locator("select[name$='_new-gender']").input_value() == "m"
    commune = unknown.locator(".picker-new-commune .picker-input")
    tab.fill(commune, "تطوان" if language == "ar" else "Tétouan", "the commune's name")
    option = unknown.locator(".picker-new-commune .picker-list [role=option][data-value='01.571.01.11']")
    tab.click(option, "the commune")
    assert unknown.locator("[name$='_new-commune']").input_value() == "01.571.01.11"
    tab.fill("input[name=held_on]", "2025-03-02", "the date of the decision")
    tab.shot("council-checked", near=unknown)
    tab.click("main form button.primary", "record the co-option", navigates=True)
    assert page.url == council_url, page.locator("main .error").all_inner_texts()
    office = page.locator("table.office").inner_text()
    for first, last in CADRES:
        assert f"{first} {last}" in office
    assert len(office) > len(before)
    tab.shot("council-recorded")
    assert tab.problems == []

    counted = [a for a in tab.actions if not a.startswith("(")]
    stated = STATED.search(README.read_text(encoding="utf-8"))
    assert stated, "the README states how many actions recording the Tétouan report takes"
    assert len(counted) == int(stated.group(1)), counted
    tab.context.close()


def test_without_javascript_the_composition_is_read_and_recorded(site, browser):
    """The paste box's button is a plain submit button of the page's form (formaction): without JavaScript the page
    comes back with the rows read, the date typed before kept, and the page's own button records them."""
    context = browser.new_context(viewport=PHONE, locale="fr", java_script_enabled=False)
    context.add_cookies([{"name": "django_language", "value": "fr", "url": site}])
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", "browser-tetouan")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    branch_url = body_url(page, site, "local_office", "01.571.01.11")
    page.goto(branch_url + "renew/")
    page.fill("input[name=held_on]", "2026-01-20")
    page.fill("textarea[name=composition]", "سلمى البقالي: كاتبة الفرع\nهشام الريفي: نائبها")
    page.click("button[name=read_composition]")
    page.wait_for_load_state("networkidle")
    rows = page.locator(".seat-list > .seat-row")
    assert rows.count() == 2  # both are in the registry (the renewal test's persons): chosen
    assert page.locator(".paste-note.paste-sure").count() == 2
    assert page.input_value("input[name=held_on]") == "2026-01-20"
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / "paste-without-script-fr-phone.png"), full_page=True)
    page.click("main form button.primary")
    page.wait_for_load_state("networkidle")
    assert page.url == branch_url, page.locator("main .error").all_inner_texts()
    office = page.locator("table.office").inner_text()
    assert "سلمى البقالي" in office or "Salma Bakkali" in office
    assert "20/01/2026" in page.locator("section.history").inner_text()
    context.close()
