"""The site keeps answering while a member file imports: a real server process (its own SQLite file, or a fresh
PostgreSQL database) and its worker process, a file uploaded through the import page, and officials signing in
and reading pages while the worker imports it. Nothing is mocked; the server is the `tanzim` command, as an
official would meet it."""

from __future__ import annotations

import csv
import io
import re
import time

import pytest

from tests.live import Browser, live_site

PASSWORD = "a-long-live-password-31"
ROWS = 200_000  # the largest file an upload may hold (TANZIM_IMPORT_MAX_ROWS)
SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from tanzim.access.capabilities import Capability
from tanzim.access.services import grant_create
from tanzim.territory.models import Territory
for name in ("importer", "reader1", "reader2", "reader3"):
    user = get_user_model().objects.create_user(name, password="{PASSWORD}")
    grant_create(acting_user=None, user=user, territory=Territory.objects.get(code="01.571"),
                 capabilities=list(Capability.values), starts_on=dt.date(2024, 1, 1))
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def live_server_url(request, tmp_path):
    with live_site(tmp_path, request.param, SETUP) as url:
        yield url


def member_file(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["رقم البطاقة", "النسب", "الاسم", "الجنس", "الجماعة", "الهاتف"])
    for n in range(rows):
        writer.writerow([f"LIVE-{n:06d}", "العلوي", "محمد", "ذكر", "01.571.01.11", f"06{n:08d}"])
    return buffer.getvalue().encode("utf-8")


def test_officials_sign_in_and_read_while_a_large_file_imports(live_server_url):
    importer = Browser(live_server_url)
    assert importer.sign_in("importer", PASSWORD)[0] == 200
    status, page = importer.upload("/members/import/", "branch.csv", member_file(ROWS))
    assert status == 200, page[:500]
    job_path = re.search(r'hx-get="(/members/import/\d+/)"', page).group(1)

    answers, during = [], 0
    for round_ in range(40):
        for name in ("reader1", "reader2", "reader3"):
            reader = Browser(live_server_url)
            signed = reader.sign_in(name, PASSWORD)
            listed = reader.get("/members/")
            answers.append((round_, name, signed[0], listed[0], 'name="password"' in listed[1]))
        _status, progress = importer.get(job_path)
        if "hx-trigger" in progress:
            during += 1
        else:
            break
        time.sleep(0.2)

    # Every sign-in and every page answered, while the import was still running for some of them.
    assert [a for a in answers if a[2] != 200 or a[3] != 200 or a[4]] == []
    assert during >= 1
    for _ in range(600):
        _status, progress = importer.get(job_path)
        if "hx-trigger" not in progress:
            break
        time.sleep(0.5)
    assert "hx-trigger" not in progress and str(ROWS) in progress.replace(",", "").replace("\u066c", "")
