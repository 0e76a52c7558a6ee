"""The canary: records in a province the reader does not cover never show, whatever the path asks for them.

A reader who heads the Tétouan provincial office (every capability, inside Tétouan) walks every URL pattern the
resolver knows and every operation of the OpenAPI document, with every identifier of the canary's records (and
of their own, mixed in: "merge my member with theirs") in each parameter, with GET and a hostile POST, and with
searches and filters aimed at the canary. Read: no answer (page, JSON, CSV, XLSX, PDF) holds a canary's name,
card, identity card, phone, body name or link. Write: after the whole walk, nothing in Taounate has changed and
nothing was added there. Counts: the pages without parameters are rendered before and after the canary exists and
must be identical. A new route or operation is walked the day it is written; a parameter this file has no values
for fails the test until it is given some.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import io
import itertools
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from tanzim.access.capabilities import Capability
from tanzim.access.models import Account, Grant
from tanzim.access.services import grant_create
from tanzim.api.urls import api
from tanzim.audit.models import AuditEntry
from tanzim.members.models import DuplicateFlag, ElectedMandate, ImportJob, Member, UnionAffiliation
from tanzim.members.services import member_elected_add, member_set_status, member_union_add
from tanzim.organization.models import Body, Mandate, PositionType, Renewal
from tanzim.organization.services import Seat, office_renew
from tanzim.people.models import Person
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()

OWN_COMMUNE = "01.571.01.11"  # Tétouan
CANARY_PROVINCE = "03.531"  # Taounate
CANARY_COMMUNE = "03.531.01.05"
CANARY_PATH = "03/03.531/"

# What must never reach the reader: in either script, and the digits of the identity card and the phone.
MARKERS = (
    "زمردة",
    "الكناريكي",
    "Zumurruda",
    "Kanarikki",
    "CANARY-7731",
    "CANARY-7732",
    "ZK998877",
    "998877",
    "هيئة الكناري",
    "Bureau Canarikki",
    "نقابة الكناري",
    "canary-file",
)

# The apps born after the registry add their canary records from a module of their own, `tests/<app>/canary.py`:
#   records(canary, own_world) -> dict      its records in Taounate (kept as canary[<app>]), names from MARKERS
#   ids(canary) -> set[int]                 their identifiers, tried in every parameter
#   state() -> dict                         everything of the app in Taounate a write could change, as plain values
#   STRING_VALUES: dict[str, list[str]]     (optional) values for the app's non-identifier route parameters
CANARY_PARTS = [
    importlib.import_module(f"tests.{module.parent.name}.canary")
    for module in sorted((Path(__file__).resolve().parents[1]).glob("*/canary.py"))
]

# Parameters of routes and operations whose values are not identifiers: what to try in them.
STRING_VALUES = {
    "code": [OWN_COMMUNE, CANARY_COMMUNE, CANARY_PROVINCE, "03"],
    "fmt": ["csv", "xlsx", "json", "pdf"],
    "kind": ["union", "elected"],
    # Activation links: ids 1, 2 and one past 2^63 in base 64, a made-up and a malformed token.
    "uidb64": ["MQ", "Mg", "OTIyMzM3MjAzNjg1NDc3NTgwOTk", "%%%"],
    "token": ["cs2kqz-0123456789abcdef0123456789abcdef", "x"],
}
# Routes left out of the walk, and why.
for _part in CANARY_PARTS:
    STRING_VALUES.update(getattr(_part, "STRING_VALUES", {}))
NOT_WALKED = {
    "logout": "signs the reader out; every request signs in again anyway",
}


# ---------------------------------------------------------------------------------------------------- the worlds


def _seat(body, person, key="head", held_on=dt.date(2025, 2, 1)):
    return office_renew(
        acting_user=None, body=body, held_on=held_on, seats=[Seat(PositionType.objects.get(key=key), person)]
    )


@pytest.fixture
def own_world(party):
    """Tétouan: the reader heads the provincial office; a branch with one member of their own."""
    bureau = make_body("national_executive")
    province = make_body("provincial_office", "01.571", parent=bureau)
    branch = make_body("local_office", OWN_COMMUNE, parent=province)
    own = make_member(
        "OWN-0001",
        first_ar="سعاد",
        last_ar="البحراوي",
        first_latin="Souad",
        last_latin="Bahraoui",
        gender="f",
        phone="+212661223344",
        cin="L123456",
    )
    own_second = make_member("OWN-0002", first_ar="كريم", last_ar="الصقلي", first_latin="Karim", last_latin="Sqalli")
    reader_person = own_second.person
    _seat(province, reader_person)
    _seat(branch, own.person)
    reader = get_user_model().objects.create_user("tetouan-head", password="a-long-test-password")
    Account.objects.create(user=reader, person=reader_person)
    return {"bureau": bureau, "province": province, "branch": branch, "members": [own, own_second], "reader": reader}


def make_canary(own_world) -> dict:
    """Taounate: a body, its office and mandates, members with every kind of record, an import, a grant."""
    other_user = get_user_model().objects.create_user("taounate-head", password="a-long-test-password")
    province = make_body(
        "provincial_office",
        CANARY_PROVINCE,
        parent=own_world["bureau"],
        label_ar="هيئة الكناري",
        label_fr="Bureau Canarikki",
    )
    branch = make_body("local_office", CANARY_COMMUNE, parent=province)
    canary = make_member(
        "CANARY-7731",
        first_ar="زمردة",
        last_ar="الكناريكي",
        first_latin="Zumurruda",
        last_latin="Kanarikki",
        gender="f",
        commune=CANARY_COMMUNE,
        cin="ZK998877",
        phone="+212661998877",
        birth_date=dt.date(1990, 5, 17),
        profession="canary-file",
    )
    # Same identity card: a duplicate flag inside Taounate; same phone as a Tétouan member: a flag across both.
    twin = make_member(
        "CANARY-7732",
        first_ar="زمردة",
        last_ar="الكناريكي",
        first_latin="Zumurruda",
        last_latin="Kanarikki",
        gender="f",
        commune=CANARY_COMMUNE,
        cin="ZK998877",
    )
    Member.objects.filter(pk=canary.pk).update(local_body=branch)
    renewal = _seat(branch, canary.person)
    _seat(province, twin.person)
    member_union_add(
        acting_user=None, scope=EVERYTHING, member=canary, union="نقابة الكناري", level="provincial", position="كاتبة"
    )
    member_elected_add(
        acting_user=None,
        scope=EVERYTHING,
        member=canary,
        office="communal_councillor",
        territory=Territory.objects.get(code=CANARY_COMMUNE),
        term_start=2021,
        term_end=2026,
        head_of_list=True,
    )
    member_set_status(
        acting_user=None, scope=EVERYTHING, member=canary, status="suspended", since=dt.date(2025, 6, 1), note="canary"
    )
    own = own_world["members"][0]
    flag = DuplicateFlag.objects.create(first=own, second=canary, reason="phone")
    job = ImportJob.objects.create(
        created_by=other_user,
        scope_paths=[CANARY_PATH],
        filename="canary-file.csv",
        stored_as="/nonexistent",
        message="Kanarikki",
    )
    grant = grant_create(
        acting_user=None,
        user=other_user,
        territory=Territory.objects.get(code=CANARY_PROVINCE),
        capabilities=list(Capability.values),
        starts_on=dt.date(2025, 1, 1),
        reason="Kanarikki",
    )
    Account.objects.create(user=other_user, person=canary.person)
    made = {
        "province": province,
        "branch": branch,
        "member": Member.objects.get(pk=canary.pk),
        "twin": twin,
        "renewal": renewal,
        "flag": flag,
        "job": job,
        "grant": grant,
        "user": other_user,
    }
    for part in CANARY_PARTS:
        made[part.__name__.split(".")[1]] = part.records(made, own_world)
    return made


def canary_ids(canary) -> set[int]:
    member = canary["member"]
    ids = {
        member.pk,
        member.person_id,
        canary["twin"].pk,
        canary["twin"].person_id,
        canary["province"].pk,
        canary["branch"].pk,
        canary["renewal"].pk,
        canary["flag"].pk,
        canary["job"].pk,
        canary["grant"].pk,
        canary["user"].pk,
    }
    ids |= set(Mandate.objects.filter(body__territory__path__startswith=CANARY_PATH).values_list("pk", flat=True))
    ids |= set(member.unions.values_list("pk", flat=True)) | set(member.elected.values_list("pk", flat=True))
    ids |= set(member.status_history.values_list("pk", flat=True))
    ids |= set(AuditEntry.objects.filter(territory_path__startswith=CANARY_PATH).values_list("pk", flat=True)[:5])
    for part in CANARY_PARTS:
        ids |= part.ids(canary)
    return ids


def own_ids(own_world) -> set[int]:
    members = own_world["members"]
    return {m.pk for m in members} | {m.person_id for m in members} | {own_world["branch"].pk}


def taounate_state() -> dict:
    """Everything in Taounate a write could change, as plain values."""
    inside = {"commune__path__startswith": CANARY_PATH}
    return {
        "persons": sorted(
            Person.objects.filter(**inside).values_list(
                "pk",
                "first_name_ar",
                "last_name_ar",
                "first_name_latin",
                "last_name_latin",
                "cin",
                "phone",
                "birth_date",
                "address",
            )
        ),
        "members": sorted(
            Member.objects.filter(path__startswith=CANARY_PATH).values_list(
                "pk", "card_number", "status", "local_body_id", "path", "profession", "verified_on"
            )
        ),
        "unions": sorted(
            UnionAffiliation.objects.filter(member__path__startswith=CANARY_PATH).values_list("pk", "union")
        ),
        "elected": sorted(
            ElectedMandate.objects.filter(member__path__startswith=CANARY_PATH).values_list("pk", "term_end")
        ),
        "bodies": sorted(
            Body.objects.filter(territory__path__startswith=CANARY_PATH).values_list("pk", "status", "label_ar")
        ),
        "mandates": sorted(
            Mandate.objects.filter(body__territory__path__startswith=CANARY_PATH).values_list(
                "pk", "person_id", "end_date", "position_type_id"
            )
        ),
        "renewals": Renewal.objects.filter(body__territory__path__startswith=CANARY_PATH).count(),
        # A flag pairing a Tétouan member with a Taounate one goes when the reader merges their own member away.
        "flags": sorted(
            DuplicateFlag.objects.filter(
                first__path__startswith=CANARY_PATH, second__path__startswith=CANARY_PATH
            ).values_list("pk", "status")
        ),
        "grants": sorted(Grant.objects.filter(territory__path__startswith=CANARY_PATH).values_list("pk", "ends_on")),
        "users": sorted(get_user_model().objects.filter(username="taounate-head").values_list("pk", "is_active")),
    } | {part.__name__.split(".")[1]: part.state() for part in CANARY_PARTS}


# ------------------------------------------------------------------------------------------------ the requests

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def walk(patterns, prefix=""):
    """(route, name) of every URL pattern, nested includes flattened."""
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            yield route, p.name or route


def values_for(converter: str, name: str, ids: list[int], route: str) -> list[str]:
    if converter in ("int", "id") or name.endswith("_id") or name in ("pk", "id"):
        return [str(i) for i in ids]
    if name in STRING_VALUES:
        return STRING_VALUES[name]
    pytest.fail(f"The canary walk has no values for parameter <{converter}:{name}> of {route}: add some.")


def concrete_urls(route: str, name: str, canary: set[int], own: set[int]) -> list[str]:
    if route.startswith("^") or "(?P<" in route:
        # Regular-expression routes (the admin's app index, static files): only the admin's, which are literal
        # choices; the reader is not an administrator, so its bare index stands for all of them.
        return []
    params = [(m["converter"] or "str", m["name"]) for m in PARAM.finditer(route)]
    ids = sorted(canary | own)
    if route.startswith("admin/"):
        # The admin refuses the reader at its door, whatever the row: one identifier per route says so.
        ids = sorted(canary)[:1]
    choices = [values_for(conv, pname, ids, route) for conv, pname in params]
    urls = []
    for combo in itertools.product(*choices):
        # Combinations of only the reader's own identifiers prove nothing here and would multiply the walk; a
        # route taking two identifiers (merge mine with theirs) is tried with one of each, in both orders.
        ints = [int(v) for v in combo if v.isdigit()]
        if ints and all(i in own and i not in canary for i in ints):
            continue
        if len(ints) == 2 and not ({ints[0], ints[1]} & own and {ints[0], ints[1]} & canary):
            continue
        url = route
        for value in combo:
            url = PARAM.sub(value, url, count=1)
        urls.append("/" + url.lstrip("^").rstrip("$"))
    return urls


def hostile_form(canary) -> dict:
    """A POST that would move, edit, merge, erase or renew the canary if any view forgot its scope."""
    member = canary["member"]
    return {
        "status": "resigned",
        "note": "x",
        "card_number": member.card_number,
        # The duplicates page's merge: the entry to keep, the canary itself.
        "keep": str(member.pk),
        "confirm": member.card_number,
        "reason": "x",
        "commune": CANARY_COMMUNE,
        "first_name_ar": "مخترق",
        "last_name_ar": "مخترق",
        "gender": "m",
        "union-union": "x",
        "elected-office": "communal_councillor",
        "elected-term_start": "2021",
        "held_on": "01/01/2025",
        # Who framed a renewal: the canary's provincial office holder; how persons are added between renewals.
        "framed_by": str(Mandate.objects.get(body=canary["province"]).pk),
        "kind": "co_option",
        # The views' own prefixes: the seats of a renewal or an addition ("seat"), the mandate to end ("end"), and
        # the consent form ("consent").
        "seat-TOTAL_FORMS": "1",
        "seat-INITIAL_FORMS": "0",
        "seat-MIN_NUM_FORMS": "0",
        "seat-MAX_NUM_FORMS": "1000",
        "seat-0-position_type": str(PositionType.objects.get(key="head").pk),
        "seat-0-person": str(member.person_id),
        "end-mandate": str(Mandate.objects.get(body=canary["branch"]).pk),
        "end-end_date": "01/01/2025",
        "end-reason": "resigned",
        "consent-purpose": "registry",
        "consent-channel": "paper",
        "consent-given_on": "01/01/2025",
        # A composition pasted on the renewal or co-option page (its own views read it): the canary's names spelt
        # as a press text might (folded to the same key by the name search, but not the markers themselves).
        "composition": "زمرده الكناريكى: كاتبة الفرع\nZumuruda Kanariki: membre\nالمستشارون: زمرده، الكناريكى",
    }


def schema_value(schema: dict, name: str, components: dict, canary, depth: int = 0):
    """A value for a request-body field, aimed at the canary where it names something."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        schema = next((s for s in schema["anyOf"] if s.get("type") != "null"), schema["anyOf"][0])
    kind = schema.get("type")
    lname = name.lower()
    if kind == "object" or "properties" in schema:
        if depth > 3:
            return {}
        return {k: schema_value(v, k, components, canary, depth + 1) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [schema_value(schema.get("items", {}), name, components, canary, depth + 1)]
    if kind == "integer":
        if "person" in lname:
            return canary["member"].person_id
        if "body" in lname or "supervis" in lname:
            return canary["branch"].pk
        if "position" in lname:
            return PositionType.objects.get(key="head").pk
        return canary["member"].pk
    if kind == "boolean":
        return False
    if schema.get("format") == "date" or "date" in lname or lname.endswith("_on"):
        return "2025-01-01"
    if "code" in lname or "commune" in lname or "territory" in lname:
        return CANARY_COMMUNE
    if "card" in lname:
        return canary["member"].card_number
    if lname == "gender":
        return "f"
    return "x"


def query_values(name: str, schema: dict, canary) -> list[str]:
    lname = name.lower()
    kind = schema.get("type") or next((s.get("type") for s in schema.get("anyOf", []) if s.get("type")), "")
    if kind == "integer":
        if "person" in lname:
            return [str(canary["member"].person_id)]
        if "body" in lname:
            return [str(canary["branch"].pk), str(canary["province"].pk)]
        return [str(canary["member"].pk)]
    if kind == "boolean":
        return ["true"]
    if lname in ("q", "text", "search", "name"):
        return ["Kanarikki", "زمردة الكناريكي", "ZK998877", "CANARY-7731"]
    if "territory" in lname or "code" in lname or "within" in lname:
        return [CANARY_COMMUNE, CANARY_PROVINCE]
    return []


SEARCHES = [
    {"q": "Kanarikki"},
    {"q": "زمردة الكناريكي"},
    {"q": "ZK998877"},
    {"q": "CANARY-7731"},
    {"territory": CANARY_PROVINCE},
    {"territory": CANARY_COMMUNE, "q": "Zumurruda"},
]


# --------------------------------------------------------------------------------------------- reading answers


def body_text(response) -> str:
    """What the reader receives, as text: pages and JSON as they are, XLSX cells, PDF text."""
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            return " ".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    if "pdf" in kind:
        from pypdf import PdfReader

        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
    if "json" in kind:
        # Escaped Arabic in JSON would hide a marker from a plain search.
        try:
            return json.dumps(json.loads(raw), ensure_ascii=False)
        except ValueError:
            pass
    return raw.decode("utf-8", errors="replace")


def leaks(text: str, canary, asked: str = "", query: dict | None = None) -> list[str]:
    """Canary markers and links in an answer. What the request itself carried (the path, echoed back in the
    language switch; a searched word, kept in the search box) is not a leak: that marker is not looked for."""
    encoded = quote(asked, safe="/:?=&")
    for echo in sorted({asked, html.escape(asked), encoded, html.escape(encoded)}, key=len, reverse=True):
        if echo:
            text = text.replace(echo, "")
    searched = " ".join(str(v) for v in (query or {}).values())
    found = [m for m in MARKERS if m in text and m not in searched]
    for pk in (canary["member"].pk, canary["twin"].pk):
        if re.search(rf"/members/{pk}/", text):
            found.append(f"link to canary member {pk}")
    for pk in (canary["province"].pk, canary["branch"].pk):
        if re.search(rf"/bodies/{pk}/", text):
            found.append(f"link to canary body {pk}")
    return found


CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def normalized(text: str) -> str:
    return CSRF.sub(r"\1…", text)


def signed_in(client, reader) -> None:
    """Sign the reader in again only when a request signed them out: the walk reads as them throughout."""
    if client.session.get("_auth_user_id") != str(reader.pk):
        client.force_login(reader)


# ------------------------------------------------------------------------------------------------------- tests


def test_the_walk_knows_a_value_for_every_parameter_of_every_route():
    for route, name in walk(get_resolver().url_patterns):
        concrete_urls(route, name, {1}, {2})


def _parameterless_pages() -> list[str]:
    urls = []
    for route, name in walk(get_resolver().url_patterns):
        if name in NOT_WALKED or "<" in route or route.startswith("^") or "(?P<" in route:
            continue
        if route.startswith(("admin/", "api/")) or "audit" in route:
            continue  # the admin refuses the reader; the API is compared below; the audit log grows as we read
        urls.append("/" + route)
    return urls


def test_counts_and_lists_do_not_change_when_the_canary_appears(own_world, client):
    """Every page without parameters, and the searches, read the same before and after Taounate fills."""
    reader = own_world["reader"]
    pages = _parameterless_pages()
    api_lists = ["/api/v1/bodies", "/api/v1/members", "/api/v1/persons", "/api/v1/mandates", "/api/v1/territories"]
    searches = ["/members/?" + "&".join(f"{k}={v}" for k, v in s.items()) for s in SEARCHES]
    targets = pages + api_lists + searches + ["/members/export.csv"]

    def read_all():
        client.force_login(reader)
        out = {}
        for url in targets:
            response = client.get(url)
            out[url] = (response.status_code, normalized(body_text(response)))
        return out

    before = read_all()
    make_canary(own_world)
    after = read_all()

    changed = [url for url in targets if before[url] != after[url]]
    assert changed == []
    # The walk reads real pages: the reader's own member is on the list they compare.
    assert "Bahraoui" in before["/api/v1/members"][1] or "البحراوي" in before["/api/v1/members"][1]
    assert before["/members/"][0] == 200


SHARDS = 4  # the walk is cut in four, so the suite's workers share it


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_route_shows_or_changes_the_canary(own_world, client, shard):
    canary = make_canary(own_world)
    reader = own_world["reader"]
    state = taounate_state()
    c_ids, o_ids = canary_ids(canary), own_ids(own_world)
    form = hostile_form(canary)
    found, walked, answered, names = [], 0, 0, set()

    # The audit log first: later, it holds the reader's own searches, and so the canary words the reader typed.
    routes = sorted(walk(get_resolver().url_patterns), key=lambda r: (r[0], r[1] or ""))[shard::SHARDS]
    routes.sort(key=lambda r: not r[0].startswith("audit"))
    for route, name in routes:
        if name in NOT_WALKED:
            continue
        requests = [(url, {}) for url in concrete_urls(route, name, c_ids, o_ids)]
        if "<" not in route and not route.startswith("^"):
            requests += [("/" + route, search) for search in SEARCHES]
        for url, query in requests:
            names.add(name)
            for method in ("get", "post"):
                signed_in(client, reader)
                if method == "post":
                    target = url + ("?" + urlencode(query) if query else "")
                    response = client.post(target, form)
                else:
                    response = client.get(url, query)
                walked += 1
                answered += response.status_code == 200
                sent = {**query, **form} if method == "post" else query  # a refused form keeps what was typed
                problems = leaks(body_text(response), canary, response.wsgi_request.get_full_path(), sent)
                if problems:
                    found.append((method.upper(), url, response.status_code, problems))

    assert found == []
    assert taounate_state() == state
    # Not a walk past closed doors: hundreds of requests, and the reader's own records answered.
    assert walked > 500 // SHARDS
    client.force_login(reader)
    assert client.get(f"/members/{own_world['members'][1].pk}/").status_code == 200  # the reader's own entry
    assert answered > 100 // SHARDS
    assert client.get(f"/members/{canary['member'].pk}/").status_code == 404


def test_no_api_operation_shows_or_changes_the_canary(own_world, client):
    canary = make_canary(own_world)
    reader = own_world["reader"]
    state = taounate_state()
    c_ids, o_ids = canary_ids(canary), own_ids(own_world)
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    components = schema.get("components", {}).get("schemas", {})
    found, operations = [], 0

    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            operations += 1
            params = operation.get("parameters", [])
            path_params = [p["name"] for p in params if p["in"] == "path"]
            ids = sorted(c_ids | o_ids)
            for combo in itertools.product(*[ids for _ in path_params]):
                if combo and all(i in o_ids and i not in c_ids for i in combo):
                    continue
                url = path
                for pname, value in zip(path_params, combo, strict=True):
                    url = url.replace("{" + pname + "}", str(value))
                queries = [{}]
                for p in params:
                    if p["in"] == "query":
                        queries += [{p["name"]: v} for v in query_values(p["name"], p.get("schema", {}), canary)]
                body = None
                if "requestBody" in operation:
                    content = operation["requestBody"]["content"]
                    body_schema = next(iter(content.values()))["schema"]
                    body = schema_value(body_schema, "", components, canary)
                for query in queries:
                    signed_in(client, reader)
                    if method == "get":
                        response = client.get(url, query)
                    else:
                        response = getattr(client, method)(
                            url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
                            json.dumps(body or {}),
                            content_type="application/json",
                        )
                    sent = {**query, "body": json.dumps(body, ensure_ascii=False)}  # a refusal may quote its input
                    problems = leaks(body_text(response), canary, response.wsgi_request.get_full_path(), sent)
                    if problems:
                        found.append((method.upper(), url, query, response.status_code, problems))

    assert found == []
    assert taounate_state() == state
    assert operations >= 10
    client.force_login(reader)
    assert client.get(f"/api/v1/bodies/{own_world['branch'].pk}").status_code == 200


def test_the_reader_cannot_create_anything_in_the_canary_province(own_world, client):
    canary = make_canary(own_world)
    before = taounate_state()
    client.force_login(own_world["reader"])

    page = client.post("/members/new/", {**hostile_form(canary), "card_number": "NEW-1", "first_name_latin": "New"})
    api_answer = client.post(
        "/api/v1/members",
        json.dumps({"card_number": "NEW-2", "first_name_latin": "New", "gender": "m", "commune_code": CANARY_COMMUNE}),
        content_type="application/json",
    )

    assert page.status_code in (200, 403, 404)  # the form again with its error, or a refusal
    assert api_answer.status_code in (403, 404, 422)
    assert taounate_state() == before
    assert not Member.objects.filter(card_number__in=["NEW-1", "NEW-2"]).exists()


def test_the_hostile_posts_reach_the_views_logic_not_only_their_form_checks(own_world, client):
    """The walk's hostile form speaks the views' own prefixes: seating the canary in the reader's own office, or
    adding them to it, is refused by the seat's own validation (the canary is no choice of theirs), as are the
    canary's mandate to end and its official as a framer; the consent part of the same form is valid enough to be
    recorded on the reader's own member."""
    canary = make_canary(own_world)
    client.force_login(own_world["reader"])
    own_member = own_world["members"][0]
    form = hostile_form(canary)
    branch = own_world["branch"]

    renewal = client.post(f"/bodies/{branch.pk}/renew/", form)
    added = client.post(f"/bodies/{branch.pk}/add/", form)
    ended = client.post(f"/bodies/{branch.pk}/end/", form)
    consent = client.post(f"/privacy/members/{own_member.pk}/consents/", form)

    page = renewal.content.decode()
    assert renewal.status_code == 200
    assert "ManagementForm" not in page and "management form" not in page.lower()
    assert 'name="seat-0-person"' in page and 'class="error"' in page  # refused at the seat, with the row kept
    framers = page.split('class="framers"', 1)[1].split("</fieldset>", 1)[0]
    assert 'class="error"' in framers  # the canary's official is no framer of the reader's renewal
    page = added.content.decode()
    assert added.status_code == 200 and "ManagementForm" not in page
    seat = page.split('name="seat-0-person"', 1)[1].split("</li>", 1)[0]
    assert 'class="error"' in seat
    page = ended.content.decode()
    assert ended.status_code == 200
    assert 'class="error"' in page.split('name="end-mandate"', 1)[1].split("</select>", 2)[1][:400]
    assert not Mandate.objects.filter(body=branch, end_date__isnull=False).exists()
    assert consent.status_code == 302
    assert own_member.consents.filter(purpose="registry", channel="paper").exists()


def test_the_pickers_never_suggest_the_canary(own_world, client):
    """The person and place pickers' suggestion endpoints, asked for the canary by every name, card and identity
    card, narrowed to its province or its commune, for every write and with "add a new person": no canary person
    and no place of Taounate is ever suggested; the reader's own persons and places are."""
    canary = make_canary(own_world)
    client.force_login(own_world["reader"])
    canary_people = {canary["member"].person_id, canary["twin"].person_id}
    texts = ["Kanarikki", "Kanariki", "Zumuruda", "زمردة", "الكناريكي", "زمرده الكناريكي", "CANARY-7731", "ZK998877"]
    found, asked = [], 0
    for text, within, purpose, new in itertools.product(
        texts, ["", CANARY_PROVINCE, CANARY_COMMUNE, "01.571", "03"], ["", "offices_write", "accounts"], ["", "1"]
    ):
        query = {"q": text, "within": within, "for": purpose, "new": new}
        response = client.get("/people/suggest/", query)
        asked += 1
        assert response.status_code == 200
        page = body_text(response)
        problems = leaks(page, canary, response.wsgi_request.get_full_path(), query)
        problems += [f"person {pk}" for pk in canary_people if f'data-value="{pk}"' in page]
        if problems:
            found.append((query, problems))
    for text, extra in itertools.product(
        ["تاونات", "Taounate", "Taou", CANARY_PROVINCE, CANARY_COMMUNE, "03"],
        [{}, {"above": "1"}, {"levels": "commune,arrondissement", "for": "members_write"}, {"within": "03.531"}],
    ):
        response = client.get("/territory/suggest/", {"q": text, **extra})
        asked += 1
        if 'data-value="03' in response.content.decode():
            found.append((text, extra, "a place of Taounate"))

    assert found == [] and asked > 250
    # Not a walk past a closed door: the reader's own member and their own province answer.
    own = own_world["members"][0]
    assert f'data-value="{own.person_id}"' in client.get("/people/suggest/", {"q": "Bahraoui"}).content.decode()
    assert 'data-value="01.571"' in client.get("/territory/suggest/", {"q": "Tétouan"}).content.decode()


def test_a_pasted_composition_never_finds_the_canary(own_world, client):
    """The paste views look names up through the picker's search: the canary's names pasted on the reader's own
    branch (renewal and co-option), in every spelling, find nobody: each row proposes a new person, and
    no canary id, card, identity card, birth year or place is drawn; nothing is written anywhere."""
    canary = make_canary(own_world)
    client.force_login(own_world["reader"])
    state = taounate_state()
    persons = Person.objects.count()
    canary_people = {canary["member"].person_id, canary["twin"].person_id}
    text = "\n".join(f"{name}: مستشار" for name in ("زمردة الكناريكي", "Zumurruda Kanarikki", "زمرده الكناريكى"))
    body = own_world["branch"]
    for page in ("renew", "add"):
        response = client.post(f"/bodies/{body.pk}/{page}/paste/", {"composition": text})
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('<details class="picker-new" open>') == 3  # three rows, each a new person
        assert not any(f'data-value="{pk}"' in html for pk in canary_people)
        for marker in ("CANARY-7731", "CANARY-7732", "ZK998877", "1990", "تاونات", "Taounate"):
            assert marker not in html
    assert taounate_state() == state and Person.objects.count() == persons
