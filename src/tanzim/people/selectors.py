"""Reads of persons, always through a scope (a person lies where their commune lies)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tanzim.territory.scope import Scope

from .models import Person


def person_list(*, scope: Scope, text: str = "", within_path: str | None = None) -> QuerySet:
    """Persons visible in the scope, optionally those whose commune lies inside `within_path`."""
    qs = Person.objects.visible_to(scope).select_related("commune")
    if within_path:
        qs = qs.filter(commune__path__startswith=within_path)
    if text:
        for word in text.split():
            qs = qs.filter(
                Q(first_name_ar__icontains=word)
                | Q(last_name_ar__icontains=word)
                | Q(first_name_latin__icontains=word)
                | Q(last_name_latin__icontains=word)
            )
    return qs


def person_get(*, scope: Scope, pk: int) -> Person:
    try:
        return person_list(scope=scope).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
