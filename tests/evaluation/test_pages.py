"""The evaluation pages as officials read them: the scorecards of a province's local bodies (Arabic, French), the
body page's scorecard panel, the coverage page with its chart, the province report as a PDF, and the API — each
through the reader's scope (another province is a 404 or nothing, never a count)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tanzim.access.models import Account
from tanzim.access.services import grant_create
from tanzim.territory.models import Territory
from tests.members.factories import make_member

from .world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(party):
    return build(party)


def reader(login, code: str, language="ar"):
    user = get_user_model().objects.create_user(f"reader-{code}", password="a-long-test-password")
    commune = Territory.objects.filter(level="commune", path__startswith=Territory.objects.get(code=code).path).first()
    person = make_member(f"R-{code}", first_ar="قارئ", commune=commune.code).person
    Account.objects.create(user=user, person=person)
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code=code),
        capabilities=["read"],
        starts_on=dt.date(2024, 1, 1),
        reason="test",
    )
    return login(user, language=language)


def test_the_scorecards_of_the_province_in_arabic_and_french(world, login):
    client = reader(login, "03.531")
    html = client.get(reverse("evaluation:index")).content.decode()
    assert world["a"].name in html and world["b"].name in html
    assert "بطاقات تقييم الأجهزة" in html and "<svg" in html
    assert "جهازان مقيَّمان" in html  # two bodies evaluated, in the dual
    assert "منصب أمين المال شاغر" in html  # B's treasurer seat
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("evaluation:index"), {"sort": "-score"}).content.decode()
    assert "2 instances évaluées" in html and "poste de Trésorier vacant" in html
    assert html.index(world["a"].name) < html.index(world["b"].name)  # the best first


def test_the_body_page_shows_its_scorecard(world, login):
    client = reader(login, "03.531", language="fr")
    html = client.get(reverse("organization:detail", args=[world["b"].pk])).content.decode()
    assert 'id="scorecard"' in html and "Rang 2 sur 2 instances paires" in html
    assert "1 directive en retard" in html


def test_the_coverage_page_and_its_chart(world, login):
    client = reader(login, "03.531", language="fr")
    html = client.get(reverse("evaluation:coverage"), {"place": "03.531"}).content.decode()
    assert "Couverture de la structuration" in html and 'class="chart"' in html
    assert "هيكلة جميع الجماعات" in html  # the directive that sets the target


def test_the_province_report_is_a_pdf(world, login):
    client = reader(login, "03.531")
    response = client.get(reverse("evaluation:report", args=["03.531"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_api_answers_the_scorecards_and_the_coverage(world, login):
    client = reader(login, "03.531", language="fr")
    cards = client.get("/api/v1/evaluation/scorecards", {"territory": "03.531"}).json()
    by_body = {c["body"]: c for c in cards}
    assert by_body[world["a"].pk]["rank"] == 1 and by_body[world["b"].pk]["rank"] == 2
    assert "1 directive en retard" in by_body[world["b"].pk]["reasons"]
    cov = client.get("/api/v1/evaluation/coverage", {"territory": "03.531"}).json()
    assert (cov["constituted"], cov["dormant"]) == (1, 1)


def test_another_province_is_not_there(world, login):
    client = reader(login, "01.571")
    assert client.get(reverse("evaluation:report", args=["03.531"])).status_code == 404
    assert client.get(reverse("evaluation:coverage"), {"place": "03.531"}).status_code == 404
    assert client.get(reverse("organization:detail", args=[world["b"].pk])).status_code == 404
    html = client.get(reverse("evaluation:index")).content.decode()
    assert world["a"].name not in html and world["b"].name not in html
    assert client.get("/api/v1/evaluation/coverage", {"territory": "03.531"}).status_code == 404
    assert client.get("/api/v1/evaluation/scorecards").json() == []
