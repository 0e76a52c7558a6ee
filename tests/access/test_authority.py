"""Authority is read off current mandates and grants: it starts and ends with them, nobody edits an account."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tanzim.access.authority import authority_for
from tanzim.access.capabilities import Capability
from tanzim.access.models import Account, PositionCapabilities
from tanzim.access.services import grant_create, grant_end
from tanzim.audit.models import AuditEntry
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.models import Territory
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory

TETOUAN = "01/01.571/"
TETOUAN_COMMUNE = "01.571.01.11"
TAOUNATE = "03/03.531/"


def account_for(person, username):
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    Account.objects.create(user=user, person=person)
    return user


@pytest.fixture
def structure(party):
    bureau = make_body("national_executive")
    province = make_body("provincial_office", "01.571", parent=bureau)
    council = make_body("provincial_council", "01.571", parent=province)
    branch = make_body("local_office", TETOUAN_COMMUNE, parent=province)
    return {"bureau": bureau, "province": province, "council": council, "branch": branch}


def seat(body, key, person, held_on=dt.date(2025, 3, 1)):
    """Renew the body's office with `person` in position `key` (and someone else at its head when needed)."""
    seats = [Seat(PositionType.objects.get(key=key), person)]
    if key != "head":
        seats.append(Seat(PositionType.objects.get(key="head"), PersonFactory()))
    office_renew(acting_user=None, body=body, held_on=held_on, seats=seats)


def test_a_provincial_head_reads_and_writes_the_province_only(structure):
    person = PersonFactory()
    user = account_for(person, "kateb")
    seat(structure["province"], "head", person)

    authority = authority_for(user)

    assert authority.scope().paths == frozenset({TETOUAN})
    assert not authority.is_national
    assert authority.can(Capability.MEMBERS_WRITE, TETOUAN + "01.571.01.11/")
    assert not authority.can(Capability.READ, TAOUNATE + "03.531.01.05/")
    assert not authority.can(Capability.READ, None)  # national records


def test_a_branch_treasurer_sees_personal_data_and_dues_but_does_not_edit_members(structure):
    person = PersonFactory()
    user = account_for(person, "treasurer")
    seat(structure["branch"], "treasurer", person)
    commune_path = Territory.objects.get(code=TETOUAN_COMMUNE).path

    authority = authority_for(user)

    assert authority.scope().paths == frozenset({commune_path})
    assert authority.can(Capability.PERSONAL_DATA, commune_path)
    assert authority.can(Capability.DUES, commune_path)
    assert not authority.can(Capability.MEMBERS_WRITE, commune_path)
    assert not authority.can(Capability.READ, TETOUAN)  # the province above is not the branch's


def test_authority_ends_with_the_mandate_when_the_office_is_renewed(structure):
    old, new = PersonFactory(), PersonFactory()
    user = account_for(old, "outgoing")
    seat(structure["branch"], "head", old, held_on=dt.date(2024, 1, 10))
    assert authority_for(user).can_somewhere(Capability.READ)

    # The renewal held today ends the outgoing head's mandate; nobody touches the account.
    seat(structure["branch"], "head", new, held_on=timezone.localdate())

    assert authority_for(user).is_empty
    assert authority_for(account_for(new, "incoming")).can_somewhere(Capability.MEMBERS_WRITE)


def test_a_council_seat_confers_no_authority(structure):
    person = PersonFactory()
    user = account_for(person, "councillor")
    seat(structure["council"], "member", person)

    assert authority_for(user).is_empty


def test_a_national_executive_mandate_reads_everything(structure):
    person = PersonFactory()
    user = account_for(person, "bureau")
    seat(structure["bureau"], "member", person)

    authority = authority_for(user)

    assert authority.is_national
    assert authority.can(Capability.READ, TAOUNATE)
    assert not authority.can(Capability.MEMBERS_WRITE, TAOUNATE)  # a member of the bureau reads


def test_the_party_can_change_what_a_position_may_do(structure):
    person = PersonFactory()
    user = account_for(person, "rapporteur")
    seat(structure["province"], "rapporteur", person)
    assert not authority_for(user).can(Capability.PERSONAL_DATA, TETOUAN)

    PositionCapabilities.objects.create(
        position_type=PositionType.objects.get(key="rapporteur"),
        capabilities=[Capability.READ, Capability.MINUTES, Capability.PERSONAL_DATA],
    )

    assert authority_for(user).can(Capability.PERSONAL_DATA, TETOUAN)


def test_a_grant_covers_its_territories_until_its_end_date_and_is_audited(party):
    user = get_user_model().objects.create_user("regional", password="a-long-test-password")
    today = timezone.localdate()
    for code in ("01.571", "03.531"):
        grant_create(
            acting_user=None,
            user=user,
            territory=Territory.objects.get(code=code),
            capabilities=[Capability.READ],
            starts_on=today - dt.timedelta(days=3),
            ends_on=today + dt.timedelta(days=30),
            reason="intérim",
        )
    assert authority_for(user).scope().paths == frozenset({TETOUAN, TAOUNATE})
    assert AuditEntry.objects.filter(action="grant.create", territory_path=TAOUNATE).count() == 1

    grant = user.grants.get(territory__code="03.531")
    grant_end(acting_user=None, grant=grant, on=today - dt.timedelta(days=1))

    assert authority_for(user).scope().paths == frozenset({TETOUAN})
    assert authority_for(user, today=today + dt.timedelta(days=31)).is_empty


def test_a_province_head_gets_404_for_another_province_and_200_for_his_own(structure, client):
    taounate = make_body("provincial_office", "03.531", parent=structure["bureau"])
    person = PersonFactory()
    user = account_for(person, "tetouan")
    seat(structure["province"], "head", person)
    client.force_login(user)

    assert client.get(f"/bodies/{structure['branch'].pk}/").status_code == 200
    assert client.get(f"/bodies/{taounate.pk}/").status_code == 404
    assert client.get(f"/bodies/{structure['bureau'].pk}/").status_code == 404


def test_an_account_without_any_authority_sees_nothing(party, client):
    make_body("provincial_office", "01.571", parent=make_body("national_executive"))
    user = get_user_model().objects.create_user("nobody", password="a-long-test-password")
    client.force_login(user)

    page = client.get("/bodies/")

    assert page.status_code == 200
    assert "01.571" not in page.content.decode()
    assert client.get("/api/v1/bodies").json() == []


def test_account_changes_made_in_the_admin_are_audited_without_the_password(client_ar, admin_user):
    response = client_ar.post(
        "/admin/auth/user/add/",
        {"username": "new-secretary", "password1": "a-long-new-password-77", "password2": "a-long-new-password-77"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="account.create")
    assert entry.actor == admin_user
    assert entry.changes.get("username") == "new-secretary"
    assert "a-long-new-password-77" not in str(entry.changes)


def test_the_admin_is_refused_to_a_secretary_who_is_not_the_platform_administrator(structure, client):
    person = PersonFactory()
    user = account_for(person, "staff-secretary")
    user.is_staff = True
    user.save()
    seat(structure["province"], "head", person)
    client.force_login(user)

    assert client.get("/admin/members/member/").status_code == 302  # to the admin's login, no list


def test_the_administrator_ticks_what_a_position_may_do(client_ar, party):
    treasurer = PositionType.objects.get(key="treasurer")

    response = client_ar.post(
        "/admin/access/positioncapabilities/add/",
        {"position_type": treasurer.pk, "capabilities": [Capability.READ, Capability.DUES]},
    )

    assert response.status_code == 302
    assert PositionCapabilities.objects.get(position_type=treasurer).capabilities == ["read", "dues"]
    assert "أمين المال" in client_ar.get("/admin/access/positioncapabilities/").content.decode()


def test_scopes_intersect_at_the_deeper_path():
    from tanzim.territory.scope import Scope

    province, commune, other = "01/01.571/", "01/01.571/01.571.01.11/", "03/03.531/"
    assert Scope.of(province, other).intersection(Scope.of(commune)) == Scope.of(commune)
    assert Scope.everything().intersection(Scope.of(province)) == Scope.of(province)
    assert Scope.of(province).intersection(Scope.of(other)) == Scope.nothing()
    assert Scope.everything().intersection(Scope.everything()) == Scope.everything()


def test_a_write_made_through_a_page_records_the_address_it_came_from(structure, client):
    from tests.members.factories import make_member

    person = PersonFactory()
    user = account_for(person, "kateb-address")
    seat(structure["province"], "head", person)
    member = make_member("ADR-1", first_latin="Nadia", last_latin="Tazi")
    client.force_login(user)

    client.post(f"/members/{member.pk}/status/", {"status": "lapsed"}, REMOTE_ADDR="198.51.100.23")
    client.get(f"/members/{member.pk}/", REMOTE_ADDR="198.51.100.24")

    changed = AuditEntry.objects.get(action="member.update", target_id=str(member.pk), actor=user)
    viewed = AuditEntry.objects.get(action="member.view", target_id=str(member.pk), actor=user)
    assert (changed.address, viewed.address) == ("198.51.100.23", "198.51.100.24")
    assert changed.territory_path == TETOUAN + "01.571.01.11/"


def test_a_scope_contains_another_when_it_covers_all_of_it():
    from tanzim.territory.scope import Scope

    province, commune, other = "01/01.571/", "01/01.571/01.571.01.11/", "03/03.531/"
    assert Scope.of(province).contains(Scope.of(commune))
    assert not Scope.of(commune).contains(Scope.of(province))
    assert not Scope.of(province).contains(Scope.of(commune, other))
    assert Scope.everything().contains(Scope.of(other, national=True))
    assert not Scope.of(province, other).contains(Scope.everything())
