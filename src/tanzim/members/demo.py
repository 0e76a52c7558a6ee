"""Memberships for the demo party: every generated person of the demo becomes a card-holding member."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from tanzim.organization.models import Body
from tanzim.people.models import Person

from .models import Member, MemberStatus, Sector
from .services import member_path

PROFESSIONS = [
    ("محام", Sector.JUSTICE),
    ("أستاذ جامعي", Sector.HIGHER_EDUCATION),
    ("طبيب", Sector.HEALTH),
    ("ممرضة", Sector.HEALTH),
    ("مهندس", Sector.INDUSTRY),
    ("أستاذ", Sector.EDUCATION),
    ("طالب", Sector.STUDENT),
    ("فلاح", Sector.AGRICULTURE),
    ("تاجر", Sector.COMMERCE),
    ("متصرف", Sector.ADMINISTRATION),
]


def demo_members_load(*, seed: int = 2026) -> int:
    """Give every demo person without a membership a card (idempotent). Returns how many were added."""
    rng = random.Random(seed)  # noqa: S311 — demo data, not secrets
    # Both are looked up with an id that may be None (a person without a commune, a commune without a branch).
    local: dict[int | None, int] = dict(
        Body.objects.filter(organization__key="party", body_type__level="local").values_list("territory_id", "pk")
    )
    bodies: dict[int | None, Body] = {
        b.pk: b for b in Body.objects.filter(pk__in=local.values()).select_related("territory")
    }
    added = 0
    with transaction.atomic():
        for person in Person.objects.filter(membership__isnull=True).select_related("commune").order_by("pk"):
            body = bodies.get(local.get(person.commune_id))
            profession, sector = rng.choice(PROFESSIONS)
            Member.objects.create(
                person=person,
                card_number=f"D{person.pk:07d}",
                join_date=dt.date(rng.randint(2005, 2025), 1, 1),
                local_body=body,
                path=member_path(person=person, local_body=body),
                status=MemberStatus.ACTIVE,
                profession=profession,
                sector=sector,
                verified_on=dt.date(2026, rng.randint(1, 10), 1) if rng.random() < 0.6 else None,
            )
            added += 1
    return added
