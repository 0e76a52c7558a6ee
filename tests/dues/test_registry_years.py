"""The registry keeps no years of dues of its own any more: the member form, the import, the exports and the
right-of-access copy read and write the dues ledger; a merge carries the ledger and the standing; the old rows
(members.DuesPayment) come into the ledger once, in the writer's terms, before the table goes."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

from django.apps import apps as django_apps

from tanzim.dues.models import LedgerEntry, Standing
from tanzim.dues.services import category_set
from tanzim.members.declared_years import declared_years_read, declared_years_write
from tanzim.members.services import member_merge
from tanzim.privacy.selectors import member_dossier
from tests.members.factories import make_member

from .factories import EVERYTHING, pay, tetouan


def test_a_merge_carries_the_ledger_and_derives_the_standing_again(party):
    _bureau, _province, branch = tetouan()
    keep = make_member("K-0001", first_ar="سعاد", last_ar="البحراوي")
    drop = make_member("K-0002", first_ar="سعاد", last_ar="البحراوي")
    pay(branch, keep, 2023)
    pay(branch, drop, 2024)
    pay(branch, drop, 2025)
    category_set(acting_user=None, scope=EVERYTHING, member=drop, category="student")
    member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)
    assert sorted(LedgerEntry.objects.filter(member=keep).values_list("year_from", flat=True)) == [2023, 2024, 2025]
    standing = Standing.objects.get(member=keep)
    assert (standing.run_from, standing.run_to) == (2023, 2025)
    assert standing.category == "standard"  # the kept entry had its own standing: its category stays
    assert not Standing.objects.filter(member_id=drop.pk).exists()


def test_a_merge_onto_an_entry_without_dues_gives_it_the_dropped_category(party):
    _bureau, _province, branch = tetouan()
    keep = make_member("K-0001", first_ar="سعاد", last_ar="البحراوي")
    drop = make_member("K-0002", first_ar="سعاد", last_ar="البحراوي")
    pay(branch, drop, 2025, amount="20")
    category_set(acting_user=None, scope=EVERYTHING, member=drop, category="student")
    member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)
    standing = Standing.objects.get(member=keep)
    assert (standing.run_to, standing.category) == (2025, "student")
    assert LedgerEntry.objects.get(member=keep).amount == Decimal("20")


def test_declared_years_are_read_back_from_the_ledger_paid_or_declared_and_not_reversed(party):
    from tanzim.dues.services import entry_reverse

    _bureau, _province, branch = tetouan()
    member = make_member("Y-0001", first_ar="كريم", last_ar="الصقلي")
    given = declared_years_write(acting_user=None, scope=EVERYTHING, pairs=[(member.pk, 2021), (member.pk, 2022)])
    assert given == {member.pk}
    pay(branch, member, 2023, year_to=2024)
    wrong = pay(branch, member, 2025)
    entry_reverse(acting_user=None, scope=EVERYTHING, entry=wrong, reason="خطأ")
    assert declared_years_read(scope=EVERYTHING, member_ids=[member.pk]) == {member.pk: [2021, 2022, 2023, 2024]}
    # A year a payment already covers is not declared again.
    assert declared_years_write(acting_user=None, scope=EVERYTHING, pairs=[(member.pk, 2023)]) == set()
    assert LedgerEntry.objects.filter(member=member, method="declared").count() == 2


def test_the_right_of_access_copy_holds_the_dues_as_the_ledger_has_them(party):
    _bureau, _province, branch = tetouan()
    member = make_member("Y-0002", first_ar="ليلى", last_ar="العلمي")
    pay(branch, member, 2024)
    copy = member_dossier(scope=EVERYTHING, member=member)
    assert "dues_years" not in copy["membership"]
    text = str(copy)
    assert "2024" in text and "100" in text


def test_the_old_rows_come_into_the_ledger_once_in_the_writers_terms(party):
    """The data migration's function, on rows as the old table held them (the table is gone from the models: the
    historical model of the migration state before its removal is used, as the migration itself is run)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = ("members", "0006_import_conflict_of_a_card_repeated_in_the_file")
    state = MigrationExecutor(connection).loader.project_state(before)
    old_apps = state.apps
    _bureau, _province, branch = tetouan()
    member = make_member("Y-0003", first_ar="هند", last_ar="المرابط")
    pay(branch, member, 2024)  # a payment at a treasurer's page already covers 2024
    migration = importlib.import_module("tanzim.dues.migrations.0003_duespayment_rows_into_the_ledger")

    # The old table, as it was, for this test's transaction (DDL a transaction holds on SQLite and PostgreSQL).
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE members_duespayment "
            "(id bigint PRIMARY KEY, member_id bigint NOT NULL, year smallint NOT NULL)"
        )
    DuesPayment = old_apps.get_model("members", "DuesPayment")
    DuesPayment.objects.bulk_create(
        [DuesPayment(pk=i, member_id=member.pk, year=y) for i, y in enumerate((2022, 2023, 2024), start=1)]
    )

    class Apps:
        @staticmethod
        def get_model(app, name):
            return DuesPayment if name == "DuesPayment" else django_apps.get_model(app, name)

    migration.forward(Apps, None)
    migration.forward(Apps, None)  # again: nothing more
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE members_duespayment")
    lines = LedgerEntry.objects.filter(member=member).order_by("year_from")
    assert [(e.year_from, e.method, e.amount, e.entry_date, e.body_id) for e in lines] == [
        (2022, "declared", Decimal("0"), dt.date(2022, 12, 31), None),
        (2023, "declared", Decimal("0"), dt.date(2023, 12, 31), None),
        (2024, "cash", Decimal("100"), dt.date(2024, 3, 1), branch.pk),
    ]
    standing = Standing.objects.get(member=member)
    assert (standing.run_from, standing.run_to) == (2022, 2024)
