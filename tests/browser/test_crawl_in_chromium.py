"""Every page an official reaches from the navigation, opened in Chromium at a phone's width, as each demo account,
in Arabic and French: no page answers with a server error, none is wider than the phone (nothing to scroll
sideways), none shows an English source text that the reader's language translates, and no count is written in a
plural form its number does not take (Arabic has six)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tanzim.access.demo import DEMO_ACCOUNTS
from tests.browser.conftest import PHONE, SCREENS
from tests.live import live_site
from tests.plural_forms import Counts, catalogues

PASSWORD = "a-long-crawl-password-8"
SETUP = f"""
from django.core.management import call_command

from tanzim.access.demo import demo_accounts_create
from tanzim.dues.demo import demo_dues_load
from tanzim.members.demo import demo_members_load
from tanzim.organization.demo import demo_load

demo_load()
demo_members_load()
demo_dues_load()
call_command("load_demo_work")
call_command("elections_demo")
demo_accounts_create(password="{PASSWORD}")
"""
# Pages a crawl must not open: leaving, downloads, the machine interface, the administration, write actions.
SKIP = re.compile(r"^/(accounts/logout|api/|admin/|i18n/|static/)|/(export|download|csv|xlsx|pdf)\b|[?&]format=")
MAX_PAGES = 30
# Pages reached from the header or a page's buttons rather than the navigation: opened first, whatever the links.
ALWAYS = ["/accounts/me/", "/accounts/people/", "/members/verification/", "/members/duplicates/"]


def _untranslated(language: str) -> list[str]:
    """Source texts (English) of the catalogue that the language translates into something else: seen as they are
    on a page, they are a text the reader was meant to read in their language. Short ones (a word) are left out:
    they also occur inside names and codes."""
    texts: set[str] = set()
    for translations in catalogues(language):  # the project's catalogue and each app's
        catalogue = translations._catalog
        texts |= {
            msgid
            for msgid, msgstr in catalogue.items()
            if isinstance(msgid, str) and msgid and msgstr != msgid and len(msgid.split()) >= 3 and "%" not in msgid
        }
    return sorted(texts)


# The text of every element that writes text of its own (its inline children included).
WRITTEN = """() => Array.from(document.body.querySelectorAll("*"))
  .filter(e => !["SCRIPT", "STYLE", "TEMPLATE"].includes(e.tagName)
    && Array.from(e.childNodes).some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
  .map(e => e.textContent)"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("crawl"), "sqlite", SETUP) as url:
        yield url


def _links(page, site: str) -> list[str]:
    found = []
    for href in page.eval_on_selector_all("nav.mainnav a[href], main a[href]", "els => els.map(e => e.href)"):
        parts = urlsplit(href)
        if not href.startswith(site) or SKIP.search(parts.path + ("?" + parts.query if parts.query else "")):
            continue
        found.append(parts.path + ("?" + parts.query if parts.query else ""))
    return found


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("username", [a.username for a in DEMO_ACCOUNTS])
def test_every_page_from_the_navigation_fits_a_phone_and_speaks_the_language(site, browser, username, language):
    texts = _untranslated(language)
    counts = Counts(language)
    context = browser.new_context(viewport=PHONE, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")

    queue, seen, problems = ["/", *ALWAYS], set(), []
    queue += _links(page, site)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        answer = page.goto(site + path, wait_until="load")
        if answer.status >= 500:
            problems.append(f"{path}: server error {answer.status}")
            continue
        wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if wide[0] > wide[1]:
            shot = SCREENS / f"crawl-overflow-{username}-{language}-{len(seen)}.png"
            SCREENS.mkdir(exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            problems.append(f"{path}: {wide[0]} px wide on a {wide[1]} px phone ({shot.name})")
        shown = page.inner_text("body")
        problems += [f"{path}: untranslated {text!r}" for text in texts if text in shown]
        # A count is read within the element that writes it (a number and its words, <bdi> or <strong> inside),
        # never across two: a figure's big number beside its label is not a count written in words.
        problems += [
            f"{path}: count in the wrong form {wrong}"
            for text in page.evaluate(WRITTEN)
            for wrong in counts.wrong(text)
        ]
        queue += [link for link in _links(page, site) if link not in seen]
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / f"crawl-last-{username}-{language}.png"), full_page=True)
    context.close()
    assert len(seen) >= 4, seen  # the navigation led somewhere
    assert problems == [], "\n".join(problems)
    assert errors == []
