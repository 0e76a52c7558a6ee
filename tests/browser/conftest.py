"""What every browser test shares: Debian's Chromium driven by Playwright (never Playwright's own browser
download), one browser per module, and the folder the screenshots go to.

Chromium missing is a failure where it is required — `TANZIM_BROWSER_TESTS=required` (CI sets it) or running as
root, where `make install` installs it — and a skip elsewhere (a developer without root)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
SCREENS = Path(__file__).resolve().parents[2] / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(scope="module", autouse=True)
def chromium_present():
    if CHROMIUM is None:
        if os.environ.get("TANZIM_BROWSER_TESTS") == "required" or os.geteuid() == 0:
            pytest.fail("Chromium is missing although the browser tests are required (apt-get install chromium)")
        pytest.skip("Chromium is not installed: apt-get install chromium chromium-driver (as root)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


class Tab:
    """A signed-in official's tab: what went wrong on the way (page errors, scripts or styles the
    Content-Security-Policy refused, requests answered 4xx/5xx — the browser's favicon request aside)."""

    def __init__(self, browser, site: str, language: str, viewport: dict, *, username: str, password: str, **context):
        self.site, self.language = site, language
        self.context = browser.new_context(viewport=viewport, locale=language, **context)
        self.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        self.page = page = self.context.new_page()
        page.set_default_timeout(20000)
        self.problems: list[str] = []
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("console", lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None
            ),
        )
        page.goto(f"{site}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")

    def fits(self) -> None:
        """Nothing wider than the window: no page to scroll sideways on a phone."""
        width = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{self.page.url} is {width[0]}px wide in a {width[1]}px window"

    def shot(self, name: str) -> None:
        SCREENS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


class SizedTab(Tab):
    """A signed-in tab at a named size ("desktop" or "phone"), its screenshots named after what they show, the
    language and the size (`{prefix}{what}-{language}-{size}.png`)."""

    def __init__(self, site, browser, language: str, size: str, *, username: str, password: str, prefix: str = ""):
        super().__init__(browser, site, language, SIZES[size], username=username, password=password)
        self.size, self.prefix = size, prefix

    def shot(self, what: str) -> None:
        super().shot(f"{self.prefix}{what}-{self.language}-{self.size}")


def visiting(prefix: str, *, username: str, password: str):
    """How a module's tests open a tab as its official: `Visit = visiting(...)`, then `Visit(site, browser, language,
    size)`."""

    def visit(site, browser, language: str, size: str) -> SizedTab:
        return SizedTab(site, browser, language, size, username=username, password=password, prefix=prefix)

    return visit
