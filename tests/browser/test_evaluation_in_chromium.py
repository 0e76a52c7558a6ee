"""The evaluation as the provincial secretary of Tétouan and the national head read it in Chromium, in Arabic and
French, at a desktop's and a phone's size: the scorecards (ranked, reasons spelled out), a body's scorecard on its
page, structuring coverage with its chart (Taounate against the target its directive set) and the province report.
Every request answers, no script or style is refused, no page is wider than a phone. Screenshots go to
`screenshots/`."""

from __future__ import annotations

import pytest
from django_otp.oath import totp

from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.live import live_site

PASSWORD = "a-long-browser-password-9"
KEY = "3132333435363738393031323334353637383930"  # the national head's authenticator key (test only)
RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]
SIZES = {"desktop": DESKTOP, "phone": PHONE}

SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from tanzim.access.demo import demo_accounts_create
from tanzim.directives.models import Directive, TargetRule
from tanzim.meetings.models import Meeting, MeetingKind, MeetingStatus
from tanzim.members.demo import demo_members_load
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Body
from tanzim.territory.models import Territory

demo_load()
demo_members_load()
demo_accounts_create(password="{PASSWORD}")
TOTPDevice.objects.create(user=get_user_model().objects.get(username="national"), name="phone", confirmed=True,
                          key="{KEY}")
kind, _ = MeetingKind.objects.get_or_create(key="ordinary", defaults={{"name_ar": "عادي", "name_fr": "Ordinaire"}})
now = timezone.now()
for i, body in enumerate(Body.objects.filter(body_type__key="local_office", path__startswith="01/01.571/")):
    for k in range(i + 1):
        Meeting.objects.create(body=body, kind=kind, starts_at=now - dt.timedelta(days=20 + 40 * k),
                               status=MeetingStatus.HELD)
taounate = Body.objects.get(body_type__key="provincial_office", territory__code="03.531", organization__key="party")
Directive.objects.create(issuer=taounate, title="هيكلة جميع جماعات الإقليم في أجل ثلاثة أشهر",
                         rule=TargetRule.COMMUNES, rule_territory=Territory.objects.get(code="03.531"),
                         due_date=timezone.localdate() + dt.timedelta(days=90))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("browser-evaluation"), "sqlite", SETUP) as url:
        yield url


def _passes_the_second_factor(tab: Tab) -> None:
    page = tab.page
    if "/two-factor/verify/" not in page.url:
        return
    page.fill("input[name=token]", f"{totp(bytes.fromhex(KEY), 30, 0, 6, 0):06d}")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def _each_run(tab: Tab, site: str):
    for language, size in RUNS:
        tab.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        tab.page.set_viewport_size(SIZES[size])
        yield language, size


def _open(tab: Tab, site: str, path: str, shot: str) -> str:
    tab.page.goto(site + path)
    tab.page.wait_for_load_state("networkidle")
    tab.shot(shot)
    tab.fits()
    return tab.page.locator("main").inner_text()


def test_the_provincial_secretary_reads_the_scorecards_of_his_branches(site, browser):
    tab = Tab(browser, site, "ar", DESKTOP, username="provincial-tetouan", password=PASSWORD)
    page = tab.page
    for language, size in _each_run(tab, site):
        text = _open(tab, site, "/evaluation/", f"evaluation-scorecards-provincial-{language}-{size}")
        rows = page.locator("table.scorecards tbody tr")
        assert rows.count() == 3  # the three local bodies of Tétouan in the demo
        assert ("بطاقات تقييم الأجهزة" if language == "ar" else "Fiches d’évaluation des instances") in text
        assert page.locator("svg.chart").count() == 1  # the distribution of the scores
        # The dormant branch says why it scores low.
        assert ("شاغر" if language == "ar" else "vacant") in text
        page.locator("table.scorecards tbody tr a").first.click()
        page.wait_for_load_state("networkidle")
        tab.shot(f"evaluation-body-panel-{language}-{size}")
        tab.fits()
        assert page.locator("#scorecard .scorecard-lines tr").count() >= 8
        text = _open(tab, site, "/evaluation/coverage/", f"evaluation-coverage-provincial-{language}-{size}")
        assert page.locator("svg.chart polyline").count() == 2
        assert "Taounate" not in text and "تاونات" not in text
    assert tab.problems == []
    tab.context.close()


def test_the_national_head_reads_the_provinces_and_taounates_coverage(site, browser):
    tab = Tab(browser, site, "ar", DESKTOP, username="national", password=PASSWORD)
    _passes_the_second_factor(tab)
    page = tab.page
    for language, size in _each_run(tab, site):
        _open(tab, site, "/evaluation/?level=provincial", f"evaluation-scorecards-national-{language}-{size}")
        assert page.locator("table.scorecards tbody tr").count() >= 8  # RSK's provinces, Tétouan, Taounate
        text = _open(tab, site, "/evaluation/coverage/", f"evaluation-coverage-national-{language}-{size}")
        assert ("حسب الإقليم" if language == "ar" else "Par province") in text
        text = _open(tab, site, "/evaluation/coverage/?place=03.531", f"evaluation-coverage-taounate-{language}-{size}")
        assert "هيكلة جميع جماعات الإقليم" in text  # the directive that set the three-month target
        assert page.locator("ul.communes li").count() == 49
        text = _open(
            tab, site, "/evaluation/?level=local&place=03.531", f"evaluation-scorecards-taounate-{language}-{size}"
        )
        assert page.locator("table.scorecards tbody tr").count() == 26
    report = page.request.get(f"{site}/evaluation/report/03.531/pdf/", timeout=180000)
    assert report.status == 200 and report.body().startswith(b"%PDF")
    assert tab.problems == []
    tab.context.close()


def test_the_coverage_map_by_province_and_by_commune(site, browser):
    """The map: one shape per province of the project's division (75 with communes; Casablanca's eight prefectures
    of arrondissements have none of their own), Taounate by commune; the Tétouan secretary sees only his province
    coloured."""
    tab = Tab(browser, site, "ar", DESKTOP, username="national", password=PASSWORD)
    _passes_the_second_factor(tab)
    page = tab.page
    for language, size in _each_run(tab, site):
        text = _open(tab, site, "/evaluation/map/", f"evaluation-map-national-{language}-{size}")
        assert page.locator("svg.coverage-map path.province").count() == 75
        assert page.locator("svg.coverage-map path.outside").count() == 0  # the national head sees every province
        assert page.locator(".map-numbers tbody tr").count() == 75
        assert ("تاونات" if language == "ar" else "Taounate") in text
        title = page.locator('svg.coverage-map path[data-code="03.531"] title').text_content()
        assert ("من أصل 49 جماعة" if language == "ar" else "sur 49 communes") in title
        page.locator('svg.coverage-map path[data-code="03.531"]').click()  # a tap opens the province
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("?place=03.531")
        tab.shot(f"evaluation-map-taounate-{language}-{size}")
        tab.fits()
        assert page.locator("svg.coverage-map path.commune").count() == 49
        assert page.locator(".map-numbers ul.communes li").count() == 49
    assert tab.problems == []
    tab.context.close()
    tab = Tab(browser, site, "fr", PHONE, username="provincial-tetouan", password=PASSWORD)
    page = tab.page
    _open(tab, site, "/evaluation/map/", "evaluation-map-tetouan-fr-phone")
    assert page.locator("svg.coverage-map path.commune").count() == 22  # his province opens on its communes
    page.get_by_role("link", name="Tout le pays").click()
    page.wait_for_load_state("networkidle")
    tab.shot("evaluation-map-provincial-fr-phone")
    text = page.locator("main").inner_text()
    assert page.locator("svg.coverage-map path.province").count() == 75
    assert page.locator("svg.coverage-map path.outside").count() == 74
    assert page.locator('svg.coverage-map path[data-code="01.571"] title').count() == 1
    assert page.locator('svg.coverage-map path[data-code="03.531"] title').count() == 0
    assert "Taounate" not in text and "Tétouan" in text
    assert tab.problems == []
    tab.context.close()
