"""This year's registration drive for the demo party: statements for members of Tétouan and Taounate (registered in
their commune, not registered, unknown, or nothing said yet), checked over the last weeks by the member or the
branch, and the two provincial offices' targets ("every member registered before 31 December"), so the drive's
pages show real progress. Synthetic data only."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from tanzim.members.models import Member, MemberStatus
from tanzim.organization.models import Body
from tanzim.territory.scope import Scope

from .models import Source, Statement, Status
from .selectors import current_revision
from .services import revision_save, status_record, target_set

EVERYTHING = Scope.everything()
PROVINCES = {"01/01.571/": 0.62, "03/03.531/": 0.41}  # Tétouan, Taounate: the share said registered


def voters_demo_load(*, seed: int = 15, limit: int = 300, today: dt.date | None = None) -> int:
    """Up to `limit` members per province; idempotent (nothing when any statement exists). Returns the statements
    written."""
    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 — demo data, not secrets
    with transaction.atomic():
        if Statement.objects.exists():
            return 0
        revision = current_revision(today)
        if revision is None or revision.closes_on < today:
            year = today.year + 1 if today.month > 3 else today.year
            revision = revision_save(acting_user=None, scope=EVERYTHING, year=year)
        made = 0
        for path, registered in PROVINCES.items():
            members = (
                Member.objects.filter(path__startswith=path, status=MemberStatus.ACTIVE)
                .select_related("person__commune")
                .order_by("pk")[:limit]
            )
            for member in members:
                roll = rng.random()
                if roll < registered:
                    status = Status.REGISTERED
                elif roll < registered + 0.18:
                    status = Status.NOT_REGISTERED
                elif roll < registered + 0.26:
                    status = Status.UNKNOWN
                else:
                    continue  # nothing said yet: to call
                commune = member.person.commune if status == Status.REGISTERED else None
                if commune is not None and commune.level not in ("commune", "arrondissement"):
                    commune = None
                status_record(
                    acting_user=None,
                    scope=EVERYTHING,
                    member=member,
                    status=status,
                    source=Source.MEMBER if rng.random() < 0.3 else Source.BRANCH,
                    checked_on=today - dt.timedelta(days=rng.randint(0, 70)),
                    commune=commune,
                )
                made += 1
            office = Body.objects.filter(
                path=path, body_type__key="provincial_office", organization__key="party"
            ).first()
            if office is not None:
                target_set(
                    acting_user=None,
                    scope=EVERYTHING,
                    body=office,
                    revision=revision,
                    share=100,
                    deadline=revision.requests_until,
                )
    return made
