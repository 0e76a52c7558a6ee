"""`tanzim backup` and `tanzim restore`, as an operator runs them: a backup of a party's database restored into a
fresh one holds every member, mandate and audit row, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.live import _tanzim, site_environment

COUNTS = """
import json
from tanzim.audit.models import AuditEntry
from tanzim.members.models import Member
from tanzim.organization.models import Mandate
from tanzim.people.models import Person
print(json.dumps({
    "members": sorted(Member.objects.values_list("card_number", "path", "person__name_key")),
    "mandates": sorted(Mandate.objects.values_list("pk", "person_id", "body_id", "end_date")),
    "audit": sorted(AuditEntry.objects.values_list("pk", "action", "target_id")),
    "persons": Person.objects.count(),
}, default=str))
"""


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_backup_restored_into_a_fresh_database_holds_every_member_mandate_and_audit_row(tmp_path, kind):
    backup_file = tmp_path / ("party.sqlite3" if kind == "sqlite" else "party.pgdump")
    with site_environment(tmp_path / "first", kind) as env:
        _tanzim("migrate", "--no-input", "-v0", env=env)
        _tanzim("load-territory", env=env)
        _tanzim("load-demo", env=env)
        _tanzim("load-demo-members", "-v0", env=env)
        before = json.loads(_tanzim("shell", "-c", COUNTS, env=env).strip().splitlines()[-1])
        _tanzim("backup", str(backup_file), env=env)

    with site_environment(tmp_path / "second", kind) as env:
        _tanzim("restore", str(backup_file), env=env)
        after = json.loads(_tanzim("shell", "-c", COUNTS, env=env).strip().splitlines()[-1])
        # The restored database is a working one: it takes a write, and says it is not empty to a second restore.
        _tanzim("migrate", "--check", env=env)

    assert len(before["members"]) > 100 and len(before["mandates"]) > 100 and len(before["audit"]) > 100
    assert after == before


def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path):
    with site_environment(tmp_path / "site", "sqlite") as env:
        _tanzim("migrate", "--no-input", "-v0", env=env)
        _tanzim("backup", str(tmp_path / "b.sqlite3"), env=env)
        with pytest.raises(AssertionError) as refused:
            _tanzim("restore", str(tmp_path / "b.sqlite3"), env=env)
    assert "not empty" in str(refused.value)
