"""`tanzim serve`: the production server (gunicorn, production settings) answers pages and static files on its
own, with the security headers, as it would behind the reverse proxy of the README's deployment section."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time

import pytest

from tests.live import _free_port, _tanzim, site_environment


def fetch(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    """One request as the reverse proxy sends it (HTTPS ended at the proxy), redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="a test of the server, not of the database: the SQLite run covers it (collectstatic compresses ~45 s)",
)
def test_the_production_server_serves_pages_and_static_files_with_the_security_headers(tmp_path):
    with site_environment(tmp_path, "sqlite") as env:
        env = {**env, "TANZIM_SECRET_KEY": "a-test-secret-" + "x" * 40, "TANZIM_DEBUG": "0"}
        env["DJANGO_SETTINGS_MODULE"] = "tanzim.config.settings.production"
        _tanzim("migrate", "--no-input", "-v0", env=env)
        _tanzim("collectstatic", "--no-input", "-v0", env=env)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "tanzim", "serve", f"--bind=127.0.0.1:{port}", "--workers=2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        proxied = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
        try:
            for _ in range(200):
                try:
                    fetch(port, "/accounts/login/", **proxied)
                    break
                except OSError:
                    time.sleep(0.1)
            page = fetch(port, "/accounts/login/", **proxied)
            plain = fetch(port, "/accounts/login/", Host="127.0.0.1")
            static = fetch(port, "/static/tanzim/app.css", **proxied, **{"Accept-Encoding": "gzip"})
            missing = fetch(port, "/no-such-page/", **proxied)
        finally:
            server.terminate()
            server.wait(timeout=10)

    status, headers, body = page
    assert status == 200 and 'dir="rtl"' in body.decode()
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert "Secure" in headers["set-cookie"] and "HttpOnly" in headers["set-cookie"]
    # Plain HTTP that did not come through the proxy's HTTPS is sent to HTTPS.
    assert plain[0] == 301 and plain[1]["location"].startswith("https://")
    assert static[0] == 200 and static[1].get("content-encoding") == "gzip"
    # An unknown address is a 404 page of the platform, not a server error.
    assert missing[0] == 404 and b"<html" in missing[2]


def test_behind_the_proxy_the_address_is_the_one_the_proxy_wrote():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from tanzim.config.middleware import ProxiedAddressMiddleware

    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 196.200.1.7", REMOTE_ADDR="127.0.0.1")
    ProxiedAddressMiddleware(view)(request)
    assert seen["address"] == "196.200.1.7"  # what a client typed before it (6.6.6.6) is not trusted
