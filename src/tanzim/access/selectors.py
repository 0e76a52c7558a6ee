"""Reads of accounts, through the scope like every other read: a login lies where its person's commune lies."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tanzim.territory.scope import Scope

from .models import Account


def account_list(*, scope: Scope) -> QuerySet:
    """Logins of persons inside the scope; a login with no person or no commune is a national record."""
    return scope.filter(Account.objects.select_related("user", "person__commune"), "person__commune__path").order_by(
        "user__username"
    )


def account_get(*, scope: Scope, pk: int) -> Account:
    """One login, or 404 when it does not exist or its person lies outside the scope."""
    try:
        return account_list(scope=scope).get(pk=pk)
    except Account.DoesNotExist:
        raise Http404 from None
