"""Between two renewals: persons co-opted or appointed to an office, one mandate ended; and who framed a renewal.

Both changes go through services that take the writer's scope, leave the other mandates as they were, are
audited, appear in the body's history, and keep the rules of a renewal (one holder of a single position, a
person in a position once, dates neither in the future nor before the current office). A refusal names the row
that caused it.
"""

import datetime as dt

import pytest
from django.utils import timezone, translation

from tanzim.audit.models import AuditEntry
from tanzim.organization.errors import ErrorCode, OrganizationError, SeatBeyondScope
from tanzim.organization.models import BodyStatus, EndReason, Mandate, OfficeChange, PositionType, Renewal
from tanzim.organization.selectors import body_history
from tanzim.organization.services import Seat, mandate_end, office_add, office_renew
from tanzim.people.footprint import PersonBeyondScope
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory

TETOUAN = Scope.of("01/01.571/")
RENEWED_ON = dt.date(2025, 1, 19)


@pytest.fixture
def positions(party):
    return {p.key: p for p in PositionType.objects.all()}


@pytest.fixture
def world(party, positions):
    """The Tanger-Tétouan region above the Tétouan province and its branch; the branch renewed on 19/01/2025."""
    region = make_body("regional_office", "01", status=BodyStatus.CONSTITUTED)
    province = make_body("provincial_office", "01.571", parent=region, status=BodyStatus.CONSTITUTED)
    council = make_body("provincial_council", "01.571", parent=province)
    branch = make_body("local_office", "01.571.01.11", parent=province)
    secretary = PersonFactory(first_name_ar="نادية", last_name_ar="الطريس")
    office_renew(
        acting_user=None,
        body=province,
        held_on=dt.date(2024, 6, 1),
        seats=[Seat(positions["head"], secretary), Seat(positions["treasurer"], PersonFactory())],
    )
    office = [Seat(positions["head"], PersonFactory()), Seat(positions["treasurer"], PersonFactory())]
    office += [Seat(positions["advisor"], PersonFactory()) for _ in range(2)]
    office_renew(acting_user=None, body=branch, held_on=RENEWED_ON, seats=office)
    office_renew(acting_user=None, body=council, held_on=RENEWED_ON, seats=[Seat(positions["head"], PersonFactory())])
    return {"region": region, "province": province, "council": council, "branch": branch, "secretary": secretary}


def current(body):
    return sorted(
        (m.position_type.key, m.person_id, m.start_date)
        for m in Mandate.objects.filter(body=body, end_date__isnull=True)
    )


# --- co-option and appointment ---------------------------------------------------------------------------------


def test_co_opting_cadres_adds_them_and_leaves_the_council_as_it_was(world, positions, admin_user):
    council = world["council"]
    before = current(council)
    cadres = [PersonFactory() for _ in range(3)]

    change = office_add(
        acting_user=admin_user,
        body=council,
        held_on=dt.date(2025, 3, 2),
        seats=[Seat(positions["advisor"], p) for p in cadres],
        note="تم اختيار عدد من المناضلين والأطر لتعزيز أداء الجهاز",
        scope=TETOUAN,
    )

    now = current(council)
    assert [m for m in now if m in before] == before  # nobody's mandate ended or restarted
    assert sorted(p for k, p, d in now if (k, p, d) not in before) == sorted(p.pk for p in cadres)
    assert {d for k, p, d in now if p in {c.pk for c in cadres}} == {dt.date(2025, 3, 2)}
    assert change.kind == "co_option" and change.added.count() == 3
    assert Renewal.objects.filter(body=council).count() == 1  # no renewal was made of it
    entries = AuditEntry.objects.filter(action="mandate.create", changes__change=change.pk)
    assert entries.count() == 3 and {e.actor for e in entries} == {admin_user}
    assert {e.territory_path for e in entries} == {"01/01.571/"}
    history = body_history(scope=TETOUAN, body=council)
    assert [(e["kind"], e["date"]) for e in history] == [("change", dt.date(2025, 3, 2)), ("renewal", RENEWED_ON)]


def test_an_appointment_fills_the_single_position_a_resignation_left_empty(world, positions):
    branch = world["branch"]
    treasurer = Mandate.objects.get(body=branch, position_type__key="treasurer", end_date__isnull=True)
    mandate_end(acting_user=None, mandate=treasurer, end_date=dt.date(2025, 4, 1), reason=EndReason.RESIGNED)
    newcomer = PersonFactory()

    change = office_add(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 4, 10),
        kind="appointment",
        seats=[Seat(positions["treasurer"], newcomer)],
        scope=TETOUAN,
    )

    holder = Mandate.objects.get(body=branch, position_type__key="treasurer", end_date__isnull=True)
    assert holder.person == newcomer and holder.added_by == change and change.get_kind_display()


@pytest.mark.parametrize(
    ("rows", "held_on", "code", "row", "field"),
    [
        # The branch already has a treasurer: the second row is the one refused.
        ([("advisor", "new"), ("treasurer", "new")], dt.date(2025, 3, 1), ErrorCode.POSITION_TAKEN, 1, "position_type"),
        ([("rapporteur", "new"), ("rapporteur", "new")], dt.date(2025, 3, 1), ErrorCode.SINGLE_POSITION_TWICE, 1, None),
        ([("advisor", "new"), ("advisor", "advisor")], dt.date(2025, 3, 1), ErrorCode.PERSON_HOLDS_POSITION, 1, None),
        ([("advisor", "same"), ("advisor", "same")], dt.date(2025, 3, 1), ErrorCode.PERSON_TWICE_IN_POSITION, 1, None),
        ([("advisor", "new")], dt.date(2025, 1, 18), ErrorCode.DATE_BEFORE_OFFICE, None, "held_on"),
        ([("advisor", "new")], None, ErrorCode.CHANGE_IN_FUTURE, None, "held_on"),
        ([], dt.date(2025, 3, 1), ErrorCode.NOTHING_TO_ADD, None, None),
    ],
)
def test_an_addition_is_refused_by_the_rules_of_a_renewal_and_names_the_row(
    world, positions, rows, held_on, code, row, field
):
    branch = world["branch"]
    sitting_advisor = Mandate.objects.filter(body=branch, position_type__key="advisor").first().person
    same = PersonFactory()
    who = {"new": PersonFactory, "advisor": lambda: sitting_advisor, "same": lambda: same}
    seats = [Seat(positions[key], who[kind]()) for key, kind in rows]
    before, audit = current(branch), AuditEntry.objects.count()

    with pytest.raises(OrganizationError) as refused:
        office_add(
            acting_user=None,
            body=branch,
            held_on=held_on or timezone.localdate() + dt.timedelta(days=1),
            seats=seats,
            scope=TETOUAN,
        )

    assert refused.value.code == code
    assert refused.value.row == row
    if field:
        assert refused.value.field == field
    assert current(branch) == before and AuditEntry.objects.count() == audit
    assert not OfficeChange.objects.exists()


def test_nobody_is_added_from_beyond_the_writers_territory(world, positions):
    branch = world["branch"]
    # A Tétouan resident who sits on the regional office: their place reaches beyond the province.
    regional = PersonFactory()
    office_renew(
        acting_user=None, body=world["region"], held_on=dt.date(2024, 1, 1), seats=[Seat(positions["head"], regional)]
    )
    elsewhere = PersonFactory(commune=Territory.objects.get(code="03.531.01.05"))
    for rows in ([PersonFactory(), regional], [elsewhere]):
        seats = [Seat(positions["advisor"], p) for p in rows]
        with pytest.raises(SeatBeyondScope) as refused:
            office_add(acting_user=None, body=branch, held_on=dt.date(2025, 3, 1), seats=seats, scope=TETOUAN)
        assert refused.value.row == len(rows) - 1
    with pytest.raises(PersonBeyondScope):
        office_add(
            acting_user=None,
            body=world["region"],
            held_on=dt.date(2025, 3, 1),
            seats=[Seat(positions["advisor"], PersonFactory())],
            scope=TETOUAN,
        )
    assert not OfficeChange.objects.exists()


# --- ending one mandate ------------------------------------------------------------------------------------------


def test_ending_one_mandate_keeps_the_rest_of_the_office(world, admin_user):
    branch = world["branch"]
    leaving = Mandate.objects.filter(body=branch, position_type__key="advisor").first()
    before = [m for m in current(branch) if m[1] != leaving.person_id]

    mandate_end(
        acting_user=admin_user,
        mandate=leaving,
        end_date=dt.date(2025, 5, 2),
        reason=EndReason.DECEASED,
        note="رحمه الله",
        scope=TETOUAN,
    )

    leaving.refresh_from_db()
    assert (leaving.end_date, leaving.end_reason) == (dt.date(2025, 5, 2), "deceased")
    assert leaving.ended_by.kind == "end" and leaving.ended_by.note == "رحمه الله"
    assert current(branch) == before
    entry = AuditEntry.objects.get(action="mandate.update", target_id=str(leaving.pk))
    assert entry.actor == admin_user and entry.changes["end_reason"] == "deceased"
    history = body_history(scope=TETOUAN, body=branch)
    assert history[0]["kind"] == "change" and list(history[0]["record"].ended.all()) == [leaving]


@pytest.mark.parametrize(
    ("end_date", "code"),
    [(dt.date(2025, 1, 18), ErrorCode.END_BEFORE_START), (None, ErrorCode.CHANGE_IN_FUTURE)],
)
def test_an_end_before_the_start_or_in_the_future_is_refused_beside_the_date(world, end_date, code):
    mandate = Mandate.objects.filter(body=world["branch"], end_date__isnull=True).first()
    with pytest.raises(OrganizationError) as refused:
        mandate_end(
            acting_user=None,
            mandate=mandate,
            end_date=end_date or timezone.localdate() + dt.timedelta(days=1),
            reason=EndReason.RESIGNED,
            scope=TETOUAN,
        )
    assert refused.value.code == code and refused.value.field == "end_date"
    mandate.refresh_from_db()
    assert mandate.end_date is None and not OfficeChange.objects.exists()


def test_a_mandate_ends_once_and_only_inside_the_writers_territory(world, positions):
    mandate = Mandate.objects.filter(body=world["branch"], end_date__isnull=True).first()
    mandate_end(acting_user=None, mandate=mandate, end_date=dt.date(2025, 2, 1), reason=EndReason.OTHER)
    with pytest.raises(OrganizationError) as refused:
        mandate_end(acting_user=None, mandate=mandate, end_date=dt.date(2025, 3, 1), reason=EndReason.OTHER)
    assert refused.value.code == ErrorCode.MANDATE_ALREADY_ENDED
    regional = Mandate.objects.create(
        body=world["region"], person=PersonFactory(), position_type=positions["head"], start_date=dt.date(2024, 1, 1)
    )
    with pytest.raises(PersonBeyondScope):
        mandate_end(
            acting_user=None, mandate=regional, end_date=dt.date(2025, 3, 1), reason=EndReason.OTHER, scope=TETOUAN
        )
    regional.refresh_from_db()
    assert regional.end_date is None


def test_the_next_renewal_ends_the_co_opted_mandates_too(world, positions):
    council = world["council"]
    office_add(
        acting_user=None,
        body=council,
        held_on=dt.date(2025, 3, 2),
        seats=[Seat(positions["advisor"], PersonFactory())],
    )
    with pytest.raises(OrganizationError) as refused:
        office_renew(
            acting_user=None,
            body=council,
            held_on=dt.date(2025, 3, 1),
            seats=[Seat(positions["head"], PersonFactory())],
        )
    assert refused.value.code == ErrorCode.DATE_BEFORE_CURRENT_OFFICE and refused.value.field == "held_on"
    office_renew(
        acting_user=None, body=council, held_on=dt.date(2025, 9, 1), seats=[Seat(positions["head"], PersonFactory())]
    )
    assert Mandate.objects.filter(body=council, end_date__isnull=True).count() == 1


# --- the rows a renewal's refusal names, and who framed it ----------------------------------------------------------


def test_a_renewal_refusal_names_the_row_that_caused_it(world, positions):
    branch = world["branch"]
    rows = [
        Seat(positions["head"], PersonFactory()),
        Seat(positions["treasurer"], PersonFactory()),
        Seat(positions["advisor"], PersonFactory()),
        Seat(positions["treasurer"], PersonFactory()),
    ]
    with pytest.raises(OrganizationError) as refused:
        office_renew(acting_user=None, body=branch, held_on=dt.date(2025, 6, 1), seats=rows)
    assert (refused.value.code, refused.value.row, refused.value.field) == (
        ErrorCode.SINGLE_POSITION_TWICE,
        3,
        "position_type",
    )
    with translation.override("fr"):
        assert "2" in refused.value.message  # "…gives it 2"

    regional = PersonFactory()
    office_renew(
        acting_user=None, body=world["region"], held_on=dt.date(2024, 1, 1), seats=[Seat(positions["head"], regional)]
    )
    rows = [Seat(positions["head"], PersonFactory()), Seat(positions["advisor"], regional)]
    with pytest.raises(SeatBeyondScope) as beyond:
        office_renew(acting_user=None, body=branch, held_on=dt.date(2025, 6, 1), seats=rows, scope=TETOUAN)
    assert beyond.value.row == 1


def test_who_framed_a_renewal_is_recorded_from_the_bodies_above(world, positions):
    branch = world["branch"]
    framer = Mandate.objects.get(body=world["province"], person=world["secretary"], end_date__isnull=True)

    renewal = office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 6, 1),
        seats=[Seat(positions["head"], PersonFactory())],
        supervised_by=world["province"],
        framed_by=[framer],
    )

    assert list(renewal.framed_by.all()) == [framer] and renewal.supervised_by == world["province"]
    entry = AuditEntry.objects.get(action="office.renew", target_id=str(renewal.pk))
    assert entry.changes["framed_by"] == [framer.pk]
    # Nobody of the branch itself, of a body beside it, or of a body above on a day they did not hold it.
    beside = Mandate.objects.get(body=world["council"], end_date__isnull=True)
    own = Mandate.objects.filter(body=branch, end_date__isnull=True).first()
    for wrong, day in ((beside, dt.date(2025, 7, 1)), (own, dt.date(2025, 7, 1)), (framer, dt.date(2024, 5, 1))):
        with pytest.raises(OrganizationError) as refused:
            office_renew(
                acting_user=None,
                body=branch,
                held_on=day,
                seats=[Seat(positions["head"], PersonFactory())],
                framed_by=[wrong],
            )
        assert refused.value.code == ErrorCode.FRAMER_NOT_ABOVE and refused.value.field == "framed_by"
    assert Renewal.objects.filter(body=branch).count() == 2
