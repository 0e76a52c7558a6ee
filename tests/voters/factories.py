"""Registration-drive worlds: Tétouan (a province, a branch on the commune of Tétouan, their heads) and Taounate
(a province and its branch), with the revision whose lists close on 31 March 2027."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from tanzim.access.models import Account
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.scope import Scope
from tanzim.voters.services import revision_save, status_record
from tests.members.factories import make_member
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()
TETOUAN_COMMUNE = "01.571.01.11"
OUED_LAOU = "01.571.01.07"
TAOUNATE_COMMUNE = "03.531.01.05"
TODAY = dt.date(2026, 12, 7)


def head_of(body, card: str, commune: str):
    """A member heading `body`, with a login."""
    person = make_member(card, first_ar="مسؤول", last_ar=card, commune=commune).person
    office_renew(
        acting_user=None,
        body=body,
        held_on=dt.date(2025, 2, 1),
        seats=[Seat(PositionType.objects.get(key="head"), person)],
    )
    user = get_user_model().objects.create_user(f"user-{card}", password="a-long-test-password")
    Account.objects.create(user=user, person=person)
    return user


def world() -> dict:
    bureau = make_body("national_executive")
    tetouan = make_body("provincial_office", "01.571", parent=bureau)
    branch = make_body("local_office", TETOUAN_COMMUNE, parent=tetouan)
    taounate = make_body("provincial_office", "03.531", parent=bureau)
    taounate_branch = make_body("local_office", TAOUNATE_COMMUNE, parent=taounate)
    revision = revision_save(acting_user=None, scope=EVERYTHING, year=2027)
    return {
        "bureau": bureau,
        "tetouan": tetouan,
        "branch": branch,
        "taounate": taounate,
        "taounate_branch": taounate_branch,
        "revision": revision,
        "tetouan_head": head_of(tetouan, "T-HEAD", TETOUAN_COMMUNE),
        "branch_head": head_of(branch, "T-BRANCH", TETOUAN_COMMUNE),
        "taounate_head": head_of(taounate, "Q-HEAD", TAOUNATE_COMMUNE),
    }


def record(member, status, on=dt.date(2026, 11, 1), **kw):
    return status_record(acting_user=None, scope=EVERYTHING, member=member, status=status, checked_on=on, **kw)
