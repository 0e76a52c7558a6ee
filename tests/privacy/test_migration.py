"""Consents and erasures moved from `access` to `privacy` without a row lost: a database at the state before the
move (access 0003, no privacy app) migrates forward with its consents, erasures, permissions and audit rows."""

from __future__ import annotations

import json

import pytest

from tests.live import _tanzim, site_environment

# The database as it was before the move: the same tables, the models' content types and audit rows under
# "access", a login holding the permission to read consents.
SEED = """
import datetime as dt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from tanzim.audit.models import AuditEntry
from tanzim.members.models import Member
from tanzim.people.models import Person

ContentType.objects.filter(app_label="privacy").update(app_label="access")
person = Person.objects.create(first_name_ar="يوسف", last_name_ar="المرابط")
member = Member.objects.create(person=person, card_number="MOVE-1")
with connection.cursor() as cursor:
    cursor.execute(
        "INSERT INTO access_consent (member_id, purpose, channel, given_on, created_at) VALUES (%s, %s, %s, %s, %s)",
        [member.pk, "registry", "paper", dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, tzinfo=dt.UTC)],
    )
    cursor.execute(
        "INSERT INTO access_erasure (member_id, reason, erased_at) VALUES (%s, %s, %s)",
        [member.pk, "request", dt.datetime(2024, 2, 1, tzinfo=dt.UTC)],
    )
    cursor.execute("SELECT id FROM access_consent")
    consent_id = cursor.fetchone()[0]
AuditEntry.objects.create(action="consent.record", target_type="access.consent", target_id=str(consent_id))
user = get_user_model().objects.create(username="dpo")
user.user_permissions.add(Permission.objects.get(content_type__app_label="access", codename="view_consent"))
"""

CHECK = """
import json
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from tanzim.audit.models import AuditEntry
from tanzim.privacy.models import Consent, Erasure
print(json.dumps({
    "consents": list(Consent.objects.values_list("member__card_number", "purpose", "given_on")),
    "erasures": list(Erasure.objects.values_list("member__card_number", "reason")),
    "types": sorted(ContentType.objects.filter(model__in=["consent", "erasure"]).values_list("app_label", "model")),
    "audit": [row.target_type for row in AuditEntry.objects.filter(action="consent.record")],
    "audit_resolves": [
        row.target_type == Consent._meta.label_lower and Consent.objects.filter(pk=row.target_id).exists()
        for row in AuditEntry.objects.filter(action="consent.record")
    ],
    "permission": get_user_model().objects.get(username="dpo").has_perm("privacy.view_consent"),
}, default=str))
"""


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_database_from_before_the_move_keeps_its_consents_erasures_permissions_and_audit_rows(tmp_path, kind):
    with site_environment(tmp_path / "site", kind) as env:
        _tanzim("migrate", "--no-input", "-v0", env=env)
        # Back to the state before the move: Django forgets the privacy app, the tables stay as they were.
        _tanzim("migrate", "access", "0003", "--no-input", "-v0", env=env)
        _tanzim("migrate", "privacy", "zero", "--no-input", "-v0", env=env)
        _tanzim("shell", "-c", SEED, env=env)

        _tanzim("migrate", "--no-input", "-v0", env=env)
        after = json.loads(_tanzim("shell", "-c", CHECK, env=env).strip().splitlines()[-1])
        _tanzim("makemigrations", "--check", "--dry-run", env=env)

    assert after == {
        "consents": [["MOVE-1", "registry", "2024-01-01"]],
        "erasures": [["MOVE-1", "request"]],
        "types": [["privacy", "consent"], ["privacy", "erasure"]],
        "audit": ["privacy.consent"],
        "audit_resolves": [True],
        "permission": True,
    }
