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
