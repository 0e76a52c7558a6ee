"""`tanzim loadtest`: the production server under 1 to 100 clients, page by page (see tanzim.ops.loadtest)."""

import os
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tanzim.members.models import Member
from tanzim.ops import loadtest


class Command(BaseCommand):
    help = (
        "Load test on PostgreSQL (a database named tanzim_load…): fill it, start `tanzim serve`, drive 1, 10, 50 "
        "and 100 clients at each page and print requests/s, latencies, errors and queries against /ops/ping/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--reuse", action="store_true", help="use the database as it is (filled by a past run)")
        parser.add_argument("--seconds", type=float, default=10.0, help="duration of each step")
        parser.add_argument("--clients", default=",".join(map(str, loadtest.LEVELS)), help="e.g. 1,10,50,100")
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)

    def handle(self, *args, members, reuse, seconds, clients, workers, **options):
        name = connection.settings_dict["NAME"] or ""
        if connection.vendor != "postgresql" or not name.startswith("tanzim_load"):
            raise CommandError("The load test runs on a PostgreSQL database named tanzim_load…: set DATABASE_URL.")
        try:
            levels = sorted({int(c) for c in clients.split(",")})
            if levels[0] < 1:
                raise ValueError
        except ValueError:
            raise CommandError("--clients takes numbers separated by commas, e.g. 1,10,50,100") from None
        say = self.stderr.write
        started = time.perf_counter()
        load_before = os.getloadavg()[0]
        if reuse:
            if not Member.objects.exists():
                raise CommandError("--reuse: the database holds no member; run without it first.")
        else:
            loadtest.prepare_registry(members=members, out=say)
        try:
            targets = loadtest.plan(clients=max(levels))
            loadtest.count_queries(targets)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        env = loadtest.server_environment(Path(settings.DATA_DIR) / "loadtest")
        say("collecting static files (compressed, hashed) …")
        loadtest.collect_static(env)
        say(f"prepared in {time.perf_counter() - started:.0f} s; members: {Member.objects.count():,}")
        connection.close()  # the server's workers get the database's connections to themselves
        port = loadtest.free_port()
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "server.log"
            try:
                with loadtest.production_server(port=port, workers=workers, env=env, log=log):
                    say(f"tanzim serve on 127.0.0.1:{port}, {workers} sync workers; {seconds:g} s per step")
                    rows = loadtest.run(targets, port=port, levels=levels, seconds=seconds, progress=say)
            except RuntimeError as error:
                sys.stderr.write(log.read_text(errors="replace")[-4000:])
                raise CommandError(str(error)) from error
        self.stdout.write(loadtest.table(rows))
        self.stdout.write(
            f"{Member.objects.count():,} members; tanzim serve with {workers} sync workers on {os.cpu_count()} cores; "
            f"{seconds:g} s per step; load average {load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after"
        )
        failed = sum(r.errors for r in rows)
        if failed:
            raise CommandError(f"{failed} requests failed (not 200)")
