"""No input answers 500: out-of-range numbers, impossible dates, malformed bodies and hostile text are refused.

The reader is a scoped official (every capability, in Tétouan only): what a provincial official could send. Each
refusal is a 404, or a 400/422 in the one error shape of the API, and nothing is written.
"""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import DataError
from django.middleware.csrf import CSRF_SESSION_KEY
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tanzim.access.capabilities import ALL
from tanzim.access.services import grant_create
from tanzim.audit.models import AuditEntry
from tanzim.audit.selectors import audit_list
from tanzim.members.importer import member_import
from tanzim.members.models import Member
from tanzim.organization.models import Mandate, Renewal
from tanzim.people.models import Person
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.conftest import TanzimClient
from tests.members.factories import make_member
from tests.members.test_import import write_csv
from tests.organization.factories import make_body

HUGE = ("9223372036854775808", "99999999999999999999999")
COMMUNE = "01.571.01.11"
ERROR_KEYS = {"code", "message", "field"}


@pytest.fixture
def world(party):
    province = make_body("provincial_office", "01.571")
    branch = make_body("local_office", COMMUNE, parent=province)
    member = make_member("T-1", first_ar="سعاد", last_ar="البحراوي", first_latin="Souad", gender="f")
    return {"province": province, "branch": branch, "member": member}


@pytest.fixture
def official(world, login):
    """Every capability, in the province of Tétouan only."""
    user = get_user_model().objects.create_user("tetouan", password="a-long-test-password")
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code="01.571"),
        capabilities=sorted(ALL),
        starts_on=dt.date(2024, 1, 1),
    )
    return login(user)


def snapshot():
    return (
        Member.objects.count(),
        Person.objects.count(),
        Mandate.objects.count(),
        Renewal.objects.count(),
        # Reads are recorded, and so is an import even when it refuses every row: the rest would be a write.
        AuditEntry.objects.exclude(action__in=("member.list", "member.view", "member.export", "member.import")).count(),
    )


def assert_api_error(response, status, code=None, field=...):
    assert response.status_code == status, (response.status_code, response.content)
    data = response.json()
    assert set(data) == ERROR_KEYS, data
    assert isinstance(data["code"], str) and data["code"]
    assert isinstance(data["message"], str) and data["message"]
    if code is not None:
        assert data["code"] == code, data
    if field is not ...:
        assert data["field"] == field, data
    return data


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


# ------------------------------------------------------------------------------ integers past a 64-bit column


@pytest.mark.parametrize("number", HUGE)
def test_huge_numbers_in_page_filters_are_refused_not_crashed(official, world, number):
    before = snapshot()
    assert official.get("/audit/", {"before": number}).status_code == 404  # a row no log has
    assert official.get("/audit/", {"before": "²"}).status_code == 200  # a digit int() cannot read: the newest
    listed = official.get("/members/", {"local_body": number})
    assert listed.status_code == 200
    with translation.override("ar"):
        said = gettext("These filters were refused and are not applied: %(filters)s.") % {
            "filters": gettext("Local body")
        }
    assert said in [str(m) for m in listed.context["messages"]]
    exported = official.get("/members/export.csv", {"local_body": number})
    assert exported.status_code == 400  # never a wider file than the one asked for
    assert said in exported.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members?offset={n}",
        "/api/v1/members?limit={n}",
        "/api/v1/bodies?parent_id={n}",
        "/api/v1/mandates?person_id={n}",
        "/api/v1/mandates?body_id={n}",
    ],
)
def test_huge_numbers_in_api_queries_answer_422_in_the_error_shape(official, world, url, number):
    response = official.get(url.format(n=number))
    assert_api_error(response, 422, "invalid")


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "url", ["/api/v1/members/{n}", "/api/v1/persons/{n}", "/api/v1/bodies/{n}", "/api/v1/bodies/{n}/renewals"]
)
def test_huge_ids_in_api_paths_answer_404_in_the_error_shape(official, world, url, number):
    assert_api_error(official.get(url.format(n=number)), 404, "not_found", None)


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "url",
    [
        "/members/{n}/",
        "/members/{n}/edit/",
        "/members/import/{n}/",
        "/members/verification/{n}/",
        "/members/{n}/merge/{n}/",
        "/bodies/{n}/",
        "/bodies/{n}/children/",
        "/privacy/members/{n}/consents/",
        "/privacy/members/{n}/export.json",
        "/accounts/people/{n}/close/",
    ],
)
def test_huge_ids_in_page_paths_are_not_found(official, world, url, number):
    before = snapshot()
    assert official.get(url.format(n=number)).status_code == 404
    assert official.post(url.format(n=number)).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("number", [9223372036854775808, 10**23])
def test_a_renewal_naming_a_huge_person_id_is_refused_and_changes_nothing(official, world, number):
    before = snapshot()
    payload = {"held_on": "2025-01-19", "seats": [{"position": "head", "person_id": number}]}
    response = post_json(official, f"/api/v1/bodies/{world['branch'].pk}/renewals", payload)
    assert_api_error(response, 422, "invalid", "seats.0.person_id")
    supervised = {"held_on": "2025-01-19", "seats": [], "supervised_by_id": number}
    response = post_json(official, f"/api/v1/bodies/{world['branch'].pk}/renewals", supervised)
    assert_api_error(response, 422, "invalid", "supervised_by_id")
    assert snapshot() == before


def _out_of_range(kind: str):
    """What the database driver raises for an integer past its column: SQLite's, or PostgreSQL's through Django."""
    if kind == "sqlite":
        return OverflowError("Python int too large to convert to SQLite INTEGER")
    error = DataError("value out of range")
    error.__cause__ = type("NumericValueOutOfRange", (Exception,), {})()
    return error


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_an_overflow_past_the_bounds_is_a_404_not_a_server_error(official, world, monkeypatch, kind):
    """The safety net under the bounds: should an unbounded number still reach the database, the reader gets a 404."""

    def overflowing(**kwargs):
        raise _out_of_range(kind)

    monkeypatch.setattr("tanzim.members.views.member_get", overflowing)
    monkeypatch.setattr("tanzim.members.api.member_get", overflowing)
    member = world["member"].pk
    assert official.get(f"/members/{member}/").status_code == 404
    assert_api_error(official.get(f"/api/v1/members/{member}"), 404, "not_found", None)


# ----------------------------------------------------------------------------------------- dates out of range


def test_the_audit_log_refuses_a_day_past_the_calendar_and_says_so(official, world):
    with translation.override("ar"):
        said = gettext("Choose a day between %(first)s and %(last)s.") % {"first": "01/01/1900", "last": "31/12/2099"}
    for query in ({"until": "9999-12-31"}, {"since": "0001-01-01"}, {"since": "9999-12-31", "until": "0001-01-01"}):
        response = official.get("/audit/", query)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert all(errors == [said] for errors in response.context["form"].errors.values())
        assert said in response.content.decode()
    # the refused filter is left out, the others still apply
    kept = official.get("/audit/", {"until": "9999-12-31", "action": "person.create"})
    assert kept.status_code == 200 and all(line.entry.action == "person.create" for line in kept.context["lines"])
    # and the selector itself takes the last day of the calendar
    assert audit_list(scope=Scope.everything(), until=dt.date.max).exists()


@pytest.mark.parametrize(("months", "shown"), [("99999", 1200), ("9" * 5000, 1200), ("0", 1), ("²", 12)])
def test_the_verification_page_clamps_the_months_and_says_so(official, world, months, shown):
    response = official.get("/members/verification/", {"months": months})
    assert response.status_code == 200
    assert response.context["months"] == shown
    with translation.override("ar"):
        said = gettext("The period is from 1 to %(max)d months: %(months)d months are shown.") % {
            "max": 1200,
            "months": shown,
        }
    assert said in [str(m) for m in response.context["messages"]]
    assert official.get("/members/verification/", {"months": "24"}).context["months"] == 24


# -------------------------------------------------------------------------------- bodies the API cannot parse


@pytest.fixture
def browser(world, official):
    """The official's session as a browser uses it: CSRF checked, the token sent in its header."""
    client = TanzimClient(enforce_csrf_checks=True)
    client.cookies = official.cookies
    session = client.session
    session[CSRF_SESSION_KEY] = TOKEN  # CSRF_USE_SESSIONS: the secret lives in the session
    session.save()
    return client


TOKEN = "k" * 32


@pytest.mark.parametrize("debug", [False, True])  # with DEBUG, ninja answered what it did not handle with a 500
@pytest.mark.parametrize("path", ["/api/v1/members", "/api/v1/persons", "/api/v1/bodies/{branch}/renewals"])
def test_multipart_without_a_boundary_answers_400_in_the_error_shape(browser, world, path, debug, settings):
    settings.DEBUG = debug
    before = snapshot()
    url = path.format(branch=world["branch"].pk)
    for body in (b"card_number=X&gender=m", b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--"):
        response = browser.post(url, body, content_type="multipart/form-data", headers={"X-CSRFToken": TOKEN})
        assert_api_error(response, 400, "bad_request", None)
    response = browser.post(url, b"{not json", content_type="application/json", headers={"X-CSRFToken": TOKEN})
    assert_api_error(response, 400, "bad_request", None)
    response = browser.post(url, b"{}", content_type="application/json")  # no token
    assert_api_error(response, 403, "csrf_failed", None)
    assert snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members?q=%00",
        "/api/v1/members?territory=%00",
        "/api/v1/bodies?territory=%00",
        "/api/v1/territories/%00",
        "/api/v1/territories?parent=%00",
        "/api/v1/persons?q=a%00",
    ],
)
def test_a_nul_character_in_an_api_query_is_no_server_error(official, world, url):
    response = official.get(url)
    if response.status_code != 200:
        assert_api_error(response, response.status_code)
        assert response.status_code in (400, 404, 422)


@pytest.mark.parametrize("url", ["/territory/%00/", "/members/?territory=%00", "/members/?q=%00", "/bodies/on/%00/"])
def test_a_nul_character_in_a_page_address_is_no_server_error(official, world, url):
    assert official.get(url).status_code in (200, 400, 404)


# ---------------------------------------------------------------------------------------- one rule per field


MEMBER = {"card_number": "API-9", "first_name_ar": "يوسف", "gender": "m", "commune_code": COMMUNE}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("first_name_ar", "ي" * 10_000, "too_long"),
        ("last_name_latin", "x" * 81, "too_long"),
        ("profession", "p" * 121, "too_long"),
        ("card_number", "C" * 33, "too_long"),
        ("card_number", "   ", "missing_card_number"),
        ("first_name_ar", "يوسف\x00", "control_character"),
        ("last_name_ar", "ال\x00مرابط", "control_character"),
        ("card_number", "A\x001", "control_character"),
        ("profession", "a\x07b", "control_character"),
        ("first_name_ar", "   ", "missing_name"),
    ],
)
def test_the_member_api_refuses_what_the_form_and_the_import_refuse(official, world, field, value, code):
    before = snapshot()
    response = post_json(official, "/api/v1/members", {**MEMBER, field: value})
    assert_api_error(response, 422, code, field)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name_ar", "ي" * 10_000),
        ("first_name_latin", "Y\x00"),
        ("last_name_ar", "x" * 81),
        ("phone", "\x00"),
        ("commune_code", "\x00"),
    ],
)
def test_the_person_api_refuses_overlong_and_control_characters(official, world, field, value):
    before = snapshot()
    payload = {"first_name_ar": "يوسف", "gender": "m", "commune_code": COMMUNE, field: value}
    response = post_json(official, "/api/v1/persons", payload)
    assert response.status_code in (404, 422)
    assert_api_error(response, response.status_code)
    assert snapshot() == before


IMPORT_COLUMNS = {"card_number": 0, "last_name_ar": 1, "first_name_ar": 2, "first_name_latin": 4, "profession": 12}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("first_name_ar", "ي" * 81, "too_long"),
        ("first_name_ar", "يوسف\x00", "control_character"),
        ("first_name_latin", "You\x1bssef", "control_character"),
        ("last_name_ar", "x" * 81, "too_long"),
        ("card_number", "   ", "missing_card_number"),
        ("card_number", "C" * 33, "too_long"),
    ],
)
def test_the_form_the_import_and_the_api_refuse_a_value_for_the_same_reason(
    official, world, tmp_path, field, value, code
):
    before = snapshot()
    form = {"card_number": "F-1", "first_name_ar": "يوسف", "gender": "m", "commune": COMMUNE, field: value}
    page = official.post(reverse("members:create"), form)
    assert page.status_code == 200
    assert [e.code for e in page.context["form"].errors.as_data()[field]] == [code]
    api = post_json(official, "/api/v1/members", {**MEMBER, field: value})
    assert_api_error(api, 422, code, field)
    row = ["F-2", "المرابط", "يوسف", "", "", "ذكر", "", "", "", COMMUNE, "", "", "", "", ""]
    row[IMPORT_COLUMNS[field]] = value
    report = member_import(acting_user=None, scope=Scope.everything(), path=write_csv(tmp_path, [row]))
    assert [(r.column, r.code) for r in report.rejections] == [(field, code)]
    assert snapshot() == before


def test_an_overlong_profession_is_refused_by_the_form_and_the_api_but_imported_with_a_warning(
    official, world, tmp_path
):
    before = snapshot()
    form = {"card_number": "F-1", "first_name_ar": "يوسف", "gender": "m", "commune": COMMUNE, "profession": "p" * 121}
    page = official.post(reverse("members:create"), form)
    assert [e.code for e in page.context["form"].errors.as_data()["profession"]] == ["too_long"]
    assert_api_error(
        post_json(official, "/api/v1/members", {**MEMBER, "profession": "p" * 121}), 422, "too_long", "profession"
    )
    assert snapshot() == before
    # An import cannot ask: the member comes in, the profession cut to its column, the whole text in the report.
    row = ["F-2", "المرابط", "يوسف", "", "", "ذكر", "", "", "", COMMUNE, "", "", "p" * 121, "", ""]
    report = member_import(acting_user=None, scope=Scope.everything(), path=write_csv(tmp_path, [row]))
    assert (report.inserted, report.rejected, report.warned) == (1, 0, 1)
    (warning,) = report.warnings
    assert (warning.code, warning.problems[0].value) == ("too_long", "p" * 121)


def test_the_member_api_still_accepts_a_good_member(official, world):
    response = post_json(official, "/api/v1/members", {**MEMBER, "first_name_latin": "  Youssef  "})
    assert response.status_code == 201, response.content
    assert Member.objects.get(card_number="API-9").person.first_name_latin == "Youssef"


# ------------------------------------------------------------------------------------- one shape for every 4xx


def test_every_api_refusal_has_the_same_shape_in_the_readers_language(official, world):
    assert_api_error(official.get("/api/v1/members/999999"), 404, "not_found", None)
    assert_api_error(official.get("/api/v1/members/0"), 422, "invalid", "member_id")
    assert_api_error(official.get("/api/v1/territories/99.999"), 404, "not_found", None)
    assert_api_error(official.get("/api/v1/no-such-thing"), 404, "not_found", None)
    assert_api_error(official.get("/api/v1/members?youth=maybe"), 422, "invalid", "youth")
    missing = assert_api_error(post_json(official, "/api/v1/members", {"gender": "m"}), 422, "invalid")
    assert missing["field"] in ("card_number", "commune_code")
    empty = official.post("/api/v1/members", b"", content_type="application/json")
    assert_api_error(empty, 422, "invalid", None)  # no body at all: no single field is at fault
    wrong = post_json(official, "/api/v1/persons", {"first_name_ar": "س", "gender": "x"})
    assert_api_error(wrong, 422, "invalid", "gender")
    outside = {"first_name_ar": "س", "gender": "m", "commune_code": "03.531.01.05"}  # Taounate
    denied = post_json(official, "/api/v1/persons", outside)
    assert denied.status_code in (403, 404)
    assert_api_error(denied, denied.status_code)
    arabic = official.get("/api/v1/members/999999").json()["message"]
    official.cookies["django_language"] = "fr"
    french = official.get("/api/v1/members/999999").json()["message"]
    with translation.override("ar"):
        assert arabic == gettext("Nothing was found at this address.") != french
    assert_api_error(TanzimClient().get("/api/v1/bodies"), 401, "unauthenticated", None)
    assert_api_error(official.delete("/api/v1/members"), 405, "method_not_allowed", None)


def test_the_openapi_document_declares_the_error_shape_on_every_operation(official, world):
    schema = official.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "422"):
                assert status in operation["responses"], (method, path, status)
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/ApiError"}, (method, path, status)
    error = schema["components"]["schemas"]["ApiError"]
    assert set(error["properties"]) == ERROR_KEYS
