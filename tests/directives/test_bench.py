"""The directives' part of the bench, on a small size (PostgreSQL, as the bench itself)."""

import os

import pytest

from tanzim.directives import bench
from tanzim.directives.models import Assignment, Directive
from tanzim.organization.models import Body

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the bench runs on PostgreSQL: the suite's PostgreSQL run (DATABASE_URL) covers it",
)


@on_postgresql
@pytest.mark.django_db
def test_the_bench_builds_bodies_meetings_directives_and_times_both_pages():
    sizes = bench.directives_setup(years=1, communes=12)
    assert sizes["bodies"] == Body.objects.count() >= 1 + 1 + 1 + 12  # national, region, province(s), communes
    assert sizes["meetings"] == sizes["bodies"] * 12
    # One directive per monthly meeting of a body with sub-bodies, one assignment per sub-body.
    assert sizes["directives"] == Directive.objects.count() > 0
    assert sizes["assignments"] == Assignment.objects.count() >= 12 * 12
    figures = bench.directives_figures(runs=2)
    assert figures["national_overdue"]["p50_ms"] > 0 and figures["province_followup"]["bytes"] > 0
    assert figures["province_directive"] is not None
    assert figures["overdue"] > 0
