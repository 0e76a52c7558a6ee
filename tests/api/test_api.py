import json

import pytest

from tanzim.organization.models import Mandate
from tanzim.people.models import Person
from tests.organization.factories import make_body


@pytest.fixture
def api(client_ar):
    return client_ar


@pytest.fixture
def branch(party):
    province = make_body("provincial_office", "01.571")
    return make_body("local_office", "01.571.01.11", parent=province)


def test_the_openapi_document_is_served(api, party):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/territories",
        "/api/v1/territories/{code}",
        "/api/v1/bodies",
        "/api/v1/bodies/{body_id}",
        "/api/v1/positions",
        "/api/v1/mandates",
        "/api/v1/bodies/{body_id}/renewals",
        "/api/v1/nomenclature",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/bodies/{body_id}/renewals"]


def test_the_api_needs_a_signed_in_user(client, party):
    assert client.get("/api/v1/bodies").status_code == 401


def test_territories(api, party):
    regions = api.get("/api/v1/territories").json()
    assert len(regions) == 12
    communes = api.get("/api/v1/territories", {"parent": "03.531"}).json()
    assert len(communes) == 49
    unit = api.get("/api/v1/territories/03.531").json()
    assert unit["name_ar"] == "تاونات" and unit["parent_code"] == "03" and unit["population_2024"] == 612650
    assert api.get("/api/v1/territories/99.999").status_code == 404


def test_a_round_trip_through_the_api(api, branch):
    # given two persons created through the API
    made = []
    for first, gender in (("يوسف", "m"), ("كريمة", "f")):
        response = api.post(
            "/api/v1/persons",
            json.dumps(
                {"first_name_ar": first, "last_name_ar": "المرابط", "gender": gender, "commune_code": "01.571.01.11"}
            ),
            content_type="application/json",
        )
        assert response.status_code == 201
        made.append(response.json()["id"])
    # when the office is renewed through the API
    payload = {
        "held_on": "2025-01-19",
        "supervised_by_id": branch.parent_id,
        "seats": [{"position": "head", "person_id": made[0]}, {"position": "treasurer", "person_id": made[1]}],
    }
    response = api.post(f"/api/v1/bodies/{branch.pk}/renewals", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    # then the body, its mandates and its history read back what was written, in the party's words
    body = api.get(f"/api/v1/bodies/{branch.pk}").json()
    assert body["name"] == "الفرع — تطوان" and body["status"] == "constituted"
    assert [(m["position"], m["title"], m["person"]["id"]) for m in body["office"]] == [
        ("head", "كاتب الفرع", made[0]),
        ("treasurer", "أمينة المال", made[1]),
    ]
    mandates = api.get("/api/v1/mandates", {"body_id": branch.pk, "current": True}).json()
    assert {m["person"]["name_ar"] for m in mandates} == {"يوسف المرابط", "كريمة المرابط"}
    history = api.get(f"/api/v1/bodies/{branch.pk}/renewals").json()
    assert history[0]["held_on"] == "2025-01-19" and len(history[0]["office"]) == 2
    listed = api.get("/api/v1/bodies", {"territory": "01.571", "level": "local"}).json()
    assert [b["id"] for b in listed] == [branch.pk]


def test_a_refused_renewal_answers_422_with_a_code_and_changes_nothing(api, branch):
    person = api.post(
        "/api/v1/persons", json.dumps({"first_name_ar": "حسن", "gender": "m"}), content_type="application/json"
    ).json()["id"]
    payload = {"held_on": "2025-01-19", "seats": [{"position": "treasurer", "person_id": person}]}
    response = api.post(
        f"/api/v1/bodies/{branch.pk}/renewals",
        json.dumps(payload),
        content_type="application/json",
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "head_missing"
    assert not Mandate.objects.filter(body=branch).exists()
    unknown = {"held_on": "2025-01-19", "seats": [{"position": "king", "person_id": person}]}
    response = api.post(f"/api/v1/bodies/{branch.pk}/renewals", json.dumps(unknown), content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "unknown_position"


def test_the_nomenclature_endpoint_gives_the_partys_words(api, party):
    data = api.get("/api/v1/nomenclature").json()
    assert data["preset"] == "kitaba" and data["party_name"] == "حزب الاختبار"
    local = next(t for t in data["body_types"] if t["key"] == "local_office")
    assert (local["name_ar"], local["head_title_ar"], local["parent_type"]) == (
        "الفرع",
        "كاتب الفرع",
        "provincial_office",
    )
    positions = api.get("/api/v1/positions").json()
    assert [p["key"] for p in positions][:3] == ["head", "deputy_head", "treasurer"]


def test_a_person_lives_in_a_commune_not_a_province(api, party):
    response = api.post(
        "/api/v1/persons",
        json.dumps({"first_name_ar": "حسن", "gender": "m", "commune_code": "01.571"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    refusal = response.json()
    assert (refusal["code"], refusal["field"]) == ("invalid", "commune_code") and refusal["message"]
    assert not Person.objects.filter(first_name_ar="حسن").exists()
