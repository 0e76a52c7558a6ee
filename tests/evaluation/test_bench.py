"""The bench's evaluation figures run (on a small registry here; `make bench` runs them on a million members)."""

import pytest

from tanzim.evaluation.bench import evaluation_figures
from tanzim.territory.models import Territory

pytestmark = pytest.mark.django_db


def test_the_evaluation_figures_cover_every_province(party):
    figures = evaluation_figures(runs=1)
    assert figures["provinces"] == Territory.objects.filter(level="province").count()
    assert figures["scorecards"]["queries"] < 20 and figures["coverage"]["queries"] < 10
    assert figures["map"]["queries"] < 12 and figures["province_map"]["queries"] < 12
