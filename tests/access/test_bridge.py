"""The bridge: a person who lives in the reader's province but also belongs higher up (a regional mandate, a mandate
in Taounate, a login with a grant). Records shared that way are where a scoped writer could reach beyond their
territory; every write route and operation is tried on the bridge and on every in-scope record, as the provincial
head, the branch head and the branch treasurer, and every table is compared before and after.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import get_resolver

from tanzim.access.authority import authority_for
from tanzim.access.capabilities import Capability
from tanzim.access.models import Account, Grant
from tanzim.access.services import grant_create
from tanzim.api.urls import api
from tanzim.members.importer import member_import
from tanzim.members.models import Member
from tanzim.organization.models import Body, Mandate, PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.people.footprint import footprint
from tanzim.people.models import Person
from tanzim.privacy.models import Erasure
from tanzim.territory.models import Territory
from tests.access.test_canary import concrete_urls, schema_value, walk
from tests.members.factories import make_member
from tests.members.test_import import write_csv
from tests.organization.factories import make_body

TETOUAN_COMMUNE = "01.571.01.11"
HELD_ON = dt.date(2025, 2, 1)


def seat(body, *pairs):
    office_renew(
        acting_user=None,
        body=body,
        held_on=HELD_ON,
        seats=[Seat(PositionType.objects.get(key=key), person) for key, person in pairs],
    )


def account(username, person):
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    Account.objects.create(user=user, person=person)
    return user


@pytest.fixture
def bridge_world(party):
    """Tétouan province and branch, the regional office above them, Taounate beside; and the bridge."""
    bureau = make_body("national_executive")
    region = make_body("regional_office", "01", parent=bureau)
    province = make_body("provincial_office", "01.571", parent=region)
    council = make_body("provincial_council", "01.571", parent=province)
    branch = make_body("local_office", TETOUAN_COMMUNE, parent=province)
    taounate = make_body("provincial_office", "03.531", parent=bureau)

    head = make_member("P-HEAD", first_ar="سعاد", last_ar="البحراوي", first_latin="Souad", last_latin="Bahraoui")
    branch_head = make_member("B-HEAD", first_ar="كريم", last_ar="الصقلي", first_latin="Karim", last_latin="Sqalli")
    treasurer = make_member("B-TRES", first_ar="نادية", last_ar="التازي", first_latin="Nadia", last_latin="Tazi")
    plain = make_member("PLAIN-1", first_ar="أمين", last_ar="العلمي", first_latin="Amine", last_latin="Alami")
    plain2 = make_member("PLAIN-2", first_ar="أمين", last_ar="العلمي", first_latin="Amine", last_latin="Alami")
    # The bridge lives in Tétouan: deputy head of the regional office, advisor in Taounate, a login and a grant.
    bridge = make_member(
        "BRIDGE-1", first_ar="رشيد", last_ar="الجسري", first_latin="Rachid", last_latin="Jisri", cin="BJ112233"
    )
    # A member of the provincial council: inside the province, above the branch.
    councillor = make_member("COUNCIL-1", first_ar="هند", last_ar="المجلسي", first_latin="Hind", last_latin="Majlisi")

    seat(
        region, ("head", make_member("R-HEAD", first_ar="عمر", last_ar="الجهوي").person), ("deputy_head", bridge.person)
    )
    seat(province, ("head", head.person))
    seat(branch, ("head", branch_head.person), ("treasurer", treasurer.person))
    seat(council, ("head", head.person), ("member", councillor.person))
    seat(
        taounate, ("head", make_member("T-HEAD", first_ar="زمردة", last_ar="الكناريكي", commune="03.531.01.05").person)
    )
    Mandate.objects.create(
        body=taounate,
        person=bridge.person,
        position_type=PositionType.objects.get(key="advisor"),
        single_holder=False,
        start_date=HELD_ON,
    )
    bridge_user = account("bridge", bridge.person)
    grant = grant_create(
        acting_user=None,
        user=bridge_user,
        territory=Territory.objects.get(code="01"),
        capabilities=[Capability.READ, Capability.MEMBERS_WRITE],
        starts_on=dt.date(2025, 1, 1),
    )
    readers = {
        "provincial head": account("p-head", head.person),
        "branch head": account("b-head", branch_head.person),
        "branch treasurer": account("b-treasurer", treasurer.person),
    }
    return {
        "region": region,
        "province": province,
        "council": council,
        "branch": branch,
        "taounate": taounate,
        "bridge": bridge,
        "bridge_user": bridge_user,
        "grant": grant,
        "councillor": councillor,
        "plain": plain,
        "plain2": plain2,
        "own": [head, branch_head, treasurer, plain, plain2],
        "readers": readers,
    }


def names(member) -> tuple:
    p = Person.objects.get(pk=member.person_id)
    return p.first_name_ar, p.last_name_ar, p.first_name_latin, p.last_name_latin, p.cin


def provincial_head(world, login):
    return login(world["readers"]["provincial head"])


# ---------------------------------------------------------------------------------------- findings 1 to 3, named


def test_finding_1_merging_away_a_regional_deputy_head_is_refused_and_moves_nothing(bridge_world, login):
    client = provincial_head(bridge_world, login)
    reader = bridge_world["readers"]["provincial head"]
    head_member, bridge = bridge_world["own"][0], bridge_world["bridge"]
    before = authority_for(reader).scopes
    mandates = sorted(Mandate.objects.values_list("pk", "person_id", "body_id"))

    into_her = client.post(f"/members/{head_member.pk}/merge/{bridge.pk}/", follow=True)
    into_bridge = client.post(f"/members/{bridge.pk}/merge/{head_member.pk}/", follow=True)

    text = into_her.content.decode()
    assert "هذا الشخص تابع لهيئة أعلى" in text
    assert "هذا الشخص تابع لهيئة أعلى" in into_bridge.content.decode()
    assert Member.objects.filter(pk__in=[bridge.pk, head_member.pk]).count() == 2
    assert sorted(Mandate.objects.values_list("pk", "person_id", "body_id")) == mandates
    assert authority_for(reader).scopes == before
    assert client.get(f"/bodies/{bridge_world['region'].pk}/").status_code == 404
    # Two plain members of her province still merge.
    plain, plain2 = bridge_world["plain"], bridge_world["plain2"]
    assert client.post(f"/members/{plain.pk}/merge/{plain2.pk}/").status_code == 302
    assert not Member.objects.filter(pk=plain2.pk).exists()


def test_finding_2_no_login_for_a_person_whose_authority_is_wider_than_the_creators(bridge_world, login):
    # The bridge's login is closed and its account gone: the person still holds the regional mandate.
    Account.objects.filter(person=bridge_world["bridge"].person).delete()
    client = provincial_head(bridge_world, login)

    answer = client.post("/accounts/people/", {"username": "rachid", "person": "BRIDGE-1"})

    assert answer.status_code == 200
    assert "هذا الشخص تابع لهيئة أعلى" in answer.content.decode()
    assert not get_user_model().objects.filter(username="rachid").exists()
    # A member of her province with no place elsewhere gets one (and no password chosen by her).
    made = client.post("/accounts/people/", {"username": "amine", "person": "PLAIN-1"})
    assert made.status_code == 200 and not get_user_model().objects.get(username="amine").has_usable_password()


def test_finding_3_the_shared_person_is_not_renamed_erased_or_closed_from_below(bridge_world, login):
    bridge, councillor = bridge_world["bridge"], bridge_world["councillor"]
    before, council_before = names(bridge), names(councillor)
    client = provincial_head(bridge_world, login)
    form = {
        "first_name_ar": "مخترق",
        "last_name_ar": "مخترق",
        "gender": "m",
        "commune": TETOUAN_COMMUNE,
        "card_number": "BRIDGE-1",
    }

    edit = client.post(f"/members/{bridge.pk}/edit/", form)
    erase = client.post(f"/privacy/members/{bridge.pk}/erase/", {"card_number": "BRIDGE-1", "reason": "request"})
    close = client.post(f"/accounts/people/{Account.objects.get(user=bridge_world['bridge_user']).pk}/close/")
    # The branch head cannot read the provincial council, nor rename its member who lives in his commune.
    branch = login(bridge_world["readers"]["branch head"])
    council_page = branch.get(f"/bodies/{bridge_world['council'].pk}/")
    council_edit = branch.post(f"/members/{councillor.pk}/edit/", {**form, "card_number": "COUNCIL-1"})

    assert edit.status_code == 200 and "هذا الشخص تابع لهيئة أعلى" in edit.content.decode()
    assert 'value="مخترق"' in edit.content.decode()  # the refused form keeps what was typed
    assert erase.status_code == 200 and "هذا الشخص تابع لهيئة أعلى" in erase.content.decode()
    assert names(bridge) == before and not Erasure.objects.exists()
    assert close.status_code == 302 and bridge_world["bridge_user"].__class__.objects.get(username="bridge").is_active
    assert council_page.status_code == 404
    assert council_edit.status_code == 200 and names(councillor) == council_before
    # Her own plain member is still hers to correct.
    plain = bridge_world["plain"]
    ok = client.post(f"/members/{plain.pk}/edit/", {**form, "card_number": "PLAIN-1", "first_name_ar": "أمينة"})
    assert ok.status_code == 302 and names(plain)[0] == "أمينة"


def test_the_footprint_reads_every_place_a_person_holds(bridge_world):
    reach = footprint(bridge_world["bridge"].person_id)
    assert reach.paths == frozenset({"01/"}) | {"03/03.531/"}
    assert footprint(bridge_world["plain"].person_id).paths == frozenset({"01/01.571/01.571.01.11/"})


# ------------------------------------------------------------------------------------------ the hostile walk

SKIPPED_TABLES = {
    "audit.auditentry",  # every request appends to it
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
}


def _row(obj_values: dict, model) -> tuple:
    return tuple(
        v for k, v in sorted(obj_values.items()) if not (model._meta.label_lower == "auth.user" and k == "last_login")
    )


def snapshot() -> dict:
    """Every row of every table, as plain values."""
    out = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SKIPPED_TABLES or label.startswith(("axes.", "otp_", "django_otp")):
            continue
        out[label] = {row["pk"] if "pk" in row else row["id"]: _row(row, model) for row in _values(model)}
    return out


def _values(model):
    pk = model._meta.pk.attname
    for row in model._base_manager.values():
        row["pk"] = row[pk]
        yield row


def inside(scope) -> set[tuple[str, object]]:
    """The rows a writer with `scope` may change: persons whose whole footprint it covers (names, identity), member
    entries it covers and what hangs on them (status, profile, consents), bodies it covers and their mandates and
    renewals, logins of persons inside."""
    persons = {pk for pk in Person.objects.values_list("pk", flat=True) if scope.contains(footprint(pk))}
    members = {pk for pk, path in Member.objects.values_list("pk", "path") if scope.covers(path or None)}
    bodies = {b.pk for b in Body.objects.select_related("territory") if b.path and scope.covers(b.path)}
    keys = {("people.person", pk) for pk in persons} | {("members.member", pk) for pk in members}
    keys |= {("organization.body", pk) for pk in bodies}
    for model in apps.get_models():
        label = model._meta.label_lower
        fields = {f.name: f for f in model._meta.fields}
        if "member" in fields and fields["member"].is_relation:
            keys |= {
                (label, pk) for pk in model._base_manager.filter(member_id__in=members).values_list("pk", flat=True)
            }
        if "body" in fields and fields["body"].is_relation:
            keys |= {(label, pk) for pk in model._base_manager.filter(body_id__in=bodies).values_list("pk", flat=True)}
        if label == "members.duplicateflag":
            both = model._base_manager.filter(first_id__in=members, second_id__in=members)
            keys |= {(label, pk) for pk in both.values_list("pk", flat=True)}
    for acc in Account.objects.filter(person_id__in=persons):
        keys |= {("access.account", acc.pk), ("auth.user", acc.user_id)}
    return keys


def changed_outside(before: dict, after: dict, allowed: set) -> list:
    found = []
    for label in before.keys() | after.keys():
        old, new = before.get(label, {}), after.get(label, {})
        for pk in old.keys() | new.keys():
            if old.get(pk) != new.get(pk) and (label, pk) not in allowed:
                found.append((label, pk, old.get(pk), new.get(pk)))
    return found


def hostile_form(world) -> dict:
    bridge = world["bridge"]
    return {
        "status": "resigned",
        "note": "x",
        "card_number": bridge.card_number,
        "confirm": bridge.card_number,
        "reason": "x",
        "commune": TETOUAN_COMMUNE,
        "first_name_ar": "مخترق",
        "last_name_ar": "مخترق",
        "gender": "m",
        "username": "hostile",
        "password1": "a-long-enough-password-71",
        "password2": "a-long-enough-password-71",
        "held_on": "01/01/2025",
        "seat-TOTAL_FORMS": "1",
        "seat-INITIAL_FORMS": "0",
        "seat-MIN_NUM_FORMS": "0",
        "seat-MAX_NUM_FORMS": "1000",
        "seat-0-position_type": str(PositionType.objects.get(key="head").pk),
        "seat-0-person": str(bridge.person_id),
        "kind": "co_option",
        "framed_by": [str(pk) for pk in Mandate.objects.filter(person=bridge.person).values_list("pk", flat=True)],
        "end-mandate": str(Mandate.objects.filter(person=bridge.person).values_list("pk", flat=True).first()),
        "end-end_date": "01/01/2025",
        "end-reason": "resigned",
        "consent-purpose": "registry",
        "consent-channel": "paper",
        "consent-given_on": "01/01/2025",
        "purpose": "registry",
        "channel": "paper",
        "given_on": "01/01/2025",
    }


def target_ids(world) -> tuple[set[int], set[int]]:
    bridge, councillor = world["bridge"], world["councillor"]
    shared = {
        bridge.pk,
        bridge.person_id,
        councillor.pk,
        councillor.person_id,
        world["region"].pk,
        world["council"].pk,
        world["taounate"].pk,
        world["grant"].pk,
        world["bridge_user"].pk,
        Account.objects.get(user=world["bridge_user"]).pk,
    }
    shared |= set(Mandate.objects.filter(person=bridge.person).values_list("pk", flat=True))
    own = {world["own"][3].pk, world["own"][0].pk, world["branch"].pk}
    return shared, own


@pytest.mark.parametrize("role", ["provincial head", "branch head", "branch treasurer"])
def test_no_write_route_or_operation_changes_anything_beyond_the_reader(bridge_world, login, role):
    reader = bridge_world["readers"][role]
    client = login(reader)
    scope = authority_for(reader).scope()
    allowed = inside(scope)
    users = list(get_user_model().objects.all())
    authorities = {u.pk: authority_for(u).scopes for u in users}
    before = snapshot()
    shared, own = target_ids(bridge_world)
    form = hostile_form(bridge_world)
    posted = 0

    for route, name in walk(get_resolver().url_patterns):
        if "<" not in route or name == "logout" or route.startswith("admin/"):
            continue
        for url in concrete_urls(route, name, shared, own):
            if client.session.get("_auth_user_id") != str(reader.pk):
                client.force_login(reader)
            client.post(url, form)
            posted += 1
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    components = schema.get("components", {}).get("schemas", {})
    canary = {"member": bridge_world["bridge"], "branch": bridge_world["region"]}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("post", "put", "patch", "delete"):
                continue
            path_params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            body = {}
            if "requestBody" in operation:
                body_schema = next(iter(operation["requestBody"]["content"].values()))["schema"]
                body = schema_value(body_schema, "", components, canary)
            for combo in itertools.product(*[sorted(shared | own) for _ in path_params]):
                url = path
                for pname, value in zip(path_params, combo, strict=True):
                    url = url.replace("{" + pname + "}", str(value))
                getattr(client, method)(url, json.dumps(body), content_type="application/json")
                posted += 1

    after = snapshot()
    outside = changed_outside(before, after, allowed | inside(scope))
    assert [(label, pk) for label, pk, _old, _new in outside] == [], outside
    assert posted > 100
    for user in users:
        assert authority_for(user).scopes == authorities[user.pk], user.username
    for user in get_user_model().objects.exclude(pk__in=[u.pk for u in users]):
        assert scope.contains(authority_for(user).scope()) and not user.has_usable_password()
    # The bridge is whole: names, mandates, login and grant.
    assert names(bridge_world["bridge"])[:2] == ("رشيد", "الجسري")
    assert Mandate.objects.filter(person=bridge_world["bridge"].person, end_date__isnull=True).count() == 2
    assert get_user_model().objects.get(username="bridge").is_active
    assert Grant.objects.get(pk=bridge_world["grant"].pk).ends_on is None


def test_a_provincial_file_does_not_rename_the_regional_deputy_head_but_corrects_its_own_members(
    bridge_world, tmp_path
):
    reader = bridge_world["readers"]["provincial head"]
    authority = authority_for(reader)
    scope = authority.scope(Capability.MEMBERS_WRITE).intersection(authority.scope(Capability.PERSONAL_DATA))
    row = ["", "مخترق", "مخترق", "", "", "ذكر", "", "", "", TETOUAN_COMMUNE, "", "", "مهندس", "", ""]
    plain = bridge_world["plain"].person
    own = ["PLAIN-1", plain.last_name_ar, plain.first_name_ar, *row[3:]]
    path = write_csv(tmp_path, [["BRIDGE-1", *row[1:]], own])

    report = member_import(acting_user=reader, scope=scope, path=path)

    assert (report.updated, report.rejected) == (1, 1)
    (refused,) = report.rejections
    assert refused.row == 2 and refused.code == "person_beyond_scope"
    assert names(bridge_world["bridge"])[:2] == ("رشيد", "الجسري")
    bridge_world["plain"].refresh_from_db()
    assert bridge_world["plain"].profession == "مهندس"


# ------------------------------------------------------------------- a hostile review's findings, each a test


def _activation_path(page: str) -> str:
    import re

    return re.search(r"http://testserver(/accounts/activate/[^<\s]+/)", page).group(1)


def test_a_login_activated_by_its_creator_opens_nothing_beyond_her_territory_even_once_seated_higher(
    bridge_world, login, client
):
    from tanzim.organization.services import Seat, office_renew

    head = login(bridge_world["readers"]["provincial head"])
    page = head.post("/accounts/people/", {"username": "crony", "person": "PLAIN-1"}).content.decode()
    link = _activation_path(page)
    head.logout()
    # She uses the link herself…
    assert (
        client.post(link, {"new_password1": "crony-pass-2026-x", "new_password2": "crony-pass-2026-x"}).status_code
        == 302
    )
    crony = get_user_model().objects.get(username="crony")
    # …and the region later seats the person as an advisor of the regional office.
    region = bridge_world["region"]
    current = [Seat(m.position_type, m.person) for m in Mandate.objects.filter(body=region, end_date__isnull=True)]
    office_renew(
        acting_user=None,
        body=region,
        held_on=dt.date(2025, 6, 1),
        seats=[*current, Seat(PositionType.objects.get(key="advisor"), bridge_world["plain"].person)],
    )

    authority = authority_for(crony)
    assert authority.scope().paths == frozenset({"01/01.571/"})  # the creator's territory, not the region
    as_crony = login(crony)
    assert as_crony.get(f"/bodies/{region.pk}/").status_code == 404
    assert (
        "الكتابة" in as_crony.get("/accounts/me/").content.decode() or as_crony.get("/accounts/me/").status_code == 200
    )

    # A higher official lifts the ceiling with a new link: the old password stops working.
    regional = account(
        "regional-head", Mandate.objects.get(body=region, position_type__key="head", end_date__isnull=True).person
    )
    lifted = login(regional).post(f"/accounts/people/{crony.account.pk}/link/")
    assert lifted.status_code == 200 and "/accounts/activate/" in lifted.content.decode()
    crony.refresh_from_db()
    assert not crony.has_usable_password()
    assert authority_for(crony).ceiling.paths == frozenset({"01/"})


def test_an_official_cannot_take_over_a_login_a_higher_body_gave(bridge_world, login):
    from tanzim.access.services import account_create
    from tanzim.territory.scope import Scope

    pending = account_create(
        acting_user=None, scope=Scope.everything(), username="future-regional", person=bridge_world["plain"].person
    )
    head = login(bridge_world["readers"]["provincial head"])

    answer = head.post(f"/accounts/people/{pending.pk}/link/", follow=True)

    assert "هذا الحساب أعطته هيئة أعلى" in answer.content.decode()
    assert "/accounts/activate/" not in answer.content.decode()


def test_the_status_profile_and_consents_of_a_person_held_above_are_not_changed_from_below(bridge_world, login):
    bridge = bridge_world["bridge"]
    head = login(bridge_world["readers"]["provincial head"])

    head.post(f"/members/{bridge.pk}/status/", {"status": "resigned"})
    head.post(f"/members/{bridge.pk}/union/add/", {"union-union": "نقابة", "union-level": "local"})
    head.post(
        f"/members/{bridge.pk}/elected/add/", {"elected-office": "communal_councillor", "elected-term_start": "2021"}
    )
    head.post(
        f"/privacy/members/{bridge.pk}/consents/",
        {"consent-purpose": "registry", "consent-channel": "paper", "consent-given_on": "01/01/2025"},
    )

    member = Member.objects.get(pk=bridge.pk)
    assert member.status != "resigned"
    assert not member.unions.exists() and not member.elected.exists() and not member.consents.exists()


def test_retention_never_erases_a_sitting_official(bridge_world):
    from tanzim.privacy.services import retention_due

    Member.objects.filter(pk=bridge_world["bridge"].pk).update(status="resigned", status_since=dt.date(2010, 1, 1))
    Member.objects.filter(pk=bridge_world["plain"].pk).update(status="resigned", status_since=dt.date(2010, 1, 1))

    due = set(retention_due(years=5).values_list("pk", flat=True))

    assert bridge_world["plain"].pk in due and bridge_world["bridge"].pk not in due


def test_a_renewal_does_not_seat_a_person_held_above_nor_is_made_by_the_office_itself(bridge_world, login):
    head = login(bridge_world["readers"]["provincial head"])
    branch, province, plain = bridge_world["branch"], bridge_world["province"], bridge_world["plain"]
    seats = [
        {"position": "head", "person_id": bridge_world["own"][1].person_id},
        {"position": "advisor", "person_id": bridge_world["bridge"].person_id},
    ]

    seated = head.post(
        f"/api/v1/bodies/{branch.pk}/renewals",
        json.dumps({"held_on": "2025-06-01", "seats": seats}),
        content_type="application/json",
    )
    own_office = head.post(
        f"/api/v1/bodies/{province.pk}/renewals",
        json.dumps({"held_on": "2025-06-01", "seats": [{"position": "head", "person_id": plain.person_id}]}),
        content_type="application/json",
    )
    own_page = head.get(f"/bodies/{province.pk}/renew/")

    assert seated.status_code == 403 and seated.json()["code"] == "person_beyond_scope"
    assert not Mandate.objects.filter(body=branch, person=bridge_world["bridge"].person).exists()
    assert own_office.status_code == 403 and own_page.status_code == 403
    assert "يُجدَّد المكتب تحت سلطة هيئة أعلى منه" in own_page.content.decode()
    # The same renewal without the regional official goes through.
    fine = head.post(
        f"/api/v1/bodies/{branch.pk}/renewals",
        json.dumps({"held_on": "2025-06-01", "seats": seats[:1]}),
        content_type="application/json",
    )
    assert fine.status_code == 201


def test_a_renewal_dated_the_day_the_current_office_began_is_refused(bridge_world, login):
    head = login(bridge_world["readers"]["provincial head"])
    branch, branch_head_person = bridge_world["branch"], bridge_world["own"][1].person_id
    before = sorted(Mandate.objects.filter(body=branch).values_list("pk", "end_date"))

    answer = head.post(
        f"/api/v1/bodies/{branch.pk}/renewals",
        json.dumps(
            {
                "held_on": HELD_ON.isoformat(),
                "seats": [{"position": "head", "person_id": branch_head_person}],
            }
        ),
        content_type="application/json",
    )

    assert answer.status_code == 422 and answer.json()["code"] == "date_not_after_last_renewal"
    assert sorted(Mandate.objects.filter(body=branch).values_list("pk", "end_date")) == before


def test_a_superscript_digit_in_the_rows_parameter_is_no_server_error(bridge_world, login):
    head = login(bridge_world["readers"]["provincial head"])
    assert head.get(f"/bodies/{bridge_world['branch'].pk}/renew/?rows=²").status_code == 200


def test_a_login_given_twice_at_once_is_refused_with_a_reason_not_a_server_error(bridge_world):
    from django.core.exceptions import ValidationError

    from tanzim.access.services import account_create
    from tanzim.territory.scope import Scope

    person = bridge_world["plain"].person
    account_create(acting_user=None, scope=Scope.everything(), username="first", person=person)
    with pytest.raises(ValidationError) as taken:
        account_create(
            acting_user=None, scope=Scope.everything(), username="first", person=bridge_world["plain2"].person
        )
    with pytest.raises(ValidationError) as has_one:
        account_create(acting_user=None, scope=Scope.everything(), username="second", person=person)
    assert "username" in taken.value.message_dict and "card_number" in has_one.value.message_dict


def test_an_import_waiting_in_the_queue_runs_within_its_uploaders_responsibilities_of_the_day(
    bridge_world, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tanzim.members.jobs import import_job_create, import_job_run
    from tanzim.members.models import ImportStatus

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    reader = bridge_world["readers"]["provincial head"]
    scope = authority_for(reader).scope(Capability.MEMBERS_WRITE)
    body = "رقم البطاقة,الاسم,الجنس,الجماعة\nLATE-1,سعيد,ذكر,01.571.01.11\n".encode()
    job = import_job_create(acting_user=reader, scope=scope, upload=SimpleUploadedFile("late.csv", body))
    # Her mandate ends before the worker takes the job.
    Mandate.objects.filter(person=bridge_world["own"][0].person).update(end_date=dt.date(2025, 3, 1))

    import_job_run(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not Member.objects.filter(card_number="LATE-1").exists()
