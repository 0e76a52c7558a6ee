"""The renewal of an office, clicked through in Chromium as the provincial secretary of Tétouan does it: in Arabic
and French, at a desktop's and a phone's width, on a real server with the demo party. Screenshots are written to
`screenshots/` (ignored by git) for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENS
from tests.live import live_site

PASSWORD = "a-long-browser-password-8"
SETUP = f"""
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate

demo_load()
head = Mandate.objects.filter(
    body__body_type__key="provincial_office", body__territory__code="01.571", position_type__key="head",
    end_date__isnull=True,
).select_related("person").first()
user = get_user_model().objects.create_user("browser-tetouan", password="{PASSWORD}")
Account.objects.create(user=user, person=head.person)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("browser"), "sqlite", SETUP) as url:
        yield url


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_the_secretary_renews_the_branch_office_in_the_browser(site, browser, language, width):
    context = browser.new_context(viewport={"width": width, "height": 768 if width > 500 else 844}, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    # A script or style the Content-Security-Policy refuses is a console error naming the policy.
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    # Every request the page makes answers (a CSP refusal or a missing static file would show here); the
    # browser's own favicon request is the one the platform does not serve.
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )

    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", "browser-tetouan")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{site}/bodies/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")

    # The Tétouan branch office: the body page, then its renewal form.
    page.goto(f"{site}/territory/01.571.01.11/")
    page.wait_for_load_state("networkidle")
    link = page.locator("#bodies-on-unit a[href^='/bodies/']").first
    link.click()
    page.wait_for_load_state("networkidle")
    body_url = page.url
    page.goto(body_url.rstrip("/") + "/renew/")
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / f"renew-form-{language}-{width}.png"), full_page=True)
    # Each run renews the same office, on its own later day (a renewal is never dated on the office's first day).
    day = {("ar", 1366): 10, ("fr", 1366): 11, ("ar", 390): 12, ("fr", 390): 13}[(language, width)]
    page.fill("input[name=held_on]", f"2026-01-{day}")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SCREENS / f"renew-done-{language}-{width}.png"), full_page=True)

    assert page.url.rstrip("/") == body_url.rstrip("/"), page.content()[-2000:]
    assert f"{day}/01/2026" in page.content()  # the new office, in the body's history
    assert problems == []
    context.close()


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
