"""`tanzim loadtest`'s load generator against a small live server: a row per target, answers, no error."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tanzim.access.models import Account
from tanzim.ops import loadtest
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate
from tests.live import _admin_sql, _free_port, _tanzim

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the load test runs on PostgreSQL: the suite's PostgreSQL run (DATABASE_URL) covers it",
)


def test_the_ceiling_answers_a_signed_in_reader_after_one_query_of_its_own(client_ar):
    anonymous = Client().get("/ops/ping/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    with CaptureQueriesContext(connection) as captured:
        answer = client_ar.get("/ops/ping/")
    assert answer.status_code == 200 and answer.content == b"ok\n"
    assert answer["Content-Type"].startswith("text/plain")
    assert [q["sql"] for q in captured.captured_queries].count("SELECT 1") == 1


@contextlib.contextmanager
def load_database(data_dir: Path):
    """The environment of a Tanzim on a fresh PostgreSQL database named as the load test's are; dropped after."""
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"tanzim_load_test_{uuid.uuid4().hex[:8]}"
    _admin_sql(base, f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8'")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {
        "TANZIM_DEBUG": "1",
        "TANZIM_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(Path.cwd() / "src"),
        "DATABASE_URL": f"{base}/{name}",
    }
    try:
        yield env
    finally:
        _admin_sql(base, f"DROP DATABASE {name} WITH (FORCE)")


@on_postgresql
def test_the_load_generator_prints_a_row_per_target_with_answers_and_no_error(tmp_path):
    with load_database(tmp_path) as env:
        # Prepared as the command prepares it (territory, demo party, bench members, the two readers and their
        # sessions); the site's own process prints the targets and the queries of each.
        out = _tanzim(
            "shell", "-c", "from tanzim.ops import loadtest; loadtest.prepare_json(members=300, clients=1)", env=env
        )
        targets = loadtest.targets_from_json(out.strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "tanzim", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            loadtest.wait_until_up(port, server)
            rows = loadtest.run(targets, port=port, levels=(1,), seconds=1, warmup=0)
        finally:
            server.terminate()
            server.wait(timeout=10)

    table = loadtest.parse_table(loadtest.table(rows))
    assert [(row["target"].strip("`"), row["as"]) for row in table] == [(t.path, t.reader) for t in targets]
    assert {t.path for t in targets} >= {"/ops/ping/", "/members/", "/members/?q=محمد", "/api/v1/members", "/bodies/"}
    assert any(t.path.startswith("/members/") and t.path[9:-1].isdigit() for t in targets)  # a member's page
    for row in table:
        assert row["clients"] == "1"
        assert float(row["req/s"].replace(",", "")) > 0, row
        assert row["errors"] == "0", row
        assert int(row["queries/req"]) >= 1, row
    assert table[0]["÷ ceiling"] == "100%"


def test_a_signed_in_official_costs_the_middleware_four_queries(db, login):
    """What every page pays before its own work: the session, the user with their login and grants flag, the
    second-factor device, the mandates. The session is written at most once a minute, not on each request."""
    demo_load()
    head = Mandate.objects.filter(
        body__body_type__key="provincial_office",
        body__territory__code="01.571",
        position_type__key="head",
        end_date__isnull=True,
        body__organization__key="party",
    ).get()
    user = get_user_model().objects.create_user("ping-tetouan", password="a-long-ping-password-1")
    Account.objects.create(user=user, person=head.person)
    client = login(user)
    client.get("/ops/ping/")  # the first request after signing in winds the session's idle clock
    with CaptureQueriesContext(connection) as captured:
        answer = client.get("/ops/ping/")
    assert answer.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    expected = [
        'FROM "django_session"',
        'FROM "auth_user"',
        'FROM "otp_totp_totpdevice"',
        'FROM "organization_mandate"',
    ]
    assert len(sql) == 5 and sql[4] == "SELECT 1", sql
    assert all(table in query for table, query in zip(expected, sql, strict=False)), sql
