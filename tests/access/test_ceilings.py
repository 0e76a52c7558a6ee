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
from tests.organization.test_office_pages import (  # noqa: F401  (fixtures)
    addition_post,
    language_left_as_found,
    positions,
    renewal_post,
    row_with,
    selected,
    world,
)
from tests.people.factories import PersonFactory

TODAY = dt.date(2025, 1, 1)


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
