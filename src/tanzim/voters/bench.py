"""`tanzim bench`, voters: the national page of the registration drive (the country's progress, one line per
region) and a province's, built as the server builds them (the selector's grouped count and the template), over
the whole registry the bench imported (a million members).

Members the bench imported get a statement each (registered, not registered, unknown, or none), written in two
statements of SQL — bench data only; the pages read them as they read real ones. Synthetic data only."""

from __future__ import annotations

import time

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .selectors import current_revision, progress

TARGET_MS = 300.0


def statements_fill() -> int:
    """A statement for members without one (by id: 6 in 10 registered, 2 not registered, 1 unknown, 1 nothing),
    and each one current."""
    today = timezone.localdate().isoformat()
    with connection.cursor() as cursor:
        # Who has one already is read into a table of its own first: an anti-join on the table being filled, planned
        # while it is empty, scans every row the statement has just inserted, once per member (quadratic: minutes).
        cursor.execute("DROP TABLE IF EXISTS bench_stated")
        cursor.execute("CREATE TEMP TABLE bench_stated AS SELECT DISTINCT member_id FROM voters_statement")
        cursor.execute(
            "INSERT INTO voters_statement (member_id, status, source, checked_on, recorded_at) "
            "SELECT m.id, CASE WHEN m.id %% 10 < 6 THEN 'registered' WHEN m.id %% 10 < 8 THEN 'not_registered' "
            "ELSE 'unknown' END, 'branch', %s, CURRENT_TIMESTAMP FROM members_member m "
            "WHERE m.id %% 10 <> 9 AND m.id NOT IN (SELECT member_id FROM bench_stated)",
            [today],
        )
        made = cursor.rowcount
        cursor.execute("DROP TABLE bench_stated")
        cursor.execute("CREATE TEMP TABLE bench_stated AS SELECT DISTINCT member_id FROM voters_registration")
        cursor.execute(
            "INSERT INTO voters_registration (member_id, statement_id, status, checked_on) "
            "SELECT s.member_id, s.id, s.status, s.checked_on FROM voters_statement s "
            "WHERE s.member_id NOT IN (SELECT member_id FROM bench_stated)"
        )
        cursor.execute("DROP TABLE bench_stated")
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE voters_statement")
            cursor.execute("ANALYZE voters_registration")
    return made


def _page(scope: Scope, place: Territory | None) -> str:
    revision = current_revision()
    request = RequestFactory().get("/voters/")
    drive = progress(scope=scope, place=place, revision=revision)
    context: dict = {"drive": drive, "place": place, "revision": revision, "bodies": [], "target_form": None}
    return render_to_string("voters/index.html", context, request=request)


def _timed(run, runs: int) -> dict:
    run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    with CaptureQueriesContext(connection) as captured:
        run()
    return {
        "p50_ms": times[len(times) // 2],
        "max_ms": times[-1],
        "queries": len(captured.captured_queries),
    }


def drive_figures(runs: int = 5) -> dict:
    """Server time of the national drive page and of a province's (the first province with members)."""
    from tanzim.members.models import Member

    filled = statements_fill()
    everything = Scope.everything()
    first = Member.objects.exclude(path="").order_by("path").values_list("path", flat=True).first() or ""
    province = Territory.objects.filter(level="province", path=("/".join(first.split("/")[:2]) + "/")).first()
    national = _timed(lambda: _page(everything, None), runs)
    figures: dict = {
        "registry": Member.objects.count(),
        "statements_written": filled,
        "national": national,
    }
    if province is not None:
        figures["province"] = province.code
        figures["province_page"] = _timed(lambda: _page(everything, province), runs)
    figures["ratio_to_target"] = national["max_ms"] / TARGET_MS
    return figures
