"""Scorecards of a province built with known records, on a fixed date: each criterion, the score, the ranking,
the reasons in Arabic and French, and the weighting the department sets."""

from __future__ import annotations

import pytest
from django.utils import translation

from tanzim.evaluation.criteria import Measure, criterion, unregister
from tanzim.evaluation.models import CriterionWeight
from tanzim.evaluation.scoring import body_scorecard, scorecards
from tanzim.evaluation.selectors import scored_bodies
from tanzim.territory.scope import Scope

from .world import TODAY, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(party):
    return build(party)


def cards_of(world, scope=None):
    scope = scope or Scope.of(world["province"].path)
    bodies = list(scored_bodies(scope=scope, level="local", within=world["province"]))
    with translation.override("en"):
        return {c.body.pk: c for c in scorecards(scope=scope, bodies=bodies, today=TODAY)}


def test_each_criterion_of_the_body_that_does_everything(world):
    card = cards_of(world)[world["a"].pk]
    data = {line.criterion.key: line.measure.data for line in card.lines}
    assert data["meetings"] == {"window": 2, "period": 2, "last": "2026-06-25"}
    assert data["office"] == {"filled": 4, "required": 4, "missing": []}
    assert data["mandate"] == {"ends": "2029-01-10"}
    assert data["members"] == {"active": 10, "before": 8, "growth": 0.25}
    assert data["verified"] == {"share": 1.0, "last": "2026-05-01"}
    assert data["directives"] == {"on_time": 1, "late": 0, "overdue": 0, "open": 0}
    assert (data["women_office"]["count"], data["women_office"]["total"]) == (2, 4)
    assert (data["youth_office"]["count"], data["youth_office"]["total"]) == (1, 4)
    assert (data["women_members"]["count"], data["women_members"]["total"]) == (2, 10)
    assert card.score == 100 and card.reasons == [] and not card.low
    assert (card.rank, card.peers) == (1, 2)


def test_the_dormant_body_scores_low_and_says_why(world):
    card = cards_of(world)[world["b"].pk]
    data = {line.criterion.key: line.measure for line in card.lines}
    assert data["meetings"].value == 0 and data["meetings"].data["window"] == 0
    assert data["office"].value == 0.25
    assert data["mandate"].value == 0 and data["mandate"].data["ends"] == "2023-09-01"
    assert data["directives"].data["overdue"] == 1
    # 20 × 0.25 out of 100 (every other criterion at 0)
    assert card.score == 5 and card.low
    assert (card.rank, card.peers) == (2, 2)
    scope = Scope.of(world["province"].path)
    with translation.override("fr"):
        reasons = body_scorecard(scope=scope, body=world["b"], today=TODAY).reasons
    assert reasons == [
        "aucune réunion depuis 134 jours",
        "poste de Secrétaire adjoint vacant",
        "poste de Trésorier vacant",
        "poste de Rapporteur vacant",
        "mandat expiré le 01/09/2023",
        "aucune croissance des adhésions",
        "liste des adhérents jamais vérifiée",
        "1 directive en retard",
        "les femmes font 0 % du bureau (objectif 30 %)",
        "les jeunes font 0 % du bureau (objectif 10 %)",
    ]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            ["aucune réunion depuis 134 jours", "Trésorier", "mandat expiré le 01/09/2023", "1 directive en retard"],
        ),
        ("ar", ["لا اجتماع منذ 134 يومًا", "أمين المال", "01/09/2023", "توجيه واحد متأخر"]),
    ],
)
def test_the_reasons_read_in_the_readers_language(world, language, words):
    scope = Scope.of(world["province"].path)
    with translation.override(language):
        card = body_scorecard(scope=scope, body=world["b"], today=TODAY)
        text = " | ".join(card.reasons)
    for word in words:
        assert word in text


def test_the_department_weighting_changes_the_score(world):
    CriterionWeight.objects.filter(weighting_id=1).update(weight=0)
    CriterionWeight.objects.filter(weighting_id=1, key="office").update(weight=10)
    card = cards_of(world)[world["b"].pk]
    assert card.score == 25
    assert card.reasons == [r for r in card.reasons if "empty" in r]  # only the counted criterion's reasons


def test_equal_scores_share_a_rank(world):
    CriterionWeight.objects.filter(weighting_id=1).update(weight=0)
    CriterionWeight.objects.filter(weighting_id=1, key="youth_members").update(weight=10)
    cards = cards_of(world)
    # No young member in either: both 0, both first.
    assert [(c.score, c.rank) for c in cards.values()] == [(0, 1), (0, 1)]


def test_a_criterion_registered_by_another_app_counts(world):
    @criterion("make_believe", label="Make-believe", weight=100, order=999)
    def make_believe(situation):
        return {b.pk: Measure(0.0, "0", ("nothing done",)) for b in situation.bodies}

    try:
        card = cards_of(world)[world["a"].pk]
        assert card.score == 50 and "nothing done" in card.reasons
    finally:
        unregister("make_believe")
    assert cards_of(world)[world["a"].pk].score == 100


def test_a_reader_elsewhere_sees_none_of_it(world):
    tetouan = Scope.of("01/01.571/")
    assert list(scored_bodies(scope=tetouan, level="local", within=None).filter(pk__in=[world["a"].pk])) == []
    cards = scorecards(scope=tetouan, bodies=list(scored_bodies(scope=tetouan, level="local")), today=TODAY)
    assert world["a"].pk not in {c.body.pk for c in cards} and world["b"].pk not in {c.body.pk for c in cards}


def test_without_the_departments_row_the_documented_defaults_apply(world):
    from tanzim.evaluation.models import Weighting
    from tanzim.evaluation.scoring import weights_in_force
    from tanzim.evaluation.selectors import weighting

    Weighting.objects.all().delete()
    assert weights_in_force(weighting()) == {
        "meetings": 25,
        "office": 20,
        "mandate": 15,
        "members": 10,
        "verified": 10,
        "directives": 10,
        "women_office": 5,
        "youth_office": 5,
        "women_members": 0,
        "youth_members": 0,
    }
    card = cards_of(world)[world["a"].pk]
    office = card.line("office").measure
    assert office.data["required"] == 9 and office.data["filled"] == 4  # every single-holder position, by default
    assert card.score == round(100 * (100 - 20 + 20 * 4 / 9) / 100)
