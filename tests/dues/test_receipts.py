"""Receipts: numbered per body and year, no gap, never the same number twice, even with two treasurers recording
at the same moment on two connections (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from tanzim.dues.models import LedgerEntry
from tanzim.dues.services import entry_reverse, payment_record
from tests.members.factories import make_member

from .factories import EVERYTHING, pay, tetouan


@pytest.fixture
def world(party):
    _bureau, province, branch = tetouan()
    return province, branch


def test_numbers_follow_each_other_per_body_and_year_and_a_reversal_keeps_its_number(world):
    province, branch = world
    a = make_member("N-1", first_ar="سعاد", last_ar="البحراوي")
    b = make_member("N-2", first_ar="كريم", last_ar="الصقلي")
    first = pay(branch, a, 2025, on=dt.date(2025, 3, 1))
    second = pay(branch, b, 2025, on=dt.date(2025, 3, 2))
    elsewhere = pay(province, b, 2024, on=dt.date(2025, 3, 2))
    next_year = pay(branch, a, 2026, on=dt.date(2026, 1, 3))
    assert (first.receipt, second.receipt) == ("2025/0001", "2025/0002")
    assert elsewhere.receipt == "2025/0001"  # another body counts on its own
    assert next_year.receipt == "2026/0001"  # a new year starts again at 1
    entry_reverse(acting_user=None, scope=EVERYTHING, entry=second, reason="خطأ")
    third = pay(branch, b, 2025, on=dt.date(2025, 4, 1))
    assert third.receipt == "2025/0003"  # the cancelled receipt keeps its number: no reuse, no gap
    numbers = sorted(
        LedgerEntry.objects.filter(body=branch, receipt_year=2025).values_list("receipt_number", flat=True)
    )
    assert numbers == [1, 2, 3]


def test_a_refused_payment_takes_no_number(world):
    _province, branch = world
    a = make_member("N-3", first_ar="سعاد", last_ar="البحراوي")
    pay(branch, a, 2025)
    with pytest.raises(Exception):  # noqa: B017  (the refusal itself is tested in test_standing)
        pay(branch, a, 2025, amount="0")
    assert pay(branch, a, 2024, on=dt.date(2025, 5, 1)).receipt == "2025/0002"


on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="two connections writing at once: the suite's PostgreSQL run (DATABASE_URL) covers it",
)


@on_postgresql
def test_two_treasurers_recording_at_once_get_two_numbers_in_a_row(reseeded_after_flush, transactional_db, party):
    _bureau, _province, branch = tetouan()
    members = [make_member(f"C-{i}", first_ar="عضو", last_ar=f"رقم{i}") for i in range(2)]
    pay(branch, members[0], 2024, on=dt.date(2025, 1, 5))  # the year's counter exists: the two race on its row
    barrier = threading.Barrier(2)
    made, errors = [], []

    def record(member):
        try:
            barrier.wait(timeout=10)
            for _ in range(10):
                made.append(
                    payment_record(
                        acting_user=None,
                        scope=EVERYTHING,
                        body=branch,
                        member=member,
                        amount=Decimal("100"),
                        entry_date=dt.date(2025, 3, 1),
                        year_from=2025,
                    ).receipt_number
                )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(made) == list(range(2, 22))  # twenty numbers, none twice, none missing
    assert connection.vendor == "postgresql"


@on_postgresql
def test_the_first_receipts_of_a_year_taken_at_once_are_one_and_two(reseeded_after_flush, transactional_db, party):
    _bureau, _province, branch = tetouan()
    members = [make_member(f"D-{i}", first_ar="عضو", last_ar=f"رقم{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    made, errors = [], []

    def record(member):
        try:
            barrier.wait(timeout=10)
            made.append(pay(branch, member, 2025, on=dt.date(2025, 2, 1)).receipt_number)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(made) == [1, 2]
