"""The office of a body, clicked through in Chromium as the provincial secretary of Tétouan does it: in Arabic and
French, at a desktop's (1366×768) and a phone's (390×844) size, on a real server with the demo party.

She renews the Tétouan branch office from the form as it comes (the current office and its empty rows), adding
two rows in the page, removing one, and recording; a refused renewal comes back with every row and the reason
beside the row that caused it; she co-opts a person to the provincial council and ends a mandate there. Every
request answers, no script or style is refused by the Content-Security-Policy, and at a phone's width no page is
wider than the screen. Screenshots are written to `screenshots/` (ignored by git) for a person to look at.
"""

from __future__ import annotations

import itertools

import pytest

from tests.browser.conftest import SCREENS
from tests.live import live_site

PASSWORD = "a-long-browser-password-8"

# The days of January 2026 on which this module's renewals of the branch office are held, in the order they run.
RENEWAL_DAYS = itertools.count(10)
# One run per language and size, in this order (each renews the same office, on a later day than the last).
RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# Persons of Tétouan each run seats, removes again, or co-opts: (Arabic first, last, Latin first, last).
ADDED = [("سلمى", "البقالي", "Salma", "Bakkali"), ("هشام", "الريفي", "Hicham", "Rifi")]
ADDED += [("ليلى", "الطنجاوي", "Laila", "Tanjaoui"), ("أنس", "الشاوني", "Anas", "Chaouni")]
REMOVED = [("يونس", "العمارتي", "Younes", "Amarti"), ("سناء", "الوهابي", "Sanae", "Ouahabi")]
REMOVED += [("عادل", "الحراق", "Adil", "Harrak"), ("نوال", "البردعي", "Naoual", "Bardai")]
COOPTED = [("رضوان", "الخمليشي", "Redouane", "Khamlichi"), ("هدى", "السكيرج", "Houda", "Skiredj")]
COOPTED += [("طارق", "الدريوش", "Tarik", "Driouch"), ("مريم", "الغازي", "Meryem", "Ghazi")]
WITHOUT_SCRIPT = ("بشرى", "المودن", "Bouchra", "Mouden")
WITHOUT_SCRIPT_CARD = "BR-4500"  # a member: her card number is what a picker without JavaScript reads
ADVISOR = {"ar": "مستشار", "fr": "Conseiller"}
MEMBER = {"ar": "عضو", "fr": "Membre"}

SETUP = f"""
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate
from tanzim.people.models import Person
from tanzim.territory.models import Territory

demo_load()
head = Mandate.objects.filter(
    body__body_type__key="provincial_office", body__territory__code="01.571", position_type__key="head",
    end_date__isnull=True,
).select_related("person").first()
user = get_user_model().objects.create_user("browser-tetouan", password="{PASSWORD}")
Account.objects.create(user=user, person=head.person)
tetouan = Territory.objects.get(code="01.571.01.11")
for first_ar, last_ar, first_latin, last_latin in {[*ADDED, *REMOVED, *COOPTED]!r}:
    Person.objects.create(
        first_name_ar=first_ar, last_name_ar=last_ar, first_name_latin=first_latin, last_name_latin=last_latin,
        gender="m", commune=tetouan,
    )
from tanzim.members.services import member_save
from tanzim.territory.scope import Scope
first_ar, last_ar, first_latin, last_latin = {WITHOUT_SCRIPT!r}
member_save(
    acting_user=None, scope=Scope.everything(), member=None, local_body=None,
    person_data={{"first_name_ar": first_ar, "last_name_ar": last_ar, "first_name_latin": first_latin,
                 "last_name_latin": last_latin, "gender": "f", "commune": tetouan}},
    member_data={{"card_number": "{WITHOUT_SCRIPT_CARD}"}},
)
"""


def name(names: tuple[str, str, str, str], language: str) -> str:
    return f"{names[0]} {names[1]}" if language == "ar" else f"{names[2]} {names[3]}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("browser"), "sqlite", SETUP) as url:
        yield url


class Visit:
    """A signed-in secretary's tab: what went wrong on the way (page errors, refused policies, failed requests)."""

    def __init__(self, site, browser, language, size, *, script=True):
        self.site, self.language, self.size = site, language, size
        self.context = browser.new_context(viewport=SIZES[size], locale=language, java_script_enabled=script)
        self.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        self.page = page = self.context.new_page()
        page.set_default_timeout(15000)
        self.problems: list[str] = []
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        # A script or style the Content-Security-Policy refuses is a console error naming the policy.
        page.on("console", lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None)
        # Every request the page makes answers (a CSP refusal or a missing static file would show here); the
        # browser's own favicon request is the one the platform does not serve.
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None
            ),
        )
        page.goto(f"{site}/accounts/login/")
        page.fill("input[name=username]", "browser-tetouan")
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")

    def body_url(self, body_type: str, code: str) -> str:
        answer = self.page.request.get(f"{self.site}/api/v1/bodies?territory={code}")
        found = [
            b
            for b in answer.json()
            if b["body_type"] == body_type and b["territory_code"] == code and b["organization"] == "party"
        ]
        assert len(found) == 1, found
        return f"{self.site}/bodies/{found[0]['id']}/"

    def go(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.fits()

    def fits(self) -> None:
        """Nothing wider than the screen: the page does not scroll sideways."""
        width = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{self.page.url} is {width[0]}px wide in a {width[1]}px window"

    def shot(self, what: str) -> None:
        SCREENS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENS / f"{what}-{self.language}-{self.size}.png"), full_page=True)

    def submit(self) -> None:
        self.page.click("main form button.primary")
        self.page.wait_for_load_state("networkidle")
        self.fits()

    def close(self) -> None:
        self.context.close()


def choose(row, field: str, text: str, *, starts: bool = False) -> str:
    """Choose, in a row's select, the option whose words are `text` (or begin with it); its value. The person of a
    row is picked as an official does: typed in the picker's box, then the suggestion clicked."""
    if field == "person":
        box = row.locator("input[name$='-person_q']")
        box.fill(text)
        option = row.locator(f".picker-list[data-query='{text}'] [role=option][data-value]").first
        option.wait_for()
        value = option.get_attribute("data-value")
        option.click()
        assert row.locator("input[type=hidden][name$='-person']").input_value() == value
        return value
    select = row.locator(f"select[name$='-{field}']")
    value = select.evaluate(
        "(s, [t, starts]) => { const o = [...s.options].find(o => starts ? o.text.trim().startsWith(t) "
        ": o.text.trim() === t); return o ? o.value : null; }",
        [text, starts],
    )
    assert value, f"no option {text!r} in {field}"
    select.select_option(value)
    return value


@pytest.fixture
def visit(site, browser, request):
    opened = []

    def open_visit(language, size, **kw):
        v = Visit(site, browser, language, size, **kw)
        opened.append(v)
        return v

    yield open_visit
    for v in opened:
        v.close()


@pytest.mark.parametrize(("language", "size"), RUNS, ids=[f"{lang}-{size}" for lang, size in RUNS])
def test_the_secretary_renews_the_branch_office_adding_and_removing_rows_in_the_page(visit, language, size):
    v = visit(language, size)
    page = v.page
    run = RUNS.index((language, size))
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    body_url = v.body_url("local_office", "01.571.01.11")
    v.go(body_url)
    page.click(f"a[href$='{body_url.removeprefix(v.site)}renew/']")
    page.wait_for_load_state("networkidle")
    v.fits()
    v.shot("renew-form")
    rows = page.locator(".seat-list > .seat-row")
    before = rows.count()
    total = int(page.input_value("input[name=seat-TOTAL_FORMS]"))
    # The page is not reloaded by what follows: a mark set on it now is still there at the end.
    page.evaluate("window.tanzimTestMark = 'still here'")

    page.click("[data-add-row]")
    page.click("[data-add-row]")
    assert rows.count() == before + 2
    assert int(page.input_value("input[name=seat-TOTAL_FORMS]")) == total + 2
    added, removed = rows.nth(before), rows.nth(before + 1)
    assert page.evaluate("document.activeElement.closest('.seat-row') !== null")  # the new row has the focus
    choose(added, "position_type", ADVISOR[language])
    choose(added, "person", name(ADDED[run], language), starts=True)
    choose(removed, "position_type", ADVISOR[language])
    choose(removed, "person", name(REMOVED[run], language), starts=True)
    v.fits()
    v.shot("renew-rows-added")
    removed.locator("[data-remove-row]").click()
    assert rows.count() == before + 1
    assert page.evaluate("window.tanzimTestMark") == "still here"
    # Each run renews the same office, on a later day than any renewal before it in this site (a renewal is never
    # dated on or before the current office's first day), whatever order the tests run in.
    day = next(RENEWAL_DAYS)
    page.fill("input[name=held_on]", f"2026-01-{day}")
    v.submit()
    v.shot("renew-done")

    assert page.url == body_url, page.content()[-2000:]
    office = page.locator("table.office").inner_text()
    assert name(ADDED[run], language) in office and name(REMOVED[run], language) not in office
    assert f"{day}/01/2026" in page.locator("section.history").inner_text()  # the new office, in the history
    assert v.problems == []


def test_without_javascript_the_row_buttons_send_the_form_back_as_typed_and_enter_records(visit):
    v = visit("ar", "phone", script=False)
    page = v.page
    body_url = v.body_url("local_office", "01.571.01.11")
    v.go(body_url + "renew/")
    rows = page.locator(".seat-list > .seat-row")
    before = rows.count()
    last = rows.nth(before - 1)
    choose(last, "position_type", ADVISOR["ar"])
    # Without JavaScript the picker takes a card number typed in its box.
    last.locator("input[name$='-person_q']").fill(WITHOUT_SCRIPT_CARD)

    page.click("[data-add-row]")  # sends the form: it comes back with four more rows and nothing recorded
    page.wait_for_load_state("networkidle")
    v.fits()
    assert rows.count() == before + 4
    assert rows.nth(before - 1).locator("input[name$='-person_q']").input_value() == WITHOUT_SCRIPT_CARD
    rows.nth(before).locator("[data-remove-row]").click()
    page.wait_for_load_state("networkidle")
    assert rows.count() == before + 3
    assert rows.nth(before - 1).locator("input[name$='-person_q']").input_value() == WITHOUT_SCRIPT_CARD
    v.shot("renew-without-script")
    # Enter in the date records the renewal: the form's first button is the one that records, not a row's.
    page.fill("input[name=held_on]", f"2026-01-{next(RENEWAL_DAYS)}")
    page.press("input[name=held_on]", "Enter")
    page.wait_for_load_state("networkidle")

    assert page.url == body_url, page.content()[-2000:]
    assert name(WITHOUT_SCRIPT, "ar") in page.locator("table.office").inner_text()
    assert v.problems == []


@pytest.mark.parametrize(("language", "size"), RUNS, ids=[f"{lang}-{size}" for lang, size in RUNS])
def test_a_refused_renewal_keeps_the_rows_with_the_reason_beside_the_row(visit, language, size):
    v = visit(language, size)
    page = v.page
    run = RUNS.index((language, size))
    body_url = v.body_url("local_office", "01.571.01.11")
    v.go(body_url + "renew/")
    rows = page.locator(".seat-list > .seat-row")
    filled = rows.count() - 4  # the current office, without the empty rows

    page.click("[data-add-row]")
    second_head = rows.nth(rows.count() - 1)
    head = rows.nth(0).locator("select[name$='-position_type']").input_value()
    second_head.locator("select[name$='-position_type']").select_option(head)  # a second head: refused
    person = choose(second_head, "person", name(REMOVED[run], language), starts=True)
    page.fill("textarea[name=notes]", "محضر اجتماع التجديد")
    page.fill("input[name=held_on]", "2026-02-01")
    v.submit()
    v.shot("renew-refused")

    assert page.url == body_url + "renew/"
    assert rows.count() == filled + 1  # every row that was filled, the empty ones dropped
    refused = page.locator(".seat-row.has-error")
    assert refused.count() == 1
    reason = {"ar": "لا يشغلها إلا شخص واحد", "fr": "un titulaire"}[language]
    assert reason in refused.inner_text()
    assert refused.locator("input[type=hidden][name$='-person']").input_value() == person
    assert refused.locator("select[name$='-position_type']").input_value() == head
    assert page.input_value("textarea[name=notes]") == "محضر اجتماع التجديد"
    assert page.locator("[role=alert]").first.is_visible()
    assert v.problems == []


@pytest.mark.parametrize(("language", "size"), RUNS, ids=[f"{lang}-{size}" for lang, size in RUNS])
def test_the_secretary_co_opts_a_person_to_the_provincial_council_and_ends_a_mandate(visit, language, size):
    v = visit(language, size)
    page = v.page
    run = RUNS.index((language, size))
    council_url = v.body_url("provincial_council", "01.571")
    v.go(council_url)
    members_before = page.locator("table.office").inner_text()

    # Co-opt one person: the other members stay as they were.
    page.click(f"a[href$='{council_url.removeprefix(v.site)}add/']")
    page.wait_for_load_state("networkidle")
    v.fits()
    v.shot("coopt-form")
    row = page.locator(".seat-list > .seat-row").first
    choose(row, "position_type", MEMBER[language])
    choose(row, "person", name(COOPTED[run], language), starts=True)
    page.fill("input[name=held_on]", "2025-03-02")
    page.fill("textarea[name=note]", "تم اختيار عدد من المناضلين والأطر لتعزيز أداء الجهاز")
    v.submit()
    v.shot("coopt-done")

    assert page.url == council_url, page.content()[-2000:]
    office = page.locator("table.office").inner_text()
    assert name(COOPTED[run], language) in office
    history = page.locator("section.history details.change-co_option", has_text=name(COOPTED[run], language))
    assert history.count() == 1
    assert {"ar": "إلحاق", "fr": "Cooptation"}[language] in history.inner_text()
    assert "02/03/2025" in history.inner_text()

    # End the mandate of the person just co-opted, for a resignation.
    page.click(f"a[href$='{council_url.removeprefix(v.site)}end/']")
    page.wait_for_load_state("networkidle")
    v.fits()
    mandate = page.locator("select[name=end-mandate]")
    value = mandate.evaluate(
        "(s, t) => [...s.options].find(o => o.text.includes(t)).value", name(COOPTED[run], language)
    )
    mandate.select_option(value)
    page.fill("input[name=end-end_date]", "2025-06-01")
    page.check("input[name=end-reason][value=resigned]")
    v.shot("end-form")
    v.submit()
    v.shot("end-done")

    assert page.url == council_url
    assert name(COOPTED[run], language) not in page.locator("table.office").inner_text()
    assert page.locator("table.office").inner_text() == members_before  # the council as it was
    ended = page.locator("section.history details.change-end", has_text=name(COOPTED[run], language))
    assert {"ar": "انتهاء مهمة", "fr": "Fin d’un mandat"}[language] in ended.inner_text()
    assert "01/06/2025" in ended.inner_text()
    assert v.problems == []


def test_the_api_documentation_draws_from_local_files_within_the_policy(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    refused, foreign = [], []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(site) else None)

    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", "browser-tetouan")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{site}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    page.screenshot(path=str(SCREENS / "api-docs.png"))

    assert refused == [] and [u for u in foreign if not u.startswith("data:")] == []
    assert page.locator(".swagger-ui .opblock").count() >= 10  # every operation listed
    context.close()
