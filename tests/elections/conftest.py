"""The elections suite's world: the national bureau, the provincial offices of Tétouan and Taounate with a branch
each and a head who has a login, and the 2026 legislative election loaded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tanzim.access.models import Account
from tanzim.elections.services import legislative_2026_load
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tests.members.factories import make_member
from tests.organization.factories import make_body

TAOUNATE_COMMUNE = "03.531.01.05"
TETOUAN_COMMUNE = "01.571.01.11"


@pytest.fixture
def world(party):
    head = PositionType.objects.get(key="head")
    bureau = make_body("national_executive")
    out = {"bureau": bureau}
    for code, commune, name in (("01.571", TETOUAN_COMMUNE, "tetouan"), ("03.531", TAOUNATE_COMMUNE, "taounate")):
        province = make_body("provincial_office", code, parent=bureau)
        branch = make_body("local_office", commune, parent=province)
        official = make_member(f"{name}-1", first_ar="سعاد", last_ar=name, commune=commune)
        office_renew(acting_user=None, body=province, held_on=dt.date(2025, 1, 1), seats=[Seat(head, official.person)])
        user = get_user_model().objects.create_user(f"{name}-head", password="a-long-test-password")
        Account.objects.create(user=user, person=official.person)
        out[name] = {"province": province, "branch": branch, "official": official, "user": user, "commune": commune}
    out["election"] = legislative_2026_load()
    return out
