"""Standing from the ledger: gaps, late payments, waivers and reversals, on fixed dates; the stored standing and the
SQL filters always say what the ledger says."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tanzim.dues.models import LedgerEntry, Standing
from tanzim.dues.selectors import standing_list, standing_q
from tanzim.dues.services import DuesError, entry_reverse, waiver_record
from tanzim.dues.standing import (
    ARREARS,
    EXEMPT,
    LAPSE,
    NEVER_PAID,
    PAID,
    PAID_LATE,
    UP_TO_DATE,
    WAIVED,
    runs_of,
    standing_at,
    year_lines,
)
from tanzim.members.models import Member
from tests.members.factories import make_member

from .factories import EVERYTHING, pay, tetouan


@pytest.fixture
def world(party):
    _bureau, province, branch = tetouan()
    return province, branch


def _standing(member, year):
    return standing_at(runs_of(LedgerEntry.objects.filter(member=member)), year)


def test_a_gap_is_a_lapse_and_a_renewal_after_it_does_not_hide_it(world):
    _province, branch = world
    m = make_member("S-1", first_ar="سعاد", last_ar="البحراوي", join_date=dt.date(2020, 5, 1))
    pay(branch, m, 2021)
    pay(branch, m, 2022)
    # 2023 and 2024 unpaid; 2025 paid late, in 2026.
    pay(branch, m, 2025, on=dt.date(2026, 1, 20))

    assert _standing(m, 2024).status == ARREARS
    assert _standing(m, 2025).status == UP_TO_DATE and _standing(m, 2025).through == 2025
    now = _standing(m, 2026)
    assert now.status == ARREARS and now.since == dt.date(2026, 1, 1)
    lines = {y.year: y.state for y in year_lines(LedgerEntry.objects.filter(member=m), year=2026, first=2020)}
    assert lines == {2020: LAPSE, 2021: PAID, 2022: PAID, 2023: LAPSE, 2024: LAPSE, 2025: PAID_LATE, 2026: LAPSE}
    # The standing stored for the list reads the latest run only: 2025, not 2021–2025.
    stored = Standing.objects.get(member=m)
    assert (stored.run_from, stored.run_to) == (2025, 2025)


def test_never_paid_then_in_arrears_since_the_year_after_the_last_paid(world):
    _province, branch = world
    m = make_member("S-2", first_ar="كريم", last_ar="الصقلي")
    assert _standing(m, 2025).status == NEVER_PAID
    pay(branch, m, 2023, amount="50")
    assert _standing(m, 2025) == standing_at(runs_of([]), 2025).__class__(ARREARS, dt.date(2024, 1, 1), 2023)


def test_a_waiver_exempts_its_years_and_says_why(world):
    _province, branch = world
    m = make_member("S-3", first_ar="ليلى", last_ar="العلمي")
    pay(branch, m, 2024)
    waiver_record(
        acting_user=None,
        scope=EVERYTHING,
        body=branch,
        member=m,
        entry_date=dt.date(2025, 2, 1),
        year_from=2025,
        year_to=2026,
        reason="بطالة",
    )
    assert _standing(m, 2025).status == EXEMPT and _standing(m, 2026).status == EXEMPT
    assert _standing(m, 2027).status == ARREARS and _standing(m, 2027).since == dt.date(2027, 1, 1)
    lines = {y.year: y.state for y in year_lines(LedgerEntry.objects.filter(member=m), year=2026)}
    assert lines == {2024: PAID, 2025: WAIVED, 2026: WAIVED}
    with pytest.raises(DuesError) as refused:
        waiver_record(
            acting_user=None,
            scope=EVERYTHING,
            body=branch,
            member=m,
            entry_date=dt.date(2025, 2, 1),
            year_from=2027,
            year_to=2027,
            reason=" ",
        )
    assert refused.value.code == "no_reason"


def test_a_reversal_cancels_the_payment_and_the_ledger_keeps_both(world):
    _province, branch = world
    m = make_member("S-4", first_ar="سعيد", last_ar="الريفي")
    pay(branch, m, 2024)
    wrong = pay(branch, m, 2025)
    assert _standing(m, 2025).status == UP_TO_DATE
    entry_reverse(acting_user=None, scope=EVERYTHING, entry=wrong, reason="خطأ في العضو", on=dt.date(2025, 4, 1))
    assert _standing(m, 2025).status == ARREARS and _standing(m, 2025).since == dt.date(2025, 1, 1)
    assert Standing.objects.get(member=m).run_to == 2024
    assert LedgerEntry.objects.filter(member=m).count() == 3  # two payments and the reversal: nothing deleted
    with pytest.raises(DuesError) as again:
        entry_reverse(acting_user=None, scope=EVERYTHING, entry=wrong, reason="مرة أخرى")
    assert again.value.code == "already_reversed"


def test_payments_refuse_impossible_input(world):
    _province, branch = world
    m = make_member("S-5", first_ar="هند", last_ar="الفاسي")
    for kwargs, code in (
        ({"amount": "0"}, "bad_amount"),
        ({"amount": "-5"}, "bad_amount"),
        ({"on": dt.date(2099, 1, 1)}, "future"),
        ({"year_to": 2020}, "bad_period"),
        ({"method": "declared"}, "unknown_choice"),
    ):
        with pytest.raises(DuesError) as refused:
            pay(branch, m, 2024, **kwargs)
        assert refused.value.code == code
    assert not LedgerEntry.objects.filter(member=m).exists()


def test_the_stored_standing_and_the_sql_filters_always_equal_the_ledger(world):
    """Random ledgers (payments, late ones, waivers, reversals): for every member and year, the standing stored
    by the services, and the list's SQL filter, say what the computation from the whole ledger says."""
    _province, branch = world
    rng = random.Random(13)  # noqa: S311  (a fixed sequence of ledgers, not a secret)
    members = [make_member(f"R-{i:03d}", first_ar="عضو", last_ar=f"رقم{i}") for i in range(30)]
    for m in members:
        for _ in range(rng.randint(0, 6)):
            year = rng.randint(2019, 2025)
            choice = rng.random()
            if choice < 0.6:
                pay(branch, m, year, on=dt.date(year + rng.randint(0, 1), 2, 1) if year < 2025 else dt.date(2025, 6, 1))
            elif choice < 0.8:
                waiver_record(
                    acting_user=None,
                    scope=EVERYTHING,
                    body=branch,
                    member=m,
                    entry_date=dt.date(2025, 6, 1),
                    year_from=year,
                    year_to=min(year + rng.randint(0, 1), 2030),
                    reason="x",
                )
            else:
                live = [
                    e
                    for e in LedgerEntry.objects.filter(member=m, kind__in=["payment", "waiver"])
                    if not hasattr(e, "reversed_by")
                ]
                if live:
                    entry_reverse(
                        acting_user=None, scope=EVERYTHING, entry=rng.choice(live), reason="x", on=dt.date(2025, 7, 1)
                    )
    for year in range(2018, 2028):
        expected = {m.pk: _standing(m, year).status for m in members}
        for m in members:
            stored = Standing.objects.filter(member=m).first()
            runs = runs_of(LedgerEntry.objects.filter(member=m))
            if stored is not None:
                assert (stored.run_from, stored.run_to, stored.waived_from, stored.waived_to) == (
                    runs.run_from,
                    runs.run_to,
                    runs.waived_from,
                    runs.waived_to,
                )
        for status in (UP_TO_DATE, ARREARS, NEVER_PAID, EXEMPT):
            in_sql = set(
                Member.objects.filter(pk__in=[m.pk for m in members])
                .filter(standing_q(status, year))
                .values_list("pk", flat=True)
            )
            assert in_sql == {pk for pk, s in expected.items() if s == status}, (status, year)
    page = standing_list(scope=EVERYTHING, body=branch, year=2025)
    assert {m.pk: m.standing.status for m in page if m.pk in expected} == {
        pk: _standing(Member.objects.get(pk=pk), 2025).status for pk in expected if pk in {m.pk for m in page}
    }


def test_years_declared_to_the_registry_come_into_the_ledger_once(world):
    """The member form (and the import, through the same point) declares years paid: each becomes a declared
    payment of the ledger, once, and the standing follows."""
    from tanzim.members.services import member_save

    m = make_member("Y-1", first_ar="سعاد", last_ar="البحراوي")
    for years in ([2024, 2025], [2025, 2026]):
        member_save(
            acting_user=None,
            scope=EVERYTHING,
            member=m,
            person_data={},
            member_data={},
            local_body=None,
            dues_years=years,
        )
    assert LedgerEntry.objects.filter(member=m).count() == 3
    member_save(
        acting_user=None,
        scope=EVERYTHING,
        member=m,
        person_data={},
        member_data={},
        local_body=None,
        dues_years=[2025, 2026],
    )
    declared = LedgerEntry.objects.filter(member=m).order_by("year_from")
    assert [(e.year_from, e.method, e.receipt_number) for e in declared] == [
        (2024, "declared", None),
        (2025, "declared", None),
        (2026, "declared", None),
    ]
    assert _standing(m, 2026).status == UP_TO_DATE and Standing.objects.get(member=m).run_from == 2024
