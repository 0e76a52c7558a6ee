import datetime as dt

import pytest
from django.utils import translation

from tanzim.audit.models import AuditEntry
from tanzim.organization.errors import ErrorCode, OrganizationError
from tanzim.organization.models import BodyStatus, Mandate, PositionType, Renewal
from tanzim.organization.services import Seat, office_renew
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory


@pytest.fixture
def positions(party):
    return {p.key: p for p in PositionType.objects.all()}


@pytest.fixture
def branch(party):
    tetouan = make_body("provincial_office", "01.571", status=BodyStatus.CONSTITUTED)
    return make_body("local_office", "01.571.01.11", parent=tetouan)


def seats(positions, *keys):
    return [Seat(positions[k], PersonFactory()) for k in keys]


def office_of(body):
    return sorted((m.position_type.key, m.person_id) for m in Mandate.objects.filter(body=body, end_date__isnull=True))


def test_renewal_ends_the_old_office_and_starts_the_new(branch, positions):
    first = office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2021, 5, 16),
        seats=seats(positions, "head", "treasurer", "advisor", "advisor"),
        supervised_by=branch.parent,
    )
    assert branch.status == BodyStatus.CONSTITUTED
    new = seats(positions, "head", "deputy_head", "treasurer", "rapporteur", "advisor")
    second = office_renew(acting_user=None, body=branch, held_on=dt.date(2025, 1, 19), seats=new)

    assert office_of(branch) == sorted((s.position_type.key, s.person.pk) for s in new)
    old = Mandate.objects.filter(renewal=first)
    assert old.count() == 4
    assert set(old.values_list("end_date", "end_reason")) == {(dt.date(2025, 1, 19), "renewed")}
    assert list(Renewal.objects.filter(body=branch)) == [second, first]  # history, newest first
    assert AuditEntry.objects.filter(action="office.renew", target_id=str(second.pk)).exists()


def test_a_person_may_keep_a_seat_across_renewals(branch, positions):
    treasurer = PersonFactory()
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2021, 5, 16),
        seats=[Seat(positions["head"], PersonFactory()), Seat(positions["treasurer"], treasurer)],
    )
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 1, 19),
        seats=[Seat(positions["head"], PersonFactory()), Seat(positions["treasurer"], treasurer)],
    )
    assert Mandate.objects.filter(person=treasurer).count() == 2
    assert Mandate.objects.get(person=treasurer, end_date__isnull=True).start_date == dt.date(2025, 1, 19)


@pytest.mark.parametrize(
    ("keys", "held_on", "code"),
    [
        ((), dt.date(2025, 1, 19), ErrorCode.EMPTY_COMPOSITION),
        (("treasurer", "rapporteur"), dt.date(2025, 1, 19), ErrorCode.HEAD_MISSING),
        (("head", "treasurer", "treasurer"), dt.date(2025, 1, 19), ErrorCode.SINGLE_POSITION_TWICE),
        (("head",), dt.date(2099, 1, 1), ErrorCode.DATE_IN_FUTURE),
        # Before the start of the current office: the database refuses to end a mandate before it starts.
        (("head", "treasurer"), dt.date(2020, 1, 1), ErrorCode.DATE_BEFORE_CURRENT_OFFICE),
    ],
)
def test_a_refused_renewal_leaves_the_old_office_intact(branch, positions, keys, held_on, code):
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2021, 5, 16),
        seats=seats(positions, "head", "treasurer", "advisor"),
    )
    before = office_of(branch)
    renewals = Renewal.objects.count()
    audit = AuditEntry.objects.count()

    with pytest.raises(OrganizationError) as refused:
        office_renew(acting_user=None, body=branch, held_on=held_on, seats=seats(positions, *keys))

    assert refused.value.code == code
    assert office_of(branch) == before
    assert Mandate.objects.filter(body=branch, end_date__isnull=False).count() == 0
    assert Renewal.objects.count() == renewals
    assert AuditEntry.objects.count() == audit


def test_the_refusal_speaks_the_users_language(branch, positions):
    office_renew(acting_user=None, body=branch, held_on=dt.date(2021, 5, 16), seats=seats(positions, "head"))
    with pytest.raises(OrganizationError) as refused:
        office_renew(acting_user=None, body=branch, held_on=dt.date(2020, 3, 1), seats=seats(positions, "head"))
    with translation.override("ar"):
        assert "01/03/2020" in refused.value.message and "16/05/2021" in refused.value.message
        assert "تاريخ" in refused.value.message
    with translation.override("fr"):
        assert "date" in refused.value.message.lower()


def test_the_same_person_twice_in_one_position_is_refused(branch, positions):
    person = PersonFactory()
    with pytest.raises(OrganizationError) as refused:
        office_renew(
            acting_user=None,
            body=branch,
            held_on=dt.date(2025, 1, 19),
            seats=[
                Seat(positions["head"], PersonFactory()),
                Seat(positions["advisor"], person),
                Seat(positions["advisor"], person),
            ],
        )
    assert refused.value.code == ErrorCode.PERSON_TWICE_IN_POSITION


def test_only_a_body_above_may_supervise(branch, positions, party):
    elsewhere = make_body("provincial_office", "03.531")
    with pytest.raises(OrganizationError) as refused:
        office_renew(
            acting_user=None,
            body=branch,
            held_on=dt.date(2025, 1, 19),
            seats=seats(positions, "head"),
            supervised_by=elsewhere,
        )
    assert refused.value.code == ErrorCode.SUPERVISOR_NOT_ABOVE
    assert not Renewal.objects.exists()
