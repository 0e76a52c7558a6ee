"""`tanzim bench`, dues: the treasurer's page of a provincial office (its members with their standing, filtered)
over the whole registry the bench imported (a million members), timed as the server answers it.

Every member gets a standing (the stored runs `services` keeps: paid through this year, in arrears since one to
five years, never paid, exempt) written in one statement — bench data only, the pages read it as they read the
real one. Synthetic data only."""

from __future__ import annotations

import time

from django.db import connection
from django.utils import timezone

TARGET_MS = 300.0
FILTERS = ("", "arrears", "never_paid", "exempt", "up_to_date")


def standing_fill() -> int:
    """A standing for every member without one, spread by the member's id (deterministic)."""
    year = timezone.localdate().year
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO dues_standing (member_id, category, run_from, run_to, waived_from, waived_to) "
            "SELECT m.id, 'standard', "
            "CASE WHEN mod(m.id, 10) < 1 THEN NULL WHEN mod(m.id, 10) < 2 THEN %s ELSE %s - mod(m.id, 4) END, "
            "CASE WHEN mod(m.id, 10) < 1 THEN NULL WHEN mod(m.id, 10) < 2 THEN %s WHEN mod(m.id, 10) < 6 THEN %s "
            "ELSE %s - 1 - mod(m.id, 5) END, "
            "CASE WHEN mod(m.id, 10) = 1 THEN %s END, CASE WHEN mod(m.id, 10) = 1 THEN %s END "
            "FROM members_member m LEFT JOIN dues_standing s ON s.member_id = m.id WHERE s.member_id IS NULL",
            [year, year, year, year, year, year, year],
        )
        made = cursor.rowcount
        cursor.execute("ANALYZE dues_standing")
    return made


def treasurer_page_figures(runs: int = 20) -> dict:
    """Server time of /dues/body/<provincial office>/ for its treasurer, unfiltered and with each filter."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tanzim.members.bench import picker_setup
    from tanzim.members.models import Member

    made = picker_setup()
    filled = standing_fill()
    office, province = made["office"], made["province"]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(made["user"])
    secure = not settings.DEBUG
    url = f"/dues/body/{office.pk}/"
    figures: dict = {
        "registry": Member.objects.count(),
        "province_members": Member.objects.filter(path__startswith=province.path).count(),
        "standings_written": filled,
        "pages": {},
    }
    for standing in FILTERS:
        query = {"standing": standing} if standing else {}
        first = client.get(url, query, secure=secure)
        if first.status_code != 200:
            raise RuntimeError(f"{url} answered {first.status_code}")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url, query, secure=secure)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url, query, secure=secure)
        times.sort()
        figures["pages"][standing or "all"] = {
            "p50_ms": times[len(times) // 2],
            "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
            "rows": answer.content.decode().count('class="dues-row"'),
            "queries": len(captured.captured_queries),
        }
    figures["worst_p95_ms"] = max(p["p95_ms"] for p in figures["pages"].values())
    figures["ratio_to_target"] = figures["worst_p95_ms"] / TARGET_MS
    return figures
