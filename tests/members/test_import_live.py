"""The site keeps answering while a member file imports: a real server process (its own SQLite file, or a fresh
PostgreSQL database), a file uploaded through the import page, and officials signing in and reading pages while
the import runs. Nothing is mocked; the server is the `tanzim` command, as an official would meet it."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin_sql(base: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(statement)


def _tanzim(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "tanzim", *args], env=env, check=True, capture_output=True, timeout=300)


@pytest.fixture(params=["sqlite", "postgresql"])
def live_server_url(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"TANZIM_DEBUG": "1", "TANZIM_DATA_DIR": str(tmp_path), "PYTHONPATH": str(Path.cwd() / "src")}
    database = None
    if request.param == "postgresql":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.skip("the PostgreSQL run of the suite (DATABASE_URL) covers the server on PostgreSQL")
        database = f"tanzim_live_{uuid.uuid4().hex[:8]}"
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        _admin_sql(base, f"CREATE DATABASE {database} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8'")
        env["DATABASE_URL"] = f"{base}/{database}"
    _tanzim("migrate", "--no-input", "-v0", env=env)
    _tanzim("load-territory", env=env)
    _tanzim("setup-party", "--preset", "kitaba", env=env)
    _tanzim("shell", "-c", SETUP, env=env)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tanzim", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if database:
            _admin_sql(base, f"DROP DATABASE {database} WITH (FORCE)")


class Browser:
    """A person's browser: cookies, the CSRF token of the last form, redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, path: str, data: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base + path,
            data=data,
            headers={"Content-Type": content_type, "X-CSRFToken": self._csrf(), "Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def sign_in(self, username: str) -> tuple[int, str]:
        self.get("/accounts/login/")
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD}).encode()
        return self.post("/accounts/login/", form, "application/x-www-form-urlencoded")

    def upload(self, path: str, name: str, content: bytes) -> tuple[int, str]:
        self.get(path)
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.post(path, body, f"multipart/form-data; boundary={boundary}")


def member_file(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["رقم البطاقة", "النسب", "الاسم", "الجنس", "الجماعة", "الهاتف"])
    for n in range(rows):
        writer.writerow([f"LIVE-{n:06d}", "العلوي", "محمد", "ذكر", "01.571.01.11", f"06{n:08d}"])
    return buffer.getvalue().encode("utf-8")


def test_officials_sign_in_and_read_while_a_large_file_imports(live_server_url):
    importer = Browser(live_server_url)
    assert importer.sign_in("importer")[0] == 200
    status, page = importer.upload("/members/import/", "branch.csv", member_file(ROWS))
    assert status == 200, page[:500]
    job_path = re.search(r'hx-get="(/members/import/\d+/)"', page).group(1)

    answers, during = [], 0
    for round_ in range(40):
        for name in ("reader1", "reader2", "reader3"):
            reader = Browser(live_server_url)
            signed = reader.sign_in(name)
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
