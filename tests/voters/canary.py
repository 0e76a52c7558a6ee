"""The canary's registration drive (Taounate): the canary member's statements (not registered, then registered in
a commune of Taounate) and a target of the canary's branch. The walk must show none, count none, change none."""

from __future__ import annotations

import datetime as dt

from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tanzim.voters.models import Registration, Statement, Status, Target
from tanzim.voters.selectors import current_revision
from tanzim.voters.services import status_record, target_set

EVERYTHING = Scope.everything()
CANARY_PATH = "03/03.531/"


def records(canary, own_world) -> dict:
    member, branch = canary["member"], canary["branch"]
    revision = current_revision()  # seeded with the app (national data, there before the canary)
    first = status_record(
        acting_user=None, scope=EVERYTHING, member=member, status=Status.NOT_REGISTERED, checked_on=dt.date(2025, 9, 1)
    )
    second = status_record(
        acting_user=None,
        scope=EVERYTHING,
        member=member,
        status=Status.REGISTERED,
        checked_on=dt.date(2025, 10, 1),
        commune=Territory.objects.get(code="03.531.01.05"),
        source="member",
    )
    twin = status_record(acting_user=None, scope=EVERYTHING, member=canary["twin"], status=Status.REGISTERED)
    target = target_set(
        acting_user=None, scope=EVERYTHING, body=branch, revision=revision, share=77, deadline=revision.requests_until
    )
    return {"statements": [first, second, twin], "target": target, "revision": revision}


def ids(canary) -> set[int]:
    made = canary["voters"]
    return {s.pk for s in made["statements"]} | {made["target"].pk}


def state() -> dict:
    return {
        "statements": sorted(
            Statement.objects.filter(member__path__startswith=CANARY_PATH).values_list(
                "pk", "member_id", "status", "commune_id", "source", "checked_on"
            )
        ),
        "current": sorted(
            Registration.objects.filter(member__path__startswith=CANARY_PATH).values_list(
                "member_id", "statement_id", "status", "checked_on"
            )
        ),
        "targets": sorted(
            Target.objects.filter(body__path__startswith=CANARY_PATH).values_list("pk", "share", "deadline")
        ),
    }
