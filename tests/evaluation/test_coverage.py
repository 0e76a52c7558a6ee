"""Structuring coverage of a province on a fixed date: a commune with a constituted local body, one with a dormant
body, the others with none; the target of the structuring directive and its date; coverage at each month's end,
replayed from the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from tanzim.evaluation.coverage import coverage, coverage_by_child
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .world import TODAY, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(party):
    return build(party)


def test_a_constituted_a_dormant_and_missing_local_bodies(world):
    cov = coverage(scope=Scope.of(world["province"].path), place=world["province"], today=TODAY)
    communes = Territory.objects.filter(level="commune", path__startswith=world["province"].path).count()
    assert communes > 40
    assert (cov.communes, cov.constituted, cov.dormant, cov.none) == (communes, 1, 1, communes - 2)
    assert cov.status_of[world["communes"][0].path] == "constituted"
    assert cov.status_of[world["communes"][1].path] == "dormant"
    assert cov.status_of[world["communes"][2].path] == "none"


def test_progress_against_the_directives_target_and_date(world):
    cov = coverage(scope=Scope.of(world["province"].path), place=world["province"], today=TODAY)
    assert cov.target_date == dt.date(2026, 9, 30) and cov.target_percent == 100
    assert cov.target_communes == cov.communes
    assert cov.still_to_structure == cov.communes - 1
    assert cov.days_left == 92 and not cov.reached


def test_coverage_over_time_from_the_status_changes(world):
    cov = coverage(scope=Scope.of(world["province"].path), place=world["province"], today=TODAY, months=8)
    points = [(p.day, p.constituted, p.dormant) for p in cov.points]
    assert points == [
        (dt.date(2025, 11, 30), 0, 0),  # neither body existed yet
        (dt.date(2025, 12, 31), 0, 0),
        (dt.date(2026, 1, 31), 0, 0),  # created, not constituted
        (dt.date(2026, 2, 28), 1, 0),  # A renewed on 10/02
        (dt.date(2026, 3, 31), 2, 0),  # B renewed on 01/03
        (dt.date(2026, 4, 30), 1, 1),  # B dormant on 20/04
        (dt.date(2026, 5, 31), 1, 1),
        (dt.date(2026, 6, 30), 1, 1),
    ]


def test_a_region_and_the_country_count_by_province(world):
    rows = coverage_by_child(scope=Scope.everything(), place=world["province"].parent, today=TODAY)
    taounate = next(r for r in rows if r["place"].code == "03.531")
    assert (taounate["constituted"], taounate["dormant"]) == (1, 1)
    assert all(r["constituted"] == 0 for r in rows if r["place"].code != "03.531")


def test_a_reader_elsewhere_counts_none_of_it(world):
    tetouan = Scope.of("01/01.571/")
    cov = coverage(scope=tetouan, place=None, today=TODAY)
    assert cov.communes == Territory.objects.filter(level="commune", path__startswith="01/01.571/").count()
    assert (cov.constituted, cov.dormant) == (0, 0)
    assert all(p.constituted == 0 and p.dormant == 0 for p in cov.points)
