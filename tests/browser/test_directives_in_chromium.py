"""The Taounate structuring directive, clicked through in Chromium: the provincial secretary sends it to every
commune of the province from the body's page (desktop), the secretary of a branch marks its assignment done with
one tap on a phone, and the province sees it in the roll-up; in Arabic and in French. Every request answers, no
script or style is refused by the Content-Security-Policy, no page is wider than a phone. Screenshots go to
`screenshots/` for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.live import live_site

PASSWORD = "a-long-browser-password-9"

SETUP = f"""
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate

demo_load()
def login_for(body_filter, username):
    head = Mandate.objects.filter(position_type__key="head", end_date__isnull=True, **body_filter).select_related(
        "person").order_by("body__path").first()
    user = get_user_model().objects.create_user(username, password="{PASSWORD}")
    Account.objects.create(user=user, person=head.person)
    return head.body
login_for({{"body__body_type__key": "provincial_office", "body__territory__code": "03.531"}}, "browser-taounate")
login_for({{"body__body_type__key": "local_office", "body__territory__path__startswith": "03/03.531/",
           "body__status": "constituted"}}, "browser-branch")
"""

TITLES = {
    "ar": "جعل الهيكلة التنظيمية أولوية المرحلة وتعميمها على جميع جماعات الإقليم",
    "fr": "Faire de la structuration la priorité et l’étendre à toutes les communes de la province",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("browser"), "sqlite", SETUP) as url:
        yield url


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_send_to_every_commune_mark_done_on_a_phone_and_see_the_roll_up(site, browser, language):
    title = TITLES[language]
    province = Tab(browser, site, language, DESKTOP, username="browser-taounate", password=PASSWORD)
    page = province.page
    bodies = page.request.get(f"{site}/api/v1/bodies?territory=03.531").json()
    office = next(b for b in bodies if b["body_type"] == "provincial_office" and b["organization"] == "party")
    page.goto(f"{site}/bodies/{office['id']}/")
    page.click("#directives a.button")  # "Send a directive", on the body's page
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=title]", title)
    page.fill("input[name=due_months]", "3")
    page.check("input[name=rule][value=communes]")
    province.shot(f"directives-send-{language}-desktop")
    page.click("main form button.primary")
    page.wait_for_load_state("networkidle")
    assert "/directives/" in page.url
    counter = page.inner_text(".counter")
    assert "49" in counter and "19" in counter, counter  # 19 of Taounate's 49 communes have a constituted branch
    province.shot(f"directives-directive-{language}-desktop")
    directive_url = page.url

    branch = Tab(browser, site, language, PHONE, username="browser-branch", password=PASSWORD)
    phone = branch.page
    phone.goto(f"{site}/directives/")
    phone.wait_for_load_state("networkidle")
    branch.fits()
    branch.shot(f"directives-todo-{language}-phone")
    phone.click(f"a.directive-title >> text={title[:20]}")
    phone.wait_for_load_state("networkidle")
    branch.fits()
    phone.click("form.states button[value=done]")  # one tap
    phone.wait_for_load_state("networkidle")
    branch.fits()
    assert phone.locator("#state .state-done").count() == 1
    branch.shot(f"directives-assignment-done-{language}-phone")

    page.goto(directive_url)
    page.wait_for_load_state("networkidle")
    assert page.locator("td .state-done").count() >= 1
    province.shot(f"directives-rollup-{language}-desktop")
    province_phone = Tab(browser, site, language, PHONE, username="browser-taounate", password=PASSWORD)
    province_phone.page.goto(directive_url)
    province_phone.page.wait_for_load_state("networkidle")
    province_phone.fits()
    province_phone.shot(f"directives-rollup-{language}-phone")
    for tab in (province, branch, province_phone):
        assert tab.problems == []
        tab.context.close()
