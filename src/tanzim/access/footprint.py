"""The logins' part of a person's footprint: the territories of their login's grants, or everything for an
administrator of the platform. (A login's other authority comes from mandates, which the offices declare.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Q

from tanzim.people.footprint import footprint_provider

from .models import Account, Grant


@footprint_provider("logins")
def login_places(person_ids: Collection[int] | None, today: dt.date):
    grants = Grant.objects.filter(user__account__person__isnull=False).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    admins = Account.objects.filter(person__isnull=False, user__is_superuser=True, user__is_active=True)
    if person_ids is not None:
        ids = list(person_ids)
        grants = grants.filter(user__account__person_id__in=ids)
        admins = admins.filter(person_id__in=ids)
    yield from grants.values_list("user__account__person_id", "territory__path").distinct()
    for person_id in admins.values_list("person_id", flat=True):
        yield person_id, None
