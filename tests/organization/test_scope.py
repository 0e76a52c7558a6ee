"""Reads go through a scope: a reader scoped to Taounate sees nothing of Tétouan, whatever the path.

Every user is still all-seeing until access control lands; these tests hand a provincial scope to the
selectors and to the views directly, so the day scopes come from mandates nothing in the views changes.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from tanzim.organization import views
from tanzim.organization.models import PositionType
from tanzim.organization.selectors import body_get, body_list, body_roots, mandate_list, office_current
from tanzim.organization.services import Seat, office_renew
from tanzim.people.selectors import person_list
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory

TAOUNATE = Scope.of("03/03.531/")


@pytest.fixture
def two_provinces(party):
    head = PositionType.objects.get(key="head")
    bureau = make_body("national_executive")
    out = {}
    for code, commune, name in (("01.571", "01.571.01.11", "كناري"), ("03.531", "03.531.01.05", "تاوناتي")):
        province = make_body("provincial_office", code, parent=bureau)
        branch = make_body("local_office", commune, parent=province)
        person = PersonFactory(last_name_ar=name, commune=Territory.objects.get(code=commune))
        office_renew(acting_user=None, body=branch, held_on=dt.date(2025, 1, 1), seats=[Seat(head, person)])
        out[code] = (province, branch, person)
    return out


def test_selectors_keep_to_the_scope(two_provinces):
    _, tetouan_branch, tetouan_person = two_provinces["01.571"]
    taounate_province, taounate_branch, _ = two_provinces["03.531"]
    assert set(body_list(scope=TAOUNATE)) == {taounate_province, taounate_branch}
    assert list(body_roots(scope=TAOUNATE)) == [taounate_province]
    with pytest.raises(Http404):
        body_get(scope=TAOUNATE, pk=tetouan_branch.pk)
    with pytest.raises(Http404):
        office_current(scope=TAOUNATE, body=tetouan_branch)
    assert {m.body_id for m in mandate_list(scope=TAOUNATE)} == {taounate_branch.pk}
    assert tetouan_person not in person_list(scope=TAOUNATE)
    assert body_get(scope=TAOUNATE, pk=taounate_branch.pk) == taounate_branch


def scoped_request(path, scope):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.scope = scope
    request.LANGUAGE_CODE = "ar"
    request.htmx = False
    return request


@pytest.mark.parametrize("view", [views.body_detail, views.body_renew, views.body_children_partial])
def test_views_answer_404_outside_the_scope(two_provinces, view):
    _, tetouan_branch, _ = two_provinces["01.571"]
    with pytest.raises(Http404):
        view(scoped_request("/", TAOUNATE), pk=tetouan_branch.pk)


def test_the_tree_shows_only_the_scope(two_provinces):
    # The view is called without the middleware that picks the reader's language: the test says which it reads in.
    with translation.override("ar"):
        html = views.body_tree(scoped_request("/bodies/", TAOUNATE)).content.decode()
    assert "تاونات" in html and "تطوان" not in html and "المكتب السياسي" not in html


def test_the_territory_partial_keeps_to_the_scope(two_provinces):
    with pytest.raises(Http404):
        views.territory_bodies_partial(scoped_request("/", TAOUNATE), code="01.571")
    with translation.override("ar"):
        html = views.territory_bodies_partial(scoped_request("/", TAOUNATE), code="03.531").content.decode()
    assert "كناري" not in html and "تطوان" not in html
