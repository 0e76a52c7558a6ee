"""The API as another program meets it: schemathesis (every check) drives a real server through its OpenAPI
document, signed in as a provincial official of Tétouan, and finds no server error and no answer the document does
not describe. Run by hand: see the README (Tests and CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.live import Browser, live_site

PASSWORD = "a-long-api-password-52"
SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from tanzim.access.capabilities import Capability
from tanzim.access.services import grant_create
from tanzim.members.services import member_save
from tanzim.organization.demo import demo_load
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

demo_load()
user = get_user_model().objects.create_user("api-tetouan", password="{PASSWORD}")
grant_create(acting_user=None, user=user, territory=Territory.objects.get(code="01.571"),
             capabilities=list(Capability.values), starts_on=dt.date(2024, 1, 1))
tetouan = Territory.objects.get(code="01.571.01.11")
for n, (first, last) in enumerate([("يوسف", "المرابط"), ("كريمة", "بناني"), ("Karim", "Sqalli")]):
    member_save(acting_user=None, scope=Scope.everything(), member=None, local_body=None,
                person_data={{"first_name_ar": first, "last_name_ar": last, "gender": "m", "commune": tetouan}},
                member_data={{"card_number": f"API-{{n}}"}})
"""


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(tmp_path):
    # On the production database only (the suite's PostgreSQL run): the API's answers do not depend on the engine
    # except where PostgreSQL is stricter (NUL bytes, integer ranges), and a run costs minutes.
    with live_site(tmp_path, "postgresql", SETUP) as url:
        browser = Browser(url)
        assert browser.sign_in("api-tetouan", PASSWORD)[0] == 200
        browser.get("/members/")  # a page's form gives the session's CSRF token, which API writes send back
        cookies = {c.name: c.value for c in browser.jar}
        # The document is read as the signed-in official reads it; schemathesis then calls the API with the
        # session it is given through its own authentication, so it can also try each operation without it.
        status, document = browser.get("/api/v1/openapi.json")
        assert status == 200
        (tmp_path / "openapi.json").write_text(document, encoding="utf-8")
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(Path(__file__).with_name("schemathesis.toml")),
            "run",
            str(tmp_path / "openapi.json"),
            "--url",
            url,
            "--checks",
            "all",
            "--max-examples",
            "25",
            "--seed",
            "20261206",
            "--generation-deterministic",
            "--request-timeout",
            "30",
            "--header",
            f"X-CSRFToken: {browser.csrf}",
            "--header",
            f"Referer: {url}/",
        ]
        env = {**os.environ, "SESSIONID": cookies["sessionid"]}
        run = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path, env=env)

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
