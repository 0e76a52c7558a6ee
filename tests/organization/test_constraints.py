"""Rules the database itself holds, on SQLite and on PostgreSQL: a write that bypasses the services is refused."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tanzim.organization.models import Mandate, PositionType
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory


@pytest.fixture
def branch(party):
    tetouan = make_body("provincial_office", "01.571")
    return make_body("local_office", "01.571.01.11", parent=tetouan)


def mandate(body, key, *, start=dt.date(2025, 1, 19), end=None, person=None):
    position = PositionType.objects.get(key=key)
    return Mandate.objects.create(
        body=body, position_type=position, person=person or PersonFactory(), start_date=start, end_date=end
    )


def test_two_current_holders_of_a_single_position_are_refused(branch):
    mandate(branch, "treasurer")
    with pytest.raises(IntegrityError), transaction.atomic():
        mandate(branch, "treasurer")
    assert Mandate.objects.filter(body=branch, position_type__key="treasurer").count() == 1


def test_a_past_holder_and_a_current_one_may_coexist(branch):
    mandate(branch, "head", start=dt.date(2021, 5, 16), end=dt.date(2025, 1, 19))
    mandate(branch, "head")
    assert Mandate.objects.filter(body=branch, position_type__key="head").count() == 2


def test_a_multi_holder_position_takes_many_current_holders(branch):
    for _ in range(7):
        mandate(branch, "advisor")
    assert Mandate.objects.filter(body=branch, position_type__key="advisor", end_date__isnull=True).count() == 7


def test_the_same_person_cannot_hold_the_same_position_twice_at_once(branch):
    person = PersonFactory()
    mandate(branch, "advisor", person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        mandate(branch, "advisor", person=person)


def test_a_mandate_cannot_end_before_it_starts(branch):
    with pytest.raises(IntegrityError), transaction.atomic():
        mandate(branch, "rapporteur", start=dt.date(2025, 1, 19), end=dt.date(2025, 1, 18))
    assert not Mandate.objects.filter(body=branch).exists()


def test_the_same_position_in_two_bodies_is_two_seats(branch, party):
    other = make_body("local_office", "01.571.01.07", parent=branch.parent)
    mandate(branch, "head")
    mandate(other, "head")
    assert Mandate.objects.filter(position_type__key="head", end_date__isnull=True).count() == 2


def test_one_local_body_per_commune_and_organization(branch):
    from tanzim.organization.models import Body

    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(organization=branch.organization, body_type=branch.body_type, territory=branch.territory)
    # The youth organization may have its own branch in the same commune.
    youth = make_body("local_office", "01.571.01.11", org="youth")
    assert youth.territory == branch.territory


def test_making_a_position_single_holder_is_refused_while_it_has_two_holders(branch):
    mandate(branch, "advisor")
    mandate(branch, "advisor")
    advisor = PositionType.objects.get(key="advisor")
    advisor.multi_holder = False
    with pytest.raises(IntegrityError), transaction.atomic():
        advisor.save()
