"""The offices' part of a person's footprint: every body where they hold a mandate that is not over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Q

from tanzim.people.footprint import footprint_provider

from .models import Mandate


@footprint_provider("mandates")
def mandate_places(person_ids: Collection[int] | None, today: dt.date):
    mandates = Mandate.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if person_ids is not None:
        mandates = mandates.filter(person_id__in=list(person_ids))
    return mandates.values_list("person_id", "body__path").distinct().iterator(chunk_size=5000)
