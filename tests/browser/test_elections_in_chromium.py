"""Candidate selection clicked through in Chromium as the provincial head of Taounate does it for the 2027 communal
elections, in Arabic and French, on a phone (390×844) and a desktop (1366×768), on a real server with the demo party,
its members and its elections.

The Taounate city branch proposes two members for the commune's list (picked by name in the person picker); she
sees each criterion met or not with its evidence, decides (the provincial office is the competent body of a
branch's communal proposals), puts both on the list, moves the second up with the ▲ button, sees the list shown
incomplete with its reasons, and opens the endorsement letter (a PDF). Every request answers, no script or style is
refused, no page is wider than the screen. Screenshots go to `screenshots/`."""

from __future__ import annotations

import time
import urllib.request

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.live import live_site

PASSWORD = "a-long-browser-password-15"
SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.elections.demo import elections_demo_load
from tanzim.members.demo import demo_members_load
from tanzim.members.services import member_save
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

demo_load()
demo_members_load()
elections_demo_load()
city = Territory.objects.get(code="03.531.01.05")
for run, (first, last, first_l, last_l, gender, born) in enumerate([
    ("نزهة", "الوزاني", "Nouzha", "Ouazzani", "f", dt.date(1994, 5, 2)),
    ("يونس", "البناني", "Younes", "Bennani", "m", dt.date(1979, 3, 9)),
]):
    for suffix, code in (("ar-phone", "Alpha"), ("fr-phone", "Beta"), ("ar-desktop", "Gamma"), ("fr-desktop", "Delta")):
        member_save(
            acting_user=None, scope=Scope.everything(), member=None,
            person_data={{"first_name_ar": first, "last_name_ar": last, "first_name_latin": first_l,
                         "last_name_latin": last_l + code, "gender": gender, "birth_date": born, "cin": "",
                         "phone": "", "commune": city}},
            member_data={{"card_number": "EL-" + str(run) + "-" + suffix, "join_date": dt.date(2016, 1, 1)}},
            local_body=None,
        )
head = Mandate.objects.filter(
    body__body_type__key="provincial_office", body__organization__key="party", body__territory__code="03.531",
    position_type__key="head", end_date__isnull=True,
).select_related("person").first()
user = get_user_model().objects.create_user("browser-elections", password="{PASSWORD}")
Account.objects.create(user=user, person=head.person)
"""
RUNS = [("ar", "phone"), ("fr", "phone"), ("ar", "desktop"), ("fr", "desktop")]
CODES = {"ar-phone": "Alpha", "fr-phone": "Beta", "ar-desktop": "Gamma", "fr-desktop": "Delta"}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
WORDS = {
    "ar": {"election": "الانتخابات الجماعية 2027", "since": "عضو منذ 2016", "incomplete": "غير مكتملة:"},
    "fr": {"election": "Élections communales 2027", "since": "membre depuis 2016", "incomplete": "incomplète :"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("elections"), "sqlite", SETUP) as url:
        # On a busy machine the server may take longer to answer than the harness waits: wait for it here.
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/accounts/login/", timeout=5)  # noqa: S310 — our own http URL
                break
            except OSError:
                time.sleep(0.5)
        yield url


@pytest.mark.parametrize(("language", "size"), RUNS)
def test_the_head_proposes_decides_builds_reorders_and_prints_a_list(site, browser, language, size):
    words = WORDS[language]
    suffix = f"{language}-{size}"
    tab = Tab(browser, site, language, SIZES[size], username="browser-elections", password=PASSWORD)
    page = tab.page

    def follow(selector: str) -> None:
        with page.expect_navigation():
            page.locator(selector).first.press("Enter")
        page.wait_for_load_state("networkidle")

    def shot(what: str) -> None:
        tab.shot(f"elections-{what}-{suffix}")
        tab.fits()

    # 1. The elections: the 2027 communal elections being prepared.
    page.goto(f"{site}/elections/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    shot("index")
    follow(f"main a:has-text('{words['election']}')")
    shot("election")
    election_url = page.url

    # 2. Propose two members of Taounate city through its branch, each picked by name.
    for name in ("Ouazzani", "Bennani"):
        page.goto(election_url)
        page.wait_for_load_state("networkidle")
        follow("main a[href$='/propose/']")
        constituency = page.locator(
            "select[name=constituency] option", has_text="Taounate" if language == "fr" else "تاونات"
        )
        page.select_option("select[name=constituency]", value=constituency.first.get_attribute("value"))
        branch = page.locator("select[name=body] option", has_text="Taounate" if language == "fr" else "تاونات")
        values = [branch.nth(i).get_attribute("value") for i in range(branch.count())]
        labels = [branch.nth(i).inner_text() for i in range(branch.count())]
        # The party's branch of the commune (a "Section", الفرع), not the provincial offices nor the sectors'.
        local = [
            v
            for v, label in zip(values, labels, strict=True)
            if label.strip().startswith(("Section", "الفرع")) and label.count("—") == 1 and v
        ]
        page.select_option("select[name=body]", value=local[-1])
        box = page.locator("input[name=person_q]")
        box.press_sequentially(f"{name}{CODES[suffix]}", delay=30)
        option = page.locator(".picker-list [role=option][data-value]").first
        option.wait_for()
        option.click()
        if name == "Ouazzani":
            shot("propose")
        follow("main form button[type=submit].primary")
        main = page.locator("main").inner_text()
        assert page.locator("main [role=alert]").all_inner_texts() == [], main[:400]
        assert words["since"] in main and "✓" in main
        if name == "Ouazzani":
            shot("criteria")
        # 3. Decide: accept, then put on the list.
        page.locator("#decide input[value=accept]").check()
        follow("#decide button[type=submit]")
        follow("main form[action$='/place/'] button[type=submit]")
    shot("list-before")
    order = page.locator(".el-order li .name").all_inner_texts()
    assert any(w in order[-2] for w in ("Nouzha", "نزهة")) and any(w in order[-1] for w in ("Younes", "يونس"))

    # 4. Move the last one up (the htmx-enhanced button; the page's order follows).
    last = page.locator(".el-order li").last
    last.locator("button:has-text('▲')").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => { const n = [...document.querySelectorAll('.el-order li .name')]; "
        "return n.length > 1 && /Younes|يونس/.test(n[n.length - 2].textContent); }"
    )
    main = page.locator("main").inner_text()
    assert words["incomplete"] in main
    shot("list-after")

    # 5. The endorsement letter.
    href = page.locator("a[href$='endorsement.pdf']").get_attribute("href")
    answer = page.request.get(f"{site}{href}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body()[:5] == b"%PDF-"
    assert tab.problems == []
    tab.context.close()
