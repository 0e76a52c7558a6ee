"""The bench's dues figures on a small registry: every member gets a standing, and the treasurer's page of the
province answers with each filter, its rows the members the filter names."""

from __future__ import annotations

import os

import pytest

from tanzim.dues import bench
from tanzim.dues.models import Standing
from tanzim.dues.selectors import standing_q
from tanzim.members.models import Member
from tests.members.factories import make_member

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the bench runs on PostgreSQL: the suite's PostgreSQL run (DATABASE_URL) covers it",
)


@on_postgresql
@pytest.mark.django_db
def test_the_treasurer_page_figures_cover_every_filter_on_a_small_registry():
    for i in range(30):
        make_member(f"B{i:04d}", first_ar="عضو", last_ar=f"رقم{i}")
    make_member("ELSEWHERE", first_ar="عضو", last_ar="بعيد", commune="03.531.01.05")

    figures = bench.treasurer_page_figures(runs=2)

    assert figures["registry"] == Standing.objects.count() == figures["standings_written"] == 31
    assert figures["province_members"] == 30
    year = bench.timezone.localdate().year
    for name in ("arrears", "never_paid", "exempt", "up_to_date"):
        expected = Member.objects.filter(path__startswith="01/01.571/").filter(standing_q(name, year)).count()
        assert figures["pages"][name]["rows"] == min(expected, 50) > 0
    assert figures["pages"]["all"]["rows"] == 30
    assert figures["worst_p95_ms"] > 0 and figures["ratio_to_target"] == figures["worst_p95_ms"] / bench.TARGET_MS
