import json

from tanzim.members.models import Member


def post(api, payload):
    return api.post("/api/v1/members", json.dumps(payload), content_type="application/json")


def test_create_search_and_read_members_through_the_api(client_ar, party):
    response = post(
        client_ar,
        {
            "card_number": "api-1",
            "first_name_ar": "عبد الإله",
            "last_name_ar": "الخليفي",
            "first_name_latin": "Abdelilah",
            "gender": "ذكر",
            "birth_date": "02/04/1980",
            "phone": "0661234567",
            "commune_code": "01.571.01.11",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["card_number"] == "API-1" and created["commune_code"] == "01.571.01.11"
    found = client_ar.get("/api/v1/members", {"q": "Abd El Ilah"}).json()
    assert [m["id"] for m in found] == [created["id"]]
    assert client_ar.get(f"/api/v1/members/{created['id']}").json()["name_ar"] == "عبد الإله الخليفي"
    assert "/api/v1/members" in client_ar.get("/api/v1/openapi.json").json()["paths"]


def test_the_api_refuses_what_the_import_refuses_and_names_the_field(client_ar, party):
    base = {"card_number": "api-2", "first_name_ar": "يوسف", "gender": "m", "commune_code": "01.571.01.11"}
    for field, value, code in (
        ("phone", "0123", "bad_phone"),
        ("birth_date", "31/02/1990", "bad_date"),
        ("gender", "?", "bad_gender"),
        ("commune_code", "01.571", "unknown_commune"),
    ):
        response = post(client_ar, {**base, field: value})
        assert response.status_code == 422
        assert response.json()["code"] == code and response.json()["field"] == field and response.json()["message"]
    assert not Member.objects.exists()
    assert post(client_ar, base).status_code == 201
    taken = post(client_ar, {**base, "first_name_ar": "حسن"})
    assert taken.status_code == 422 and taken.json()["code"] == "card_taken"


def test_the_api_list_makes_as_many_queries_for_fifty_members_as_for_three(client_ar, party):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.members.factories import make_member

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_ar.get("/api/v1/members?limit=50").status_code == 200
        return len(captured)

    for n in range(3):
        make_member(f"Q-{n}", first_latin="Amal", birth_date=dt.date(1995, 1, 1))
    queries()  # the first request after signing in winds the session's idle clock (a write)
    few = queries()
    for n in range(3, 50):
        make_member(f"Q-{n}", first_latin="Amal", birth_date=dt.date(1995, 1, 1))
    many = queries()

    assert many == few  # the party's youth age is read once per list, not once per member
