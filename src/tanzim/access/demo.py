"""Demo logins at every level of the party, each tied to a person of the demo whose mandates give the authority.

Nothing is granted by hand: the provincial secretary of Tétouan reads Tétouan because the demo's renewal made
them its head. Logging in as each shows the same pages holding different data.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tanzim.organization.models import Mandate

from .models import Account

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class DemoAccount:
    username: str
    level: StrOrPromise
    body_type: str
    territory_code: str | None
    position: str


DEMO_ACCOUNTS = (
    DemoAccount("national", _("national"), "national_executive", None, "head"),
    DemoAccount("regional-rsk", _("regional"), "regional_office", "04", "head"),
    DemoAccount("provincial-tetouan", _("provincial"), "provincial_office", "01.571", "head"),
    DemoAccount("provincial-taounate", _("provincial"), "provincial_office", "03.531", "head"),
    DemoAccount("branch-tetouan", _("branch"), "local_office", "01.571.01.11", "head"),
    DemoAccount("treasurer-tetouan", _("branch treasurer"), "local_office", "01.571.01.11", "treasurer"),
)


@dataclass(frozen=True)
class CreatedLogin:
    account: DemoAccount
    password: str
    holder: str
    body: str


def demo_accounts_create(*, password: str | None = None) -> list[CreatedLogin]:
    """Create (or reset) the demo logins; each gets `password` or a new random one. Needs the demo loaded."""
    User = get_user_model()
    created = []
    with transaction.atomic():
        for demo in DEMO_ACCOUNTS:
            mandate = (
                Mandate.objects.filter(
                    end_date__isnull=True,
                    position_type__key=demo.position,
                    body__body_type__key=demo.body_type,
                    body__organization__key="party",
                    body__territory__code=demo.territory_code,
                )
                .select_related("person", "body__body_type", "body__territory", "position_type")
                .first()
            )
            if mandate is None:
                continue
            secret = password or secrets.token_urlsafe(9)
            user, _created = User.objects.get_or_create(username=demo.username)
            user.is_active = True
            user.set_password(secret)
            user.save()
            # The login follows whoever holds the mandate today.
            Account.objects.filter(person=mandate.person).exclude(user=user).delete()
            Account.objects.update_or_create(user=user, defaults={"person": mandate.person})
            created.append(CreatedLogin(demo, secret, mandate.person.full_name, str(mandate.body)))
    return created
