"""The hostile reviewer's world: Taounate's officials (head, rapporteur, treasurer, a branch head), the Tétouan head,
and records of both provinces to aim at. Each official signs in on a client of her own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from tanzim.access.models import Account
from tanzim.dues.services import rate_set
from tanzim.meetings.models import MeetingKind
from tanzim.meetings.services import meeting_create
from tests.conftest import TanzimClient
from tests.meetings.factories import EVERYTHING, at

TAOUNATE_COMMUNE = "03.531.01.05"


def login_of(username, person):
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    Account.objects.create(user=user, person=person)
    return user


def signed_in(user, language: str = "ar") -> TanzimClient:
    """A client of its own for `user` (the shared `client` fixture would be signed in as the last one asked)."""
    client = TanzimClient()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def meeting_of(body, day=dt.date(2026, 1, 17), **kw):
    return meeting_create(
        acting_user=None,
        scope=EVERYTHING,
        body=body,
        kind=MeetingKind.objects.get(key="organizational"),
        starts_at=at(day),
        **kw,
    )


def standard_rate(amount: str = "100") -> None:
    rate_set(
        acting_user=None,
        scope=EVERYTHING,
        category="standard",
        amount=Decimal(amount),
        applies_from=dt.date(2020, 1, 1),
    )
