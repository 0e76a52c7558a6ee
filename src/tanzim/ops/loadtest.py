"""`tanzim loadtest`: requests per second and latencies of the production server, page by page, under load.

The registry is filled as `tanzim bench` fills it (its generator, its child-process import), two readers are
signed in by writing their sessions into the database (the login form is throttled by django-axes), `tanzim serve`
is started on a free loopback port, and a closed-loop load (each client sends its next request when the previous
answer has arrived) is driven from this process with asyncio, for a fixed time per number of clients. Every page is
set against `/ops/ping/` (one query behind the same middleware): the ceiling of this machine for a signed-in page.

Memory stays bounded whatever the rate: latencies go into a histogram of 1 % wide buckets, never a list.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

LEVELS = (1, 10, 50, 100)
TETOUAN = "01.571"  # the province the scoped reader's grant covers
SEARCH = "محمد"
PROVINCIAL = "load-provincial"
NATIONAL = "load-national"
PING = "/ops/ping/"


@dataclass
class Target:
    """One page as one reader asks for it: a session per client, and the queries one request makes."""

    path: str
    reader: str  # "provincial" or "national"
    sessions: list[str]
    queries: int | None = None

    @property
    def wire_path(self) -> str:
        return urllib.parse.quote(self.path, safe="/?=&")


def targets_to_json(targets: list[Target]) -> str:
    return json.dumps([asdict(t) for t in targets])


def targets_from_json(text: str) -> list[Target]:
    return [Target(**t) for t in json.loads(text)]


# Preparing the database ----------------------------------------------------------------------------------------


def prepare_registry(*, members: int, out=None) -> None:
    """Migrate, load the territory, the demo party and `members` synthetic members (bench's generator, imported in
    a child process as `tanzim bench` does, so this process stays small)."""
    from django.core.management import call_command

    from tanzim.members import bench
    from tanzim.organization.demo import demo_load

    say = out or (lambda text: None)
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    call_command("load_territory", verbosity=0, stdout=io.StringIO())
    demo_load(preset="kitaba")
    if members:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "members.csv"
            started = time.perf_counter()
            bench.generate(path, members)
            result = bench.import_in_child(path)
        say(
            f"{result['inserted']:,} members imported ({result['rejected']:,} rejected) "
            f"in {time.perf_counter() - started:.0f} s"
        )


def readers() -> dict:
    """The two readers, created or brought back to what they must be.

    provincial: the provincial secretary of Tétouan as a grant makes them, every capability over province 01.571
    (no second factor: their authority is not national and they hold no device).
    national: a superuser with a confirmed TOTP device, whose sessions are marked as having passed it.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tanzim.access.capabilities import ALL
    from tanzim.access.models import Grant
    from tanzim.territory.models import Territory

    User = get_user_model()
    provincial, _created = User.objects.get_or_create(username=PROVINCIAL)
    provincial.set_unusable_password()
    provincial.is_active = True
    provincial.save()
    Grant.objects.filter(user=provincial).delete()
    Grant.objects.create(
        user=provincial,
        territory=Territory.objects.get(code=TETOUAN),
        capabilities=sorted(ALL),
        starts_on=timezone.localdate() - dt.timedelta(days=1),
        reason="tanzim loadtest",
    )
    national = User.objects.filter(username=NATIONAL).first()
    if national is None:
        national = User.objects.create_superuser(NATIONAL, password=None)
    national.set_unusable_password()
    national.is_active = national.is_superuser = national.is_staff = True
    national.save()
    if not TOTPDevice.objects.filter(user=national, confirmed=True).exists():
        TOTPDevice.objects.create(user=national, name="loadtest", confirmed=True)
    return {"provincial": provincial, "national": national}


def sessions_for(user, count: int) -> list[str]:
    """`count` signed-in sessions of `user`, written straight into the session store (as a login would leave
    them, with the second factor passed when the user has a confirmed device). One per client, so clients do not
    queue on one session row (a session is written at most once a minute)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    keys = []
    for _ in range(count):
        session = store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "tanzim.access.backends.TanzimBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        keys.append(session.session_key)
    return keys


def plan(*, clients: int) -> list[Target]:
    """The ceiling first, then the five pages as the provincial reader, then as the national one."""
    from tanzim.members.selectors import member_list
    from tanzim.territory.models import Territory
    from tanzim.territory.scope import Scope

    users = readers()
    sessions = {name: sessions_for(user, clients) for name, user in users.items()}
    province = Territory.objects.get(code=TETOUAN)
    member = member_list(scope=Scope.of(province.path)).order_by("pk").values_list("pk", flat=True).first()
    if member is None:
        raise RuntimeError(f"no member in province {TETOUAN}: import more members")
    pages = ["/members/", f"/members/?q={SEARCH}", f"/members/{member}/", "/api/v1/members", "/bodies/"]
    targets = [Target(PING, "provincial", sessions["provincial"])]
    for reader in ("provincial", "national"):
        targets += [Target(page, reader, sessions[reader]) for page in pages]
    return targets


def count_queries(targets: list[Target]) -> None:
    """The queries of one request of each target, asked in this process through Django's test client as the same
    reader (after one request that fills the caches a server process keeps)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # WhiteNoise of this process looks for collected static files this process does not serve.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    for target in targets:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
        client.cookies[settings.SESSION_COOKIE_NAME] = target.sessions[0]
        client.get(target.wire_path, secure=True)
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(target.wire_path, secure=True)
        if answer.status_code != 200:
            hint = ' (is path("ops/", include("tanzim.ops.urls")) in config/urls.py?)' if target.path == PING else ""
            raise RuntimeError(f"{target.path} as {target.reader} answered {answer.status_code}{hint}")
        target.queries = len(captured.captured_queries)


def prepare_json(*, members: int, clients: int) -> None:
    """For a test: prepare the current database and print its targets (JSON, last line)."""
    prepare_registry(members=members)
    targets = plan(clients=clients)
    count_queries(targets)
    sys.stdout.write(targets_to_json(targets) + "\n")


# The production server -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(data_dir: Path) -> dict:
    """The environment of `tanzim serve` here: production settings, this process's database and secret key (the
    sessions written here are signed with it), static files collected in a folder of their own."""
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tanzim.config.settings.production",
        "TANZIM_DEBUG": "0",
        "TANZIM_SECRET_KEY": settings.SECRET_KEY,
        "TANZIM_DATA_DIR": str(data_dir),
        "TANZIM_ALLOWED_HOSTS": "127.0.0.1",
    }


def collect_static(env: dict) -> None:
    subprocess.run([sys.executable, "-m", "tanzim", "collectstatic", "--no-input", "-v0"], env=env, check=True)


def wait_until_up(port: int, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer on port {port} within {seconds:.0f} s")


@contextlib.contextmanager
def production_server(*, port: int, workers: int, env: dict, log: Path):
    """`tanzim serve` (gunicorn, sync workers) in a process of its own; stopped (gracefully) on the way out."""
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "tanzim", "serve", f"--bind=127.0.0.1:{port}", f"--workers={workers}"],
            env=env,
            stdout=subprocess.DEVNULL,  # the access log: one line per request
            stderr=errors,
        )
        try:
            wait_until_up(port, server)
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=45)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# The load ------------------------------------------------------------------------------------------------------


class Histogram:
    """Latencies in buckets 1 % wide: percentiles within 1 %, in a fixed memory whatever the number of requests."""

    LOG = math.log(1.01)

    def __init__(self):
        self.counts: Counter[int] = Counter()
        self.total = 0

    def add(self, ms: float) -> None:
        self.counts[math.ceil(math.log(max(ms, 0.001) * 1000) / self.LOG)] += 1
        self.total += 1

    def percentile(self, q: float) -> float:
        if not self.total:
            return math.nan
        rank, seen = max(1, math.ceil(q * self.total)), 0
        for bucket in sorted(self.counts):
            seen += self.counts[bucket]
            if seen >= rank:
                return math.exp(bucket * self.LOG) / 1000
        return math.nan


@dataclass
class Step:
    target: Target
    clients: int
    seconds: float = 0.0
    requests: int = 0
    errors: int = 0
    first_error: str = ""
    latencies: Histogram = field(default_factory=Histogram)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def record(self, outcome: int | str, ms: float) -> None:
        self.requests += 1
        self.latencies.add(ms)
        if outcome != 200:
            self.errors += 1
            self.first_error = self.first_error or str(outcome)


def request_bytes(target: Target, session: str, port: int) -> bytes:
    """A GET as the reverse proxy sends it (HTTPS ended there); the connection closes after the answer, as
    gunicorn's sync workers do anyway."""
    from django.conf import settings

    return (
        f"GET {target.wire_path} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        "X-Forwarded-Proto: https\r\n"
        f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; django_language=ar\r\n"
        "Accept-Language: ar\r\n"
        "Connection: close\r\n\r\n"
    ).encode("ascii")


async def _exchange(host: str, port: int, payload: bytes) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(payload)
        await writer.drain()
        status_line = await reader.readline()
        while await reader.read(1 << 16):  # the whole answer, as a browser waits for it
            pass
        return int(status_line.split(b" ", 2)[1])
    finally:
        writer.close()


async def _client(host: str, port: int, payload: bytes, deadline: float, step: Step, timeout: float) -> None:
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            outcome: int | str = await asyncio.wait_for(_exchange(host, port, payload), timeout)
        except (OSError, TimeoutError, ValueError, IndexError) as error:
            outcome = type(error).__name__
        step.record(outcome, (time.perf_counter() - started) * 1000)


async def _drive(host: str, port: int, step: Step, seconds: float, timeout: float) -> None:
    started = time.perf_counter()
    deadline = started + seconds
    payloads = [request_bytes(step.target, step.target.sessions[i], port) for i in range(step.clients)]
    await asyncio.gather(*(_client(host, port, p, deadline, step, timeout) for p in payloads))
    step.seconds = time.perf_counter() - started  # until the last answer of a request sent in time


def drive(target: Target, *, clients: int, seconds: float, port: int, host: str = "127.0.0.1", timeout=60) -> Step:
    """`clients` clients in a closed loop on one target for `seconds`; the answers counted, timed and checked."""
    if clients > len(target.sessions):
        raise ValueError(f"{clients} clients but {len(target.sessions)} sessions")
    step = Step(target, clients)
    asyncio.run(_drive(host, port, step, seconds, timeout))
    return step


@dataclass(frozen=True)
class Row:
    path: str
    reader: str
    clients: int
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int
    queries: int | None
    ratio: float | None


def run(
    targets: list[Target],
    *,
    port: int,
    levels=LEVELS,
    seconds: float = 10,
    warmup: float = 1,
    progress=None,
) -> list[Row]:
    """Every target at every number of clients; the rows of the table, ratios to the ceiling (PING) included."""
    steps = []
    for target in targets:
        if warmup:
            drive(target, clients=min(10, len(target.sessions)), seconds=warmup, port=port)
        for clients in levels:
            step = drive(target, clients=clients, seconds=seconds, port=port)
            steps.append(step)
            if progress:
                progress(
                    f"{target.path} as {target.reader}, {clients} clients: {step.rate:.1f} req/s"
                    + (f", {step.errors} errors (first: {step.first_error})" if step.errors else "")
                )
    ceiling = {s.clients: s.rate for s in steps if s.target.path == PING}
    return [
        Row(
            s.target.path,
            s.target.reader,
            s.clients,
            s.rate,
            s.latencies.percentile(0.50),
            s.latencies.percentile(0.95),
            s.latencies.percentile(0.99),
            s.errors,
            s.target.queries,
            s.rate / ceiling[s.clients] if ceiling.get(s.clients) else None,
        )
        for s in steps
    ]


HEADER = ("target", "as", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "queries/req", "÷ ceiling")


def table(rows: list[Row]) -> str:
    """The figures as a Markdown table (pastes into the README as it is)."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for r in rows:
        cells = [
            f"`{r.path}`",
            r.reader,
            str(r.clients),
            f"{r.rate:,.1f}",
            f"{r.p50:.1f}",
            f"{r.p95:.1f}",
            f"{r.p99:.1f}",
            str(r.errors),
            "—" if r.queries is None else str(r.queries),
            "—" if r.ratio is None else f"{r.ratio:.0%}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parse_table(text: str) -> list[dict]:
    """The rows of a printed table, as dictionaries keyed by HEADER (for tests and scripts)."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == len(HEADER) and cells[0].startswith("`"):
            rows.append(dict(zip(HEADER, cells, strict=True)))
    return rows
