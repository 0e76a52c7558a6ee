"""Writes to accounts and grants, each audited in its own transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from tanzim.audit.services import audit_record

from .capabilities import Capability
from .models import Account, Grant


def account_create(*, acting_user, username: str, password: str | None, person=None, email: str = "") -> Account:
    """A login for a person. The password must pass the project's rules; None leaves it unusable (set later)."""
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, email=email)
        if password is None:
            user.set_unusable_password()
        else:
            validate_password(password, user)
            user.set_password(password)
        user.save()
        account = Account.objects.create(user=user, person=person)
        audit_record(
            acting_user=acting_user,
            action="account.create",
            target=account,
            territory_path=person.commune.path if person is not None and person.commune_id else "",
            changes={"username": username, "person": person.pk if person is not None else None},
        )
    return account


def account_deactivate(*, acting_user, user) -> None:
    """Close a login without deleting it: its history and audit rows stay readable."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(acting_user=acting_user, action="account.deactivate", target=user, changes={"is_active": False})


def grant_create(
    *,
    acting_user,
    user,
    territory=None,
    capabilities: list[str],
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    reason: str = "",
) -> Grant:
    """Give a user authority by name over a territory (None: national) for a time."""
    unknown = set(capabilities) - set(Capability.values)
    if unknown:
        raise ValueError(f"unknown capabilities: {sorted(unknown)}")
    with transaction.atomic():
        grant = Grant.objects.create(
            user=user,
            territory=territory,
            capabilities=sorted(set(capabilities)),
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason,
            granted_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        audit_record(
            acting_user=acting_user,
            action="grant.create",
            target=grant,
            territory_path=territory.path if territory is not None else "",
            changes={
                "user": user.pk,
                "capabilities": grant.capabilities,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
            },
        )
    return grant


def grant_end(*, acting_user, grant: Grant, on: dt.date) -> Grant:
    """End a grant on a date (it covers that day, not the next)."""
    with transaction.atomic():
        old = grant.ends_on
        grant.ends_on = max(on, grant.starts_on)
        grant.save(update_fields=["ends_on"])
        audit_record(
            acting_user=acting_user,
            action="grant.end",
            target=grant,
            territory_path=grant.territory.path if grant.territory_id else "",
            changes={"ends_on": [old.isoformat() if old else None, grant.ends_on.isoformat()]},
        )
    return grant
