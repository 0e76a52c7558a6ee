"""The bench's import floor: the registry's rows landed in twin tables, their indexes and keys rebuilt, then gone."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tanzim.members import bench
from tests.members.factories import make_member

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the bench runs on PostgreSQL: the suite's PostgreSQL run (DATABASE_URL) covers it",
)


@on_postgresql
@pytest.mark.django_db
def test_the_floor_lands_the_registry_rebuilds_its_indexes_and_keys_and_leaves_no_table():
    make_member("F0001", first_ar="كريمة", last_ar="العلوي", gender="f")
    make_member("F0002", first_latin="Youssef", last_latin="Bennani")
    make_member("F0003", first_ar="محمد", last_ar="الإدريسي", first_latin="Mohamed", last_latin="Idrissi")

    figures = bench.floor_figures(separate=False)

    assert figures["rows"] == 6  # three persons and their three members
    assert figures["seconds"] > 0 and figures["copy_seconds"] > 0 and figures["index_seconds"] > 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_index WHERE indrelid IN ('people_person'::regclass, 'members_member'::regclass)"
        )
        (indexes,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'c' "
            "AND conrelid IN ('people_person'::regclass, 'members_member'::regclass)"
        )
        (checks,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid IN ('people_person'::regclass, 'members_member'::regclass)"
        )
        (keys,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname IN ('floor_person', 'floor_member')")
        (left,) = cursor.fetchone()
    assert indexes > 0 and figures["indexes"] == indexes + checks  # every index again, and the check constraints
    assert figures["foreign_keys"] == keys > 0
    assert left == 0
