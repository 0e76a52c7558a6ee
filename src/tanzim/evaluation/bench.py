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


def evaluation_figures(runs: int = 5) -> dict:
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
    }
