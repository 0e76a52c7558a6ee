"""Reads of accounts, through the scope like every other read: a login lies where its person's commune lies."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from tanzim.territory.scope import Scope

from .models import Account


def account_list(*, scope: Scope) -> QuerySet:
    """Logins of persons inside the scope; a login with no person or no commune is a national record."""
    return Account.objects.visible_to(scope).select_related("user", "person__commune").order_by("user__username")


def account_get(*, scope: Scope, pk: int) -> Account:
    """One login, or 404 when it does not exist or its person lies outside the scope."""
    try:
        return account_list(scope=scope).get(pk=pk)
    except Account.DoesNotExist:
        raise Http404 from None


def username_taken(username: str) -> bool:
    """Is a username in use, whatever its case (usernames are told apart by their letters, not their case)?"""
    return get_user_model().objects.filter(username__iexact=username).exists()


def person_has_login(person_id: int) -> bool:
    return Account.objects.filter(person_id=person_id).exists()


def activation_user(pk: int):
    """The open login an activation link names, or None (unknown or closed)."""
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def usernames(pks) -> list[tuple[int, str]]:
    """(id, username) of these logins, whoever they belong to: for a reader of everything only."""
    model = get_user_model()
    return list(model.objects.filter(pk__in=list(pks)).values_list("pk", model.USERNAME_FIELD))
