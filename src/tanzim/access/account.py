"""Reads for the account page: who the user is and where their authority comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tanzim.territory.models import Territory

from .authority import Authority
from .capabilities import Capability

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class SourceRow:
    kind: str
    label: str
    territory: str
    capabilities: list[StrOrPromise]
    until: object


def account_person(*, user):
    """The person this login belongs to, or None (an administrator's login may belong to nobody)."""
    account = getattr(user, "account", None)  # the reverse one-to-one raises an AttributeError when absent
    return account.person if account is not None and account.person_id else None


def account_sources(*, authority: Authority) -> list[SourceRow]:
    """The sources of the reader's own authority with their territory names and capability labels.

    Only the territories the authority itself names are read: nothing outside the reader's own scope.
    """
    paths = {s.path for s in authority.sources if s.path}
    names = {t.path: t.name for t in Territory.objects.filter(path__in=paths)} if paths else {}
    order = {value: i for i, value in enumerate(Capability.values)}
    rows = []
    for source in authority.sources:
        caps = sorted((c for c in source.capabilities if c in order), key=order.__getitem__)
        rows.append(
            SourceRow(
                kind=source.kind,
                label=source.label,
                territory=names.get(source.path, source.path) if source.path else _("National"),
                capabilities=[Capability(c).label for c in caps],
                until=source.until,
            )
        )
    return rows


def account_has_device(*, user) -> bool:
    """Has the user a confirmed authenticator app?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def account_ceiling(*, authority: Authority) -> list[str]:
    """The names of the territories the login is trusted within ([] when it has no ceiling)."""
    ceiling = authority.ceiling
    if ceiling is None:
        return []
    names = [t.name for t in Territory.objects.filter(path__in=[p for p in ceiling.paths if p]).order_by("path")]
    return ([_("National")] if ceiling.national else []) + names
