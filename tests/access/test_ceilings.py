"""The second hostile review: a write may not hand anyone more than its writer holds (a seat, a merge, a login's
link), the pickers say nothing about what lies beyond the reader's scope, and the member page offers only what the
reader may do. Each finding as the insider who would use it: an organizer of Tétouan holding only the offices'
write, a branch secretary, a login activated through a lower official's link."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tanzim.access.authority import authority_for
from tanzim.access.capabilities import Capability
from tanzim.access.models import Account
from tanzim.access.services import grant_create
from tanzim.organization.errors import SeatBeyondPowers
from tanzim.organization.models import Mandate, OfficeChange, Renewal
from tanzim.organization.services import Seat, office_add, office_renew
from tanzim.territory.models import Territory
from tests.organization import test_office_pages as office_pages
from tests.organization.test_office_pages import renewal_post, row_with, selected
from tests.people.factories import PersonFactory

TODAY = dt.date(2025, 1, 1)

# The office pages' world (the Tétouan province, its branch, the region above) and their fixtures.
world = office_pages.world
positions = office_pages.positions
language_left_as_found = office_pages.language_left_as_found


def user_with_grant(username, code, capabilities, person=None):
    """A login whose only authority is a grant over the unit `code` (a person of Tétouan by default)."""
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    Account.objects.create(user=user, person=person or PersonFactory())
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code=code),
        capabilities=capabilities,
        starts_on=TODAY,
    )
    return user


@pytest.fixture
def organizer(world):
    """An organizer of Tétouan province: records offices there, and holds nothing else."""
    return user_with_grant("organizer", "01.571", [Capability.READ, Capability.OFFICES_WRITE])


# --- 1. a seat gives no capability the writer does not hold ---------------------------------------------------


def test_who_holds_only_the_offices_write_cannot_coopt_a_treasurer(world, positions, organizer):
    branch = world["branch"]
    Mandate.objects.filter(body=branch, position_type=positions["treasurer"]).update(end_date=dt.date(2025, 2, 1))
    authority = authority_for(organizer)
    newcomer = PersonFactory()
    with pytest.raises(SeatBeyondPowers) as refused:
        office_add(
            acting_user=organizer,
            body=branch,
            held_on=dt.date(2025, 3, 1),
            seats=[Seat(positions["advisor"], PersonFactory()), Seat(positions["treasurer"], newcomer)],
            scope=authority.scope(Capability.OFFICES_WRITE),
            authority=authority,
        )
    assert refused.value.row == 1 and refused.value.field == "position_type"
    assert not Mandate.objects.filter(person=newcomer).exists() and not OfficeChange.objects.exists()
    # A position that carries no more than reading is theirs to give.
    office_add(
        acting_user=organizer,
        body=branch,
        held_on=dt.date(2025, 3, 1),
        seats=[Seat(positions["advisor"], newcomer)],
        scope=authority.scope(Capability.OFFICES_WRITE),
        authority=authority,
    )
    assert Mandate.objects.filter(person=newcomer, body=branch, end_date__isnull=True).count() == 1


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_renewal_page_refuses_a_head_from_who_lacks_a_heads_powers_and_keeps_the_rows(
    world, positions, organizer, login, language
):
    client = login(organizer, language=language)
    newcomer = PersonFactory()
    rows = [("head", newcomer), ("advisor", world["advisor"])]
    before = set(Mandate.objects.values_list("pk", "end_date"))

    answer = client.post(
        reverse("organization:renew", args=[world["branch"].pk]), renewal_post(world, positions, rows, notes="محضر")
    )

    html = answer.content.decode()
    reason = {"ar": "مسؤوليات لا تملكها", "fr": "des responsabilités que vous n’y avez pas"}[language]
    power = {"ar": "تدبير الحسابات", "fr": "Gérer les comptes"}[language]
    assert answer.status_code == 200
    assert reason in row_with(html, "seat-0-position_type") and power in row_with(html, "seat-0-position_type")
    assert selected(html, "seat-0-person") == str(newcomer.pk) and "محضر" in html
    assert set(Mandate.objects.values_list("pk", "end_date")) == before and Renewal.objects.count() == 3


def test_the_api_refuses_the_same_seat_and_names_its_row(world, positions, organizer, login):
    client = login(organizer)
    answer = client.post(
        f"/api/v1/bodies/{world['branch'].pk}/renewals",
        {"held_on": "2026-01-10", "seats": [{"position": "head", "person_id": PersonFactory().pk}]},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "seat_beyond_powers" and answer.json()["field"] == "seats.0.position"
    assert Renewal.objects.count() == 3


def test_the_provincial_head_still_seats_a_branch_head(world, positions, login):
    client = login(world["user"])
    answer = client.post(
        reverse("organization:renew", args=[world["branch"].pk]),
        renewal_post(world, positions, [("head", PersonFactory()), ("treasurer", PersonFactory())]),
    )
    assert answer.status_code == 302 and Renewal.objects.count() == 4


# --- 2. a merge moves mandates only for who records those offices and holds their powers ----------------------


@pytest.fixture
def twins(world, positions):
    """Two entries of one Tétouan person; the second is the branch's treasurer (seated by the province)."""
    from tanzim.members.models import DuplicateFlag, DuplicateReason
    from tests.members.factories import make_member

    keep = make_member("TWIN-1", first_ar="سلمى", last_ar="الودغيري", first_latin="Salma", last_latin="Ouadghiri")
    drop = make_member("TWIN-2", first_ar="سلمى", last_ar="الودغيري", first_latin="Salma", last_latin="Ouadghiri")
    Mandate.objects.filter(body=world["branch"], position_type=positions["treasurer"]).update(
        end_date=dt.date(2025, 2, 1)
    )
    office_add(
        acting_user=None,
        body=world["branch"],
        held_on=dt.date(2025, 2, 2),
        seats=[Seat(positions["treasurer"], drop.person)],
    )
    if not DuplicateFlag.objects.filter(first__in=[keep, drop], second__in=[keep, drop]).exists():
        DuplicateFlag.objects.create(first=keep, second=drop, reason=DuplicateReason.CLOSE_NAME)
    return keep, drop


@pytest.fixture
def clerk(world):
    """A registry clerk of Tétouan province: adds and edits members, records no office."""
    return user_with_grant("clerk", "01.571", [Capability.READ, Capability.MEMBERS_WRITE])


def test_a_merge_by_who_does_not_record_offices_leaves_the_mandate_where_it_is(twins, clerk):
    from tanzim.members.models import Member
    from tanzim.members.services import MemberError, member_merge

    keep, drop = twins
    authority = authority_for(clerk)
    with pytest.raises(MemberError) as refused:
        member_merge(
            acting_user=clerk,
            scope=authority.scope(Capability.MEMBERS_WRITE),
            keep=keep,
            drop=drop,
            authority=authority,
        )
    assert refused.value.code == "mandates_beyond"
    assert Mandate.objects.get(person=drop.person, end_date__isnull=True).position_type.key == "treasurer"
    assert Member.objects.filter(pk=drop.pk).exists()
    # A scoped caller that says nothing of its authority moves no mandate either.
    with pytest.raises(MemberError):
        member_merge(acting_user=clerk, scope=authority.scope(Capability.MEMBERS_WRITE), keep=keep, drop=drop)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_clerk_is_offered_no_merge_and_a_forged_one_is_refused_with_the_reason(twins, clerk, login, language):
    from tanzim.members.models import Member

    keep, drop = twins
    client = login(clerk, language=language)
    page = client.get(reverse("members:detail", args=[keep.pk])).content.decode()
    assert reverse("members:merge", args=[keep.pk, drop.pk]) not in page
    assert reverse("members:edit", args=[keep.pk]) in page  # what the clerk may do is still there
    listing = client.get(reverse("members:duplicates")).content.decode()
    assert f'name="keep" value="{keep.pk}"' not in listing and f'name="keep" value="{drop.pk}"' in listing

    answer = client.post(reverse("members:merge", args=[keep.pk, drop.pk]), follow=True)

    reason = {"ar": "مسؤول في هيئة أعلى", "fr": "instance supérieure doit fusionner"}[language]
    assert reason in answer.content.decode()
    assert Member.objects.filter(pk=drop.pk).exists()


def test_the_provincial_head_merges_and_the_mandate_follows(twins, world, login):
    keep, drop = twins
    client = login(world["user"])
    assert (
        reverse("members:merge", args=[keep.pk, drop.pk])
        in client.get(reverse("members:detail", args=[keep.pk])).content.decode()
    )
    client.post(reverse("members:merge", args=[keep.pk, drop.pk]))
    assert Mandate.objects.get(
        body=world["branch"], position_type__key="treasurer", end_date__isnull=True
    ).person_id == (keep.person_id)


# --- 6. the member page offers only what the reader may do ---------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_member_page_of_a_person_held_above_offers_no_write(world, positions, login, language):
    from tests.members.factories import make_member

    regional = make_member("HELD-1", first_ar="يونس", last_ar="الجهوي")
    plain = make_member("PLAIN-9", first_ar="سناء", last_ar="العلمي")
    office_add(
        acting_user=None,
        body=world["region"],
        held_on=dt.date(2025, 2, 2),
        seats=[Seat(positions["deputy_head"], regional.person)],
    )
    client = login(world["user"], language=language)

    def offers(member) -> dict[str, bool]:
        html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
        return {
            "edit": reverse("members:edit", args=[member.pk]) in html,
            "status": reverse("members:status", args=[member.pk]) in html,
            "union": reverse("members:profile_add", args=[member.pk, "union"]) in html,
            "consent": reverse("privacy:consent_add", args=[member.pk]) in html,
            "erase": reverse("privacy:erase", args=[member.pk]) in html,
            "copy": reverse("privacy:export", args=[member.pk, "pdf"]) in html,
        }

    assert all(offers(plain).values())
    held = offers(regional)
    assert held == {k: k == "copy" for k in held}  # the copy of the data is a read: still hers to give
    # …and what a forged form asks is refused by the service, nothing changed.
    answer = client.post(reverse("members:status", args=[regional.pk]), {"status": "resigned"})
    regional.refresh_from_db()
    assert answer.status_code == 403 and regional.status != "resigned"


# --- 3. a login holds no capability its link's issuer did not hold --------------------------------------------


def test_a_login_given_by_an_accounts_clerk_holds_only_what_the_clerk_holds(world, positions, login, client):
    import re

    from tests.members.factories import make_member

    clerk = user_with_grant("accounts-clerk", "01.571", [Capability.READ, Capability.ACCOUNTS])
    head = make_member("BH-77", first_ar="عادل", last_ar="الشاوني")
    Mandate.objects.filter(body=world["branch"], position_type=positions["head"]).update(end_date=dt.date(2025, 2, 1))
    office_add(
        acting_user=None,
        body=world["branch"],
        held_on=dt.date(2025, 2, 2),
        seats=[Seat(positions["head"], head.person)],
    )
    page = login(clerk).post("/accounts/people/", {"username": "branch-head-2", "person": "BH-77"}).content.decode()
    link = re.search(r"http://testserver(/accounts/activate/[^<\s]+/)", page).group(1)
    client.logout()
    # The clerk uses the link themself…
    assert (
        client.post(link, {"new_password1": "x-long-pass-2026-a", "new_password2": "x-long-pass-2026-a"}).status_code
        == 302
    )
    user = get_user_model().objects.get(username="branch-head-2")

    authority = authority_for(user)
    path = world["branch"].path
    # …and gets no more than the clerk: reading and logins, not the registry, personal data nor dues of the head.
    assert authority.can(Capability.READ, path) and authority.can(Capability.ACCOUNTS, path)
    for capability in (Capability.PERSONAL_DATA, Capability.MEMBERS_WRITE, Capability.DUES, Capability.OFFICES_WRITE):
        assert not authority.can(capability, path), capability
    as_head = login(user)
    assert as_head.get(reverse("members:create")).status_code == 403

    # A link issued by the provincial head lifts it: the branch head then holds what the head's position gives.
    head_client = login(world["user"])
    listing = head_client.get("/accounts/people/").content.decode()
    assert f"/accounts/people/{user.account.pk}/link/" in listing  # offered: it trusts the login further
    lifted = head_client.post(f"/accounts/people/{user.account.pk}/link/")
    assert lifted.status_code == 200 and "/accounts/activate/" in lifted.content.decode()
    user.refresh_from_db()
    assert authority_for(user).can(Capability.PERSONAL_DATA, path)


def test_a_login_given_by_the_provincial_head_keeps_the_persons_whole_authority(world, positions, login):
    from tests.members.factories import make_member

    head = make_member("BH-78", first_ar="عادل", last_ar="البقالي")
    Mandate.objects.filter(body=world["branch"], position_type=positions["head"]).update(end_date=dt.date(2025, 2, 1))
    office_add(
        acting_user=None,
        body=world["branch"],
        held_on=dt.date(2025, 2, 2),
        seats=[Seat(positions["head"], head.person)],
    )
    login(world["user"]).post("/accounts/people/", {"username": "branch-head-3", "person": "BH-78"})
    user = get_user_model().objects.get(username="branch-head-3")
    authority = authority_for(user)
    for capability in Capability.values:
        assert authority.can(capability, world["branch"].path), capability


# --- 4. and 5. the person picker says nothing beyond the reader's scope ----------------------------------------


@pytest.fixture
def twin_namesakes(world, positions):
    """Two namesakes of Tétouan, one of whom also advises the Taounate office (beyond the Tétouan head's scope)."""
    from tests.organization.factories import make_body

    taounate = make_body("provincial_office", "03.531")
    names = {"first_name_ar": "زكرياء", "last_name_ar": "المنصوري", "first_name_latin": "Zakaria"}
    plain = PersonFactory(**names, last_name_latin="Mansouri")
    held = PersonFactory(**names, last_name_latin="Mansouri")
    office_renew(
        acting_user=None,
        body=taounate,
        held_on=dt.date(2025, 1, 5),
        seats=[
            Seat(positions["head"], PersonFactory(commune=Territory.objects.get(code="03.531.01.01"))),
            Seat(positions["advisor"], held),
        ],
    )
    return plain, held


def test_a_reading_picker_does_not_tell_who_holds_something_beyond_the_readers_territory(world, twin_namesakes, login):
    import re

    plain, held = twin_namesakes
    client = login(world["user"])
    html = client.get("/people/suggest/", {"q": "زكرياء المنصوري", "for": "read"}).content.decode()
    rows = dict(re.findall(r'data-value="(\d+)"(.*?)</li>', html, flags=re.S))
    assert set(rows) == {str(plain.pk), str(held.pk)}
    # Both rows read alike: nothing marks the one who advises in Taounate.
    assert rows[str(held.pk)].replace(str(held.pk), "") == rows[str(plain.pk)].replace(str(plain.pk), "")
    assert "picker-beyond" not in html and "aria-disabled" not in html
    # A write still marks them: the write would refuse them, and says so.
    written = client.get("/people/suggest/", {"q": "زكرياء المنصوري", "for": "offices_write"}).content.decode()
    assert written.count("picker-beyond") == 1


def test_a_search_within_the_region_is_audited_where_the_reader_reads(world, login):
    from tanzim.audit.models import AuditEntry

    PersonFactory(first_name_ar="زكرياء", last_name_ar="المنصوري")
    client = login(world["user"])
    html = client.get("/people/suggest/", {"q": "زكرياء", "within": "01"}).content.decode()
    row = AuditEntry.objects.filter(action="member.list").latest("pk")
    assert "زكرياء" in html  # the region is a territory the reader may name: the search ran, inside her province
    assert row.changes["picker"] is True and row.changes["shown"] == 1 and row.territory_path == "01/01.571/"
    # Within a commune of the province the row lies at that commune, as before.
    client.get("/people/suggest/", {"q": "زكرياء", "within": "01.571.01.11"})
    assert AuditEntry.objects.filter(action="member.list").latest("pk").territory_path == world["branch"].path


# --- second pass: a national accounts clerk does not take over a login trusted with more ------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_national_accounts_clerk_cannot_rekey_the_provincial_heads_login_in_use(world, login, language):
    clerk = get_user_model().objects.create_user("national-clerk", password="a-long-test-password")
    grant_create(acting_user=None, user=clerk, capabilities=[Capability.READ, Capability.ACCOUNTS], starts_on=TODAY)
    head = world["user"]
    client = login(clerk, language=language)

    answer = client.post(f"/accounts/people/{head.account.pk}/link/", follow=True)

    reason = {"ar": "صلاحيات تفوق ما تملكه", "fr": "habilité pour plus que vous"}[language]
    assert reason in answer.content.decode() and "/accounts/activate/" not in answer.content.decode()
    head.refresh_from_db()
    assert head.has_usable_password() and head.check_password("a-long-test-password")
    assert authority_for(head).can(Capability.PERSONAL_DATA, world["province"].path)


# --- second pass: the logins page offers only what the reader may do --------------------------------------------


def test_the_logins_page_offers_no_close_nor_link_for_a_person_held_above(world, login):
    from tanzim.access.services import account_create
    from tanzim.territory.scope import Scope

    # The regional head lives in Tétouan: his login lies in the province, his mandate above it.
    regional = get_user_model().objects.create_user("regional-head", password="a-long-test-password")
    Account.objects.create(user=regional, person=world["regional"])
    pending = account_create(
        acting_user=None, scope=Scope.everything(), username="regional-pending", person=world["advisor"]
    )
    Mandate.objects.filter(person=world["advisor"]).update(body=world["region"])
    client = login(world["user"])

    html = client.get("/accounts/people/").content.decode()

    assert "regional-head" in html and "regional-pending" in html
    assert f"/accounts/people/{regional.account.pk}/close/" not in html
    assert f"/accounts/people/{pending.pk}/link/" not in html and f"/accounts/people/{pending.pk}/close/" not in html
    # The branch head's login is the provincial head's to close.
    assert f"/accounts/people/{world['branch_user'].account.pk}/close/" in html
    answer = client.post(f"/accounts/people/{regional.account.pk}/close/")
    regional.refresh_from_db()
    assert answer.status_code == 302 and regional.is_active


def test_an_import_conflict_about_a_person_held_above_offers_no_decision(world, positions, login):
    from tanzim.members.models import ImportConflict
    from tests.members.factories import make_member

    def conflict_of(member):
        return ImportConflict.objects.create(
            member=member,
            row=2,
            card_number=member.card_number,
            path=member.path,
            file_path=member.path,
            values={"first_name_ar": "فاطمة", "last_name_ar": "الزهراء", "cin": "Z123456"},
        )

    held = make_member("CF-HELD", first_ar="يونس", last_ar="الجهوي")
    plain = make_member("CF-PLAIN", first_ar="سناء", last_ar="العلمي")
    office_add(
        acting_user=None,
        body=world["region"],
        held_on=dt.date(2025, 2, 2),
        seats=[Seat(positions["deputy_head"], held.person)],
    )
    held_conflict, plain_conflict = conflict_of(held), conflict_of(plain)

    html = login(world["user"]).get(reverse("members:import_conflicts")).content.decode()

    assert reverse("members:import_conflict_resolve", args=[plain_conflict.pk]) in html
    assert reverse("members:import_conflict_resolve", args=[held_conflict.pk]) not in html
    assert "هيئة أعلى" in html.split(f'id="conflict-{held_conflict.pk}"', 1)[1].split("</section>", 1)[0]
