"""The bench's drive figures, verified at a small size: statements written for members without one, the national
page and a province's built, timed, and what they show agrees with the statements written."""

from __future__ import annotations

from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tanzim.voters.bench import drive_figures
from tanzim.voters.models import Registration, Statement, Status
from tanzim.voters.selectors import progress
from tests.members.factories import make_member

from .factories import OUED_LAOU, TAOUNATE_COMMUNE


def test_the_drive_figures_at_a_small_size(party):
    communes = (OUED_LAOU, TAOUNATE_COMMUNE)
    members = [make_member(f"B-{i:03d}", first_ar="عضو", commune=communes[i % 2]) for i in range(30)]
    figures = drive_figures(runs=2)
    assert figures["registry"] == 30
    # One in ten by id gets nothing: 27 statements, each current.
    expected = sum(1 for m in members if m.pk % 10 != 9)
    assert figures["statements_written"] == expected == Statement.objects.count() == Registration.objects.count()
    assert figures["national"]["queries"] <= 6 and figures["national"]["p50_ms"] > 0
    assert figures["province"] in ("01.571", "03.531") and figures["province_page"]["queries"] <= 6
    registered = sum(1 for m in members if m.pk % 10 < 6)
    assert progress(scope=Scope.everything(), place=None).total.registered == registered
    assert Registration.objects.filter(status=Status.REGISTERED).count() == registered
    assert drive_figures(runs=1)["statements_written"] == 0  # a second run adds nothing
    assert Territory.objects.filter(code=figures["province"]).exists()
