"""`tanzim bench`'s evaluation figures: the scorecards of every provincial office of the country, and the national
structuring coverage, and the coverage map (the country by province, Taounate by commune), as a national reader
reads them (server time, in this process)."""

from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanzim.organization.models import BodyLevel, BodyStatus, BodyType, Organization
from tanzim.organization.services import body_create
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .coverage import coverage
from .maps import country_map, province_map
from .scoring import scorecards
from .selectors import scored_bodies


def _provincial_offices() -> None:
    """A provincial office of the party in every province that has none (the bench's registry has members only)."""
    party = Organization.objects.get(key="party")
    kind = BodyType.objects.get(key="provincial_office")
    have = set(
        scored_bodies(scope=Scope.everything(), level=BodyLevel.PROVINCIAL).values_list("territory_id", flat=True)
    )
    for province in Territory.objects.filter(level="province").exclude(pk__in=have):
        body_create(
            acting_user=None, organization=party, body_type=kind, territory=province, status=BodyStatus.CONSTITUTED
        )


def _timed(run, runs: int) -> dict:
    run()  # the caches a server process keeps
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    with CaptureQueriesContext(connection) as captured:
        run()
    return {"p50_ms": times[len(times) // 2], "max_ms": times[-1], "queries": len(captured.captured_queries)}


def _page_timed(username: str, url: str, runs: int) -> dict:
    """Server time of a page as a signed-in user reads it (through every middleware, template included)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(get_user_model().objects.get(username=username))
    secure = not settings.DEBUG
    first = client.get(url, secure=secure)
    if first.status_code != 200:
        raise RuntimeError(f"{url} answered {first.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, secure=secure)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": times[len(times) // 2],
        "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
        "bytes": len(first.content),
    }


def evaluation_figures(runs: int = 5, *, province_user: str = "") -> dict:
    """`province_user`: a login of Taounate's provincial office (the directives bench makes one), whose scorecard
    page (the local bodies of the province, ranked) is timed as she opens it."""
    _provincial_offices()
    everything = Scope.everything()
    bodies = list(scored_bodies(scope=everything, level=BodyLevel.PROVINCIAL))
    taounate = Territory.objects.get(code="03.531")
    return {
        "provinces": len(bodies),
        "scorecards": _timed(lambda: scorecards(scope=everything, bodies=bodies), runs),
        "coverage": _timed(lambda: coverage(scope=everything, place=None), runs),
        "map": _timed(lambda: country_map(scope=everything).svg, runs),
        "province_map": _timed(lambda: province_map(scope=everything, place=taounate).svg, runs),
        "province_page": _page_timed(province_user, "/evaluation/", max(runs, 20)) if province_user else None,
    }
