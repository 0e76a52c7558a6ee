"""A strict Content-Security-Policy on every response, and pages that need nothing more.

The policy (tanzim.config.middleware) allows scripts and styles only from the site's own files: an inline
<script>, an on…= handler, a style= attribute or a <style> block would be refused by the browser. The templates
are checked as files, and the main pages as rendered for the national administrator.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import path, reverse

from tanzim.config.middleware import CONTENT_SECURITY_POLICY
from tanzim.members.models import ImportJob
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Body
from tests.members.factories import make_member

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "tanzim"
STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
# Drawn to PDF by WeasyPrint on the server (privacy/documents.py), never sent to a browser: the CSP does
# not apply, and its CSS is inline on purpose (the PDF renderer fetches no file).
NOT_SENT_TO_BROWSERS = {
    "privacy/templates/privacy/dossier_pdf.html",
    "evaluation/templates/evaluation/report_pdf.html",
    "dues/templates/dues/receipt_pdf.html",
    "elections/templates/elections/endorsement_pdf.html",
}


def policy(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


class InlineCode(HTMLParser):
    """Collects what a strict policy would refuse in an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None  # "script" (inline, executable) or "style"
        self._text = ""

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.found.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        attributes = dict(attrs)
        if tag == "style":
            self._in, self._text = "style", ""
        elif tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self._in, self._text = "script", ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if self._in and tag == self._in:
            if self._in == "style" or self._text.strip():
                self.found.append(f"<{self._in}>{self._text.strip()[:60]}")
            self._in = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_inline_code_finder_finds_what_it_should():
    assert inline_code('<p>ok</p><script src="/static/x.js"></script><script type="application/json">{}</script>') == []
    found = inline_code(
        '<div style="color:red"></div><button onclick="go()">x</button><script>alert(1)</script>'
        '<style>p{}</style><a href="javascript:go()">y</a>'
    )
    assert len(found) == 5


# --- the header ---------------------------------------------------------------------------------------------


def test_the_policy_is_the_strict_one():
    assert "; ".join(f"{k} {v}" for k, v in CONTENT_SECURITY_POLICY.items()) == STRICT


def test_a_page_carries_the_header(client_ar, party):
    response = client_ar.get(reverse("home"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT


def test_the_login_page_carries_the_header(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT
    assert inline_code(response.content.decode()) == []


def test_an_error_page_carries_the_header(client_ar, party):
    response = client_ar.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == STRICT
    assert inline_code(response.content.decode()) == []


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view)]  # for the server-error test below


@pytest.mark.urls("tests.test_csp")
def test_a_server_error_carries_the_header(client_ar, party):
    client_ar.raise_request_exception = False
    response = client_ar.get("/broken/")
    assert response.status_code == 500
    assert response["Content-Security-Policy"] == STRICT


def test_the_api_carries_the_header(client_ar, party):
    response = client_ar.get("/api/v1/territories")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT
    refused = client_ar.__class__().get("/api/v1/territories")  # no session: the API answers 401 itself
    assert refused.status_code == 401
    assert refused["Content-Security-Policy"] == STRICT


def test_the_api_docs_are_local_and_only_their_styles_are_relaxed(client_ar, party):
    """Swagger UI comes from django-ninja's own static files (no CDN); its bundle writes inline styles."""
    response = client_ar.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "https://" not in html
    assert re.findall(r'<script src="/static/ninja/[\w.-]+\.js"></script>', html)
    assert inline_code(html) == []  # the settings are a JSON data block, the start-up code a file
    relaxed = policy(response)
    assert relaxed["style-src"] == "'self' 'unsafe-inline'"
    assert relaxed["script-src"] == "'self'" and relaxed["connect-src"] == "'self'"
    assert {k: v for k, v in relaxed.items() if k != "style-src"} == {
        k: v for k, v in CONTENT_SECURITY_POLICY.items() if k != "style-src"
    }
    assert client_ar.get("/api/v1/openapi.json")["Content-Security-Policy"] == STRICT


def test_a_static_file_carries_the_header(client, db):
    from django.contrib.staticfiles import finders

    assert finders.find("tanzim/app.css")
    response = client.get("/static/tanzim/app.css")
    if response.status_code == 404:  # WhiteNoise serves the collected files only when they are collected
        pytest.skip("static files are not collected in this environment")
    assert response["Content-Security-Policy"] == STRICT


# --- the templates ------------------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)


def templates():
    found = sorted(p for p in PACKAGE.rglob("templates/**/*.html"))
    assert len(found) > 20
    return found


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_template_has_inline_code(path):
    text = path.read_text(encoding="utf-8")
    problems = [
        name
        for name, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("on…= handler", HANDLER),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("javascript: address", JAVASCRIPT_URL),
        ]
        if pattern.search(text)
    ]
    if str(path.relative_to(PACKAGE)) not in NOT_SENT_TO_BROWSERS and STYLE_BLOCK.search(text):
        problems.append("<style> block")
    assert problems == []


def test_the_template_check_catches_inline_code():
    assert INLINE_SCRIPT.search("<script>\n go()</script>") and not INLINE_SCRIPT.search('<script src="a.js"></script>')
    assert HANDLER.search('<button type="button"\n onclick="go()">') and not HANDLER.search("<p>on=</p>")
    assert STYLE_ATTRIBUTE.search('<div class="a" style="color:red">') and not STYLE_ATTRIBUTE.search(
        '<div class="style">'
    )


def test_the_base_template_keeps_htmx_from_injecting_styles(client_ar, party):
    html = client_ar.get(reverse("home")).content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false}\'>' in html
    assert html.index('name="htmx-config"') < html.index("htmx-2")  # read by htmx when it starts
    assert ".htmx-indicator" in (PACKAGE / "static" / "tanzim" / "app.css").read_text(encoding="utf-8")


# --- the pages as rendered ----------------------------------------------------------------------------------


@pytest.fixture
def world(db, admin_user):
    """The demo party, two members who look alike (a duplicate to show) and an import under way."""
    demo_load()
    member = make_member("CSP-1", first_ar="يوسف", last_ar="المرابط", first_latin="Youssef", phone="0612345678")
    make_member("CSP-2", first_ar="يوسف", last_ar="المرابط", first_latin="Youssef", phone="0612345678")
    body = Body.objects.filter(territory__code="01.571").order_by("pk").first() or Body.objects.order_by("pk").first()
    job = ImportJob.objects.create(
        created_by=admin_user, scope_national=True, filename="members.csv", stored_as="/nonexistent"
    )
    return {"member": member, "body": body, "job": job}


def pages(world):
    m, b, j = world["member"].pk, world["body"].pk, world["job"].pk
    return [
        reverse("home"),
        reverse("organization:tree"),
        reverse("organization:detail", args=[b]),
        reverse("organization:renew", args=[b]),
        reverse("organization:children", args=[b]),
        reverse("organization:on_territory", args=["01.571"]),
        reverse("members:index"),
        reverse("members:index") + "?q=Youssef",
        reverse("members:create"),
        reverse("members:detail", args=[m]),
        reverse("members:edit", args=[m]),
        reverse("members:import"),
        reverse("members:import_status", args=[j]),
        reverse("members:verification"),
        reverse("territory:index"),
        reverse("territory:detail", args=["01.571"]),
        reverse("audit:index"),
        reverse("account"),
        reverse("accounts_manage"),
        reverse("otp_setup"),  # the QR code is an inline SVG: presentation attributes, no style=
        reverse("password_change"),
        reverse("privacy:erase", args=[m]),
        "/admin/",
        reverse("admin:members_member_changelist"),
        reverse("admin:members_member_change", args=[m]),
        reverse("admin:audit_auditentry_changelist"),
        reverse("admin:access_grant_add"),
    ]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_main_pages_have_no_inline_code(login, admin_user, world, language):
    client = login(admin_user, language=language)
    problems = {}
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == STRICT, url
        if found := inline_code(response.content.decode()):
            problems[url] = found
    assert problems == {}


def test_the_htmx_partials_have_no_inline_code(client_ar, world):
    job = world["job"]
    response = client_ar.get(reverse("members:import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'hx-trigger="every 1s"' in response.content.decode()
    assert inline_code(response.content.decode()) == []
