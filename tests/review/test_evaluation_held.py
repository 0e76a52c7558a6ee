"""Attacks on the evaluation app that it withstood (kept so that they keep being withstood)."""

from __future__ import annotations

from django.urls import reverse

from tests.review.world import signed_in


def test_tetouan_is_a_404_everywhere_for_taounate(world):
    head = signed_in(world["head_user"])
    assert head.get(reverse("evaluation:coverage"), {"place": "01.571"}).status_code == 404
    assert head.get(reverse("evaluation:report", args=["01.571"])).status_code == 404
    assert head.get(reverse("evaluation:report", args=["03"])).status_code == 404
    assert head.get("/api/v1/evaluation/scorecards", {"territory": "01.571"}).status_code == 404
    assert head.get(reverse("evaluation:index"), {"place": "\x00"}).status_code in (400, 404)  # 400 on PostgreSQL
    assert head.get(reverse("evaluation:index"), {"place": "9" * 30}).status_code == 404


def test_taounate_ranks_among_what_it_reads(world):
    head = signed_in(world["head_user"])
    assert head.get("/api/v1/evaluation/scorecards", {"level": "regional"}).json() == []
    cards = head.get("/api/v1/evaluation/scorecards", {"level": "provincial"}).json()
    assert [c["body"] for c in cards] == [world["province"].pk]
    assert cards[0]["peers"] == 1
    coverage = head.get("/api/v1/evaluation/coverage").json()
    assert coverage["communes"] == 49  # Taounate's communes, none of Tétouan's
