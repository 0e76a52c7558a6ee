"""Attacks on the activities app that it withstood (kept so that they keep being withstood)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tanzim.activities.models import Activity, ActivityKind, Participant
from tanzim.activities.services import activity_save, participant_add, programme_save
from tests.review.world import EVERYTHING, signed_in


def _kind():
    return ActivityKind.objects.order_by("pk").first()


def _activity(body):
    return activity_save(
        acting_user=None, scope=EVERYTHING, body=body, kind=_kind(), theme="لقاء تواصلي", starts_on=dt.date(2026, 3, 10)
    )


def test_no_activity_under_a_tetouan_programme_nor_in_a_tetouan_commune(world):
    programme = programme_save(
        acting_user=None,
        scope=EVERYTHING,
        body=world["tetouan"],
        title="برنامج تطوان",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    rapporteur = signed_in(world["rapporteur_user"])
    plan = {"body": str(world["province"].pk), "kind": str(_kind().pk), "theme": "قافلة", "starts_on": "10/03/2026"}
    response = rapporteur.post(reverse("activities:create"), plan | {"programme": str(programme.pk)})
    assert response.status_code == 200 and "قافلة" in response.content.decode()
    response = rapporteur.post(reverse("activities:create"), plan | {"commune": "01.571.01.11"})
    assert response.status_code == 200 and "قافلة" in response.content.decode()
    api = rapporteur.post(
        "/api/v1/activities",
        {
            "body_id": world["province"].pk,
            "kind": _kind().key,
            "theme": "x",
            "starts_on": "2026-03-10",
            "commune": "01.571.01.11",
        },
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not Activity.objects.exists()


def test_an_activity_is_not_moved_to_tetouan(world):
    activity = _activity(world["province"])
    rapporteur = signed_in(world["rapporteur_user"])
    move = {"body": str(world["tetouan"].pk), "kind": str(_kind().pk), "theme": "x", "starts_on": "10/03/2026"}
    assert rapporteur.post(reverse("activities:edit", args=[activity.pk]), move).status_code == 200
    activity.refresh_from_db()
    assert activity.body_id == world["province"].pk


def test_participants_stay_inside_the_territory_and_the_activity(world):
    mine, theirs = _activity(world["province"]), _activity(world["tetouan"])
    row = participant_add(
        acting_user=None, scope=EVERYTHING, activity=theirs, person=world["tetouan_head"], attended=True
    )
    rapporteur = signed_in(world["rapporteur_user"])
    add = reverse("activities:participant_add", args=[mine.pk])
    assert rapporteur.post(add, {"person": str(world["tetouan_head"].pk), "person_q": "كريم الصقلي"}).status_code == 400
    assert rapporteur.post(reverse("activities:participant_remove", args=[mine.pk, row.pk])).status_code == 404
    assert list(Participant.objects.values_list("pk", flat=True)) == [row.pk]


def test_the_treasurer_and_the_branch_head_change_no_activity_of_the_province(world):
    activity = _activity(world["province"])
    treasurer = signed_in(world["treasurer_user"])
    api = treasurer.post(f"/api/v1/activities/{activity.pk}/report", {"report": "تم"}, content_type="application/json")
    assert api.status_code == 403
    assert treasurer.post(reverse("activities:cancel", args=[activity.pk]), {"reason": "x"}).status_code == 403
    branch = signed_in(world["branch_user"])
    assert branch.post(reverse("activities:cancel", args=[activity.pk]), {"reason": "x"}).status_code == 404
    activity.refresh_from_db()
    assert activity.cancelled_on is None and activity.report == ""


def test_a_calendar_month_out_of_range_is_no_error(world):
    rapporteur = signed_in(world["rapporteur_user"])
    for month in ("9999-12", "0001-01", "2026-13", "x"):
        assert rapporteur.get(reverse("activities:calendar"), {"month": month}).status_code == 200
