"""Dues worlds for the tests: a Tétouan province and branch, their treasurers, members, rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from tanzim.access.models import Account
from tanzim.dues.services import payment_record, rate_set
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()
TETOUAN = "01.571"
TETOUAN_COMMUNE = "01.571.01.11"


def officials(body, keys: list[str], held_on=dt.date(2025, 2, 1)) -> dict:
    """An office of `body` renewed with a login per position in `keys` (a head added when not asked for)."""
    keys = keys if "head" in keys else ["head", *keys]
    commune = body.territory.code if body.territory.level == "commune" else TETOUAN_COMMUNE
    users, seats = {}, []
    for i, key in enumerate(keys):
        person = make_member(f"{body.pk}-{key}-{i}", first_ar="مسؤول", last_ar=key, commune=commune).person
        seats.append(Seat(PositionType.objects.get(key=key), person))
        user = get_user_model().objects.create_user(f"{key}-{body.pk}", password="a-long-test-password")
        Account.objects.create(user=user, person=person)
        users[key] = user
    office_renew(acting_user=None, body=body, held_on=held_on, seats=seats)
    return users


def tetouan():
    bureau = make_body("national_executive")
    province = make_body("provincial_office", TETOUAN, parent=bureau)
    branch = make_body("local_office", TETOUAN_COMMUNE, parent=province)
    return bureau, province, branch


def rates():
    rate_set(
        acting_user=None, scope=EVERYTHING, category="standard", amount=Decimal("100"), applies_from=dt.date(2020, 1, 1)
    )
    rate_set(
        acting_user=None, scope=EVERYTHING, category="student", amount=Decimal("20"), applies_from=dt.date(2020, 1, 1)
    )
    rate_set(
        acting_user=None, scope=EVERYTHING, category="standard", amount=Decimal("120"), applies_from=dt.date(2025, 1, 1)
    )


def pay(body, member, year, on=None, amount="100", **kw):
    return payment_record(
        acting_user=None,
        scope=EVERYTHING,
        body=body,
        member=member,
        amount=Decimal(amount),
        entry_date=on or dt.date(year, 3, 1),
        year_from=year,
        **kw,
    )
