"""The canary's activities: a programme of the Taounate body, an activity named with the markers, a participant
(the canary member), all of which the Tétouan reader must never see nor change (see tests/access/test_canary.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tanzim.activities.models import Activity, ActivityKind, Participant, WorkProgramme
from tanzim.activities.services import activity_report, activity_save, participant_add, programme_save
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

EVERYTHING = Scope.everything()
PATH = "03/03.531/"


def records(canary, own_world) -> dict:
    today = timezone.localdate()
    programme = programme_save(
        acting_user=None,
        scope=EVERYTHING,
        body=canary["province"],
        title="برنامج الكناريكي Kanarikki",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )
    commune = Territory.objects.get(code="03.531.01.05")
    done = activity_save(
        acting_user=None,
        scope=EVERYTHING,
        programme=programme,
        body=canary["province"],
        kind=ActivityKind.objects.get(key="caravan"),
        theme="قافلة الكناريكي Kanarikki",
        starts_on=today,
        commune=commune,
        venue="Kanarikki",
        planned_participants=77,
    )
    activity_report(
        acting_user=None, scope=EVERYTHING, activity=done, report="Kanarikki", actual_participants=78, today=today
    )
    coming = activity_save(
        acting_user=None,
        scope=EVERYTHING,
        programme=programme,
        body=canary["branch"],
        kind=ActivityKind.objects.get(key="study_day"),
        theme="يوم الكناريكي Kanarikki",
        starts_on=today + dt.timedelta(days=3),
        commune=commune,
    )
    row = participant_add(
        acting_user=None, scope=EVERYTHING, activity=done, person=canary["member"].person, attended=True
    )
    return {"programme": programme, "done": done, "coming": coming, "participant": row}


def ids(canary) -> set[int]:
    mine = canary["activities"]
    return {mine["programme"].pk, mine["done"].pk, mine["coming"].pk, mine["participant"].pk}


def state() -> dict:
    return {
        "programmes": sorted(
            WorkProgramme.objects.filter(body__path__startswith=PATH).values_list("pk", "title", "starts_on", "ends_on")
        ),
        "activities": sorted(
            Activity.objects.filter(body__path__startswith=PATH).values_list(
                "pk", "theme", "body_id", "programme_id", "starts_on", "report", "cancelled_on", "actual_participants"
            )
        ),
        "participants": sorted(
            Participant.objects.filter(activity__body__path__startswith=PATH).values_list("pk", "person_id", "attended")
        ),
    }
