"""A real Tanzim for the tests that meet it as a person or another program would: the `tanzim` commands started as
processes (web server and worker) on a database of their own, and a browser-like HTTP client."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin_sql(base: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(statement)


def _tanzim(*args: str, env: dict) -> str:
    """Run a `tanzim` command as an operator would; its output, or the test fails with what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "tanzim", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"tanzim {' '.join(args)}: {done.stdout[-2000:]}{done.stderr[-4000:]}"
    return done.stdout


@contextlib.contextmanager
def site_environment(data_dir: Path, kind: str):
    """The environment of a Tanzim of its own: a data folder and SQLite file (in the suite's SQLite run), or a fresh
    PostgreSQL database (in its PostgreSQL run, DATABASE_URL set); the other engine is skipped. Dropped after."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"TANZIM_DEBUG": "1", "TANZIM_DATA_DIR": str(data_dir), "PYTHONPATH": str(Path.cwd() / "src")}
    database = None
    if kind == "sqlite" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Each engine once: the suite's SQLite run covers this on SQLite, its PostgreSQL run on PostgreSQL.
        pytest.skip("the SQLite run of the suite covers this on SQLite")
    if kind == "postgresql":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.skip("the PostgreSQL run of the suite (DATABASE_URL) covers this on PostgreSQL")
        database = f"tanzim_live_{uuid.uuid4().hex[:8]}"
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        _admin_sql(base, f"CREATE DATABASE {database} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8'")
        env["DATABASE_URL"] = f"{base}/{database}"
    try:
        yield env
    finally:
        if database:
            _admin_sql(base, f"DROP DATABASE {database} WITH (FORCE)")


@contextlib.contextmanager
def live_site(tmp_path: Path, kind: str, setup: str = ""):
    """A real Tanzim (web server and worker, as `tanzim` commands) on its own SQLite file or a fresh PostgreSQL
    database, with the territory, a party and whatever `setup` (Python run in `tanzim shell`) adds. Yields its URL."""
    with site_environment(tmp_path, kind) as env:
        _tanzim("migrate", "--no-input", "-v0", env=env)
        _tanzim("load-territory", env=env)
        _tanzim("setup-party", "--preset", "kitaba", env=env)
        if setup:
            _tanzim("shell", "-c", setup, env=env)
        port = _free_port()
        said = (tmp_path / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "tanzim", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=said,
            stderr=subprocess.STDOUT,
        )
        # Background work runs in the worker, its own process, as in production.
        worker = subprocess.Popen(
            [sys.executable, "-m", "tanzim", "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        try:
            # A server starting on a busy machine (two suites side by side on two cores) may take a while: up to
            # two minutes, and a server that stopped fails the test with what it printed.
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(url + "/accounts/login/", timeout=10)
                    break
                except OSError:
                    log = (tmp_path / "server.log").read_text(errors="replace")[-3000:]
                    assert server.poll() is None, f"the server stopped: {log}"
                    assert time.monotonic() < deadline, f"the server did not answer in two minutes: {log}"
                    time.sleep(0.2)
            yield url
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=10)
            said.close()


CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A person's browser: cookies, the CSRF token of the last form, redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.csrf = ""
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as answer:
                status, text = answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        token = CSRF_IN_PAGE.search(text)
        if token:
            self.csrf = token.group(1)
        return status, text

    def _csrf(self) -> str:
        """The CSRF token of the last page read (it lives in the session, pages carry it in their forms)."""
        return self.csrf

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

    def sign_in(self, username: str, password: str) -> tuple[int, str]:
        self.get("/accounts/login/")
        form = urllib.parse.urlencode({"username": username, "password": password}).encode()
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
