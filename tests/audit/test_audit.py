import datetime as dt

import pytest

from tanzim.audit.models import AuditEntry
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, mandate_end, mandate_start, office_renew
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory


def test_writes_leave_an_audit_row_with_old_and_new_values(party, admin_user):
    province = make_body("provincial_office", "01.571")
    head = PositionType.objects.get(key="head")
    renewal = office_renew(
        acting_user=admin_user, body=province, held_on=dt.date(2025, 1, 1), seats=[Seat(head, PersonFactory())]
    )
    entry = AuditEntry.objects.get(action="office.renew")
    assert entry.actor == admin_user
    assert entry.target_id == str(renewal.pk)
    assert entry.territory_path == "01/01.571/"
    assert entry.changes["status"] == ["not_constituted", "constituted"]

    advisor = PositionType.objects.get(key="advisor")
    mandate = mandate_start(
        acting_user=admin_user,
        body=province,
        person=PersonFactory(),
        position_type=advisor,
        start_date=dt.date(2025, 6, 1),
    )
    mandate_end(acting_user=admin_user, mandate=mandate, end_date=dt.date(2025, 9, 1), reason="resigned")
    update = AuditEntry.objects.get(action="mandate.update")
    assert update.changes["end_date"] == [None, "2025-09-01"]


def test_audit_rows_are_append_only(party):
    entry = AuditEntry.objects.first()
    assert entry is not None  # party set-up is audited
    entry.action = "tampered"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
