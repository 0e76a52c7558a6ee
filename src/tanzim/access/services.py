"""Writes to accounts and grants, each audited in its own transaction."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.people.footprint import PersonBeyondScope, require_person_within
from tanzim.territory.scope import Scope

from .authority import authority_for
from .capabilities import Capability
from .models import Account, Grant

USERNAME = re.compile(r"[A-Za-z0-9._-]{3,40}")


def username_check(value: str) -> str:
    """A username as the platform takes it: 3 to 40 Latin letters, digits, dots, underscores or dashes (what
    a phone keyboard types, what reads the same in an Arabic and a French page, no look-alike letters)."""
    value = (value or "").strip()
    if not USERNAME.fullmatch(value):
        raise ValidationError(_("A username has 3 to 40 characters: Latin letters, digits and . _ - only."))
    return value


def _ceiling(scope: Scope, acting_user=None) -> dict:
    """The fields recording the trust ceiling of a login whose link an official with accounts `scope` issued: its
    territory, and each capability where the official (`acting_user`; None: a trusted caller, the commands) holds
    it, so a login never holds more than whoever could have used its link."""
    fields: dict = {"ceiling_paths": None, "ceiling_national": False, "ceiling_capabilities": None}
    if not scope.is_everything:
        fields |= {"ceiling_paths": sorted(scope.paths), "ceiling_national": scope.national}
    if acting_user is not None and getattr(acting_user, "is_authenticated", False):
        issuer = authority_for(acting_user)
        held = {cap: issuer.scope(cap) for cap in Capability.values}
        if not all(where.is_everything for where in held.values()):
            fields["ceiling_capabilities"] = {
                cap: {"paths": sorted(where.paths), "national": where.national}
                for cap, where in sorted(held.items())
                if where.paths or where.national
            }
    return fields


def account_create(*, acting_user, scope: Scope, username: str, person, email: str = "") -> Account:
    """A login for a person, with no password: its holder sets one through an activation link (see
    `activation_path`). The creator never chooses nor sees it, so a login never hands its authority to whoever
    made it; and the person's whole footprint (mandates, grants) must lie inside the creator's accounts `scope`
    (PersonBeyondScope otherwise): nobody gives a login that would open more than their own territory."""
    User = get_user_model()
    with transaction.atomic():
        require_person_within(scope, person.pk)
        username = username_check(username)
        user = User(username=username, email=email)
        user.set_unusable_password()
        # Two officials giving a login at the same moment: the database keeps one, the other is told why.
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError({"username": _("This username is taken.")}) from None
        try:
            with transaction.atomic():
                account = Account.objects.create(user=user, person=person, **_ceiling(scope, acting_user))
        except IntegrityError:
            raise ValidationError({"card_number": _("This member already has a login.")}) from None
        audit_record(
            acting_user=acting_user,
            action="account.create",
            target=account,
            territory_path=person.commune.path if person.commune_id else "",
            changes={"username": username, "person": person.pk},
        )
    return account


def activation_path(user) -> str:
    """The one-time path where the holder of a new login sets its password. It stops working once a password is
    set, when a newer link is issued, or after TANZIM_ACTIVATION_HOURS."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/accounts/activate/{uid}/{default_token_generator.make_token(user)}/"


def activation_renew(*, acting_user, scope: Scope, account: Account) -> str:
    """A new activation link for a login; earlier links stop working, and so does the password if one was set
    (the holder sets a new one through this link). Only an official whose `scope` covers the login's person and
    its trust ceiling may do it, so nobody takes over a login given by a higher body; the ceiling becomes the
    issuer's territory (a higher official lifts it)."""
    user = account.user
    with transaction.atomic():
        require_person_within(scope, account.person_id)
        ceiling = account.ceiling
        if not scope.is_everything and (ceiling is None or not scope.contains(ceiling)):
            raise PersonBeyondScope(
                _("This login was given by a higher body: only an official of that body can issue a new link.")
            )
        ceiling_fields = _ceiling(scope, acting_user)
        if (
            user.has_usable_password()
            and not scope.is_everything
            and ceiling.contains(scope)
            and not _lifts(account.ceiling_capabilities, ceiling_fields["ceiling_capabilities"])
        ):
            # A login in use is re-keyed only to lift its ceiling, by a higher body or by an official of its
            # territory who holds more than whoever issued its link: never by an equal, who would otherwise lock
            # its holder out and sign in as them.
            raise PersonBeyondScope(_("This login is in use: only a higher body can give it a new activation link."))
        if (
            user.has_usable_password()
            and scope.is_everything
            and not _holds_as_much(ceiling_fields["ceiling_capabilities"], account.ceiling_capabilities)
        ):
            # A national official who holds less than a login in use is trusted with does not re-key it: they
            # would lock its holder out and sign in as them.
            raise PersonBeyondScope(
                _(
                    "This login is in use and trusted with more than you hold: only an official who holds as much "
                    "can give it a new activation link."
                )
            )
        user.set_unusable_password()  # a new random marker: the tokens made before no longer match
        user.save(update_fields=["password"])
        for field, value in ceiling_fields.items():
            setattr(account, field, value)
        account.save(update_fields=list(ceiling_fields))
        audit_record(acting_user=acting_user, action="account.activation_link", target=account, changes={})
    return activation_path(user)


def _lifts(old: dict | None, new: dict | None) -> bool:
    """Whether a ceiling of capabilities `new` (the stored form, None: none) trusts a login with more than `old`,
    and with everything `old` trusted it with."""
    if old is None:
        return False
    if new is None:
        return True

    def scope(where: dict | None) -> Scope:
        return Scope(paths=frozenset(where["paths"]), national=where["national"]) if where else Scope.nothing()

    caps = set(old) | set(new)
    if not all(scope(new.get(c)).contains(scope(old.get(c))) for c in caps):
        return False
    return any(not scope(old.get(c)).contains(scope(new.get(c))) for c in caps)


def _holds_as_much(new: dict | None, old: dict | None) -> bool:
    """Whether a ceiling of capabilities `new` (stored form; None: none) trusts a login with everything `old` did."""
    if new is None:
        return True
    if old is None:
        return False
    for cap, where in old.items():
        had = Scope(paths=frozenset(where["paths"]), national=where["national"])
        got = new.get(cap)
        if not Scope(
            paths=frozenset(got["paths"]) if got else frozenset(), national=bool(got and got["national"])
        ).contains(had):
            return False
    return True


def link_ceiling(scope: Scope, acting_user) -> dict:
    """The ceiling a link issued now by `acting_user` (accounts `scope`) would give a login (the stored fields)."""
    return _ceiling(scope, acting_user)


def activation_lifts(*, issued: dict, scope: Scope, account: Account) -> bool:
    """Whether a new link whose ceiling would be `issued` (`link_ceiling`) trusts the login further: a wider
    territory, or the same with more capabilities (the accounts page offers it then)."""
    ceiling = account.ceiling
    if ceiling is None or not scope.contains(ceiling):
        return False
    if not ceiling.contains(scope):
        return True
    return _lifts(account.ceiling_capabilities, issued["ceiling_capabilities"])


def account_activate(*, user, password: str) -> None:
    """The holder of a login sets its first password (already checked against the password rules)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(acting_user=user, action="account.activate", target=user, changes={})


def account_deactivate(*, acting_user, scope: Scope, account: Account) -> None:
    """Close a login without deleting it: its history and audit rows stay readable. The closer's accounts
    `scope` must cover everything the login's person holds (PersonBeyondScope otherwise)."""
    user = account.user
    with transaction.atomic():
        require_person_within(scope, account.person_id)
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
            territory_path=grant.territory.path if grant.territory is not None else "",
            changes={"ends_on": [old.isoformat() if old else None, grant.ends_on.isoformat()]},
        )
    return grant
