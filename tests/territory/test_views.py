import pytest
from django.urls import reverse

from tanzim.territory.scope import Scope
from tanzim.territory.selectors import territory_get, territory_list


def test_pages_need_a_signed_in_user(client, db):
    response = client.get(reverse("territory:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_regions_page_in_arabic_right_to_left(client_ar, party):
    response = client_ar.get(reverse("territory:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "الرباط-سلا-القنيطرة" in html
    assert "5,132,639" in html  # population 2024 of Rabat-Salé-Kénitra


def test_regions_page_in_french_left_to_right(client_fr, party):
    html = client_fr.get(reverse("territory:index")).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Rabat-Salé-Kénitra" in html
    assert "5\u202f132\u202f639" in html


def test_a_province_lists_its_communes(client_ar, party):
    html = client_ar.get(reverse("territory:detail", args=["03.531"])).content.decode()
    assert "تاونات" in html and "فاس-مكناس" in html  # the unit and its region in the breadcrumb
    assert html.count('href="/territory/03.531.') == 49


def test_search_finds_a_commune_by_either_name(client_ar, party):
    for text in ("Taounate", "تاونات"):
        html = client_ar.get(reverse("territory:index"), {"q": text}).content.decode()
        assert 'href="/territory/03.531.01.05/"' in html


def test_unknown_code_is_404(client_ar, party):
    assert client_ar.get(reverse("territory:detail", args=["99.999"])).status_code == 404


def test_selectors_hide_units_outside_the_scope(db):
    scope = Scope.of("03/03.531/")
    assert territory_get(scope=scope, code="03.531").name_fr == "Taounate"
    assert territory_get(scope=scope, code="03").name_fr == "Fès-Meknès"  # the region above is visible
    from django.http import Http404

    with pytest.raises(Http404):
        territory_get(scope=scope, code="01.571")
    assert [t.code for t in territory_list(scope=scope)] == ["03"]


def test_the_pages_assets_are_served_locally(client_ar, party):
    html = client_ar.get(reverse("territory:index")).content.decode()
    assert 'href="/static/tanzim/app.css"' in html
    assert 'src="/static/django_htmx/htmx-2.min.js"' in html
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html
    for asset in ("/static/tanzim/app.css", "/static/django_htmx/htmx-2.min.js"):
        response = client_ar.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content)
