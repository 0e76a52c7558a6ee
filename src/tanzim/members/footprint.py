"""The registry's part of a person's footprint: the territory their member entry is read through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from tanzim.people.footprint import footprint_provider

from .models import Member


@footprint_provider("membership")
def membership_places(person_ids: Collection[int] | None, today: dt.date):
    # Every member has a place in the registry, and a scoped import already checks each matched member's own
    # path: asked for everyone (None), this part adds nothing and is left out.
    if person_ids is None:
        return []
    return Member.objects.filter(person_id__in=list(person_ids)).values_list("person_id", "path")
