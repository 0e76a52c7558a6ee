"""Attacks on the meetings app that it withstood (kept so that they keep being withstood)."""

from __future__ import annotations

from django.urls import reverse

from tanzim.meetings.models import AgendaItem, CalendarFeed, Communique, Meeting
from tanzim.meetings.services import agenda_item_save
from tests.review.test_meetings_holes import _form
from tests.review.world import EVERYTHING, meeting_of, signed_in


def test_the_treasurer_writes_no_minutes_and_publishes_no_communique(world):
    meeting = meeting_of(world["province"])
    treasurer = signed_in(world["treasurer_user"])
    item = treasurer.post(reverse("meetings:item_new", args=[meeting.pk]), {"item-title": "x", "item-minutes": "y"})
    assert item.status_code == 403 and not AgendaItem.objects.exists()
    publish = treasurer.post(reverse("meeting_documents:communique_publish", args=[meeting.pk]))
    generate = treasurer.post(reverse("meeting_documents:communique_generate", args=[meeting.pk]))
    assert publish.status_code == 403 and generate.status_code == 403
    assert not Communique.objects.exists()


def test_a_tetouan_person_is_neither_chair_nor_guest(world):
    rapporteur = signed_in(world["rapporteur_user"])
    stranger = world["tetouan_head"]
    roles = {
        "role-TOTAL_FORMS": "1",
        "role-0-role": "chair",
        "role-0-person": str(stranger.pk),
        "role-0-person_q": "كريم الصقلي",
        "role-0-name": "",
        "role-0-capacity": "",
    }
    response = rapporteur.post(reverse("meetings:create"), _form(world, **roles))
    assert response.status_code == 400 and "كريم الصقلي" in response.content.decode()
    assert not Meeting.objects.exists()
    meeting = meeting_of(world["province"])
    guest = rapporteur.post(
        reverse("meetings:attendance_add", args=[meeting.pk]), {"guest-person": str(stranger.pk), "guest-person_q": "x"}
    )
    assert guest.status_code == 400
    assert not meeting.attendance.filter(person=stranger).exists()


def test_the_branch_head_plans_no_meeting_of_the_province_and_junk_is_no_error(world):
    assert signed_in(world["branch_user"]).post(reverse("meetings:create"), _form(world)).status_code == 400
    rapporteur = signed_in(world["rapporteur_user"])
    assert rapporteur.post(reverse("meetings:create"), _form(world, day="31/02/2026")).status_code == 400
    huge = rapporteur.post(reverse("meetings:create"), _form(world, **{"role-TOTAL_FORMS": "99999999999"}))
    assert huge.status_code == 400
    assert not Meeting.objects.exists()
    meeting = meeting_of(world["province"])
    item = agenda_item_save(acting_user=None, scope=EVERYTHING, meeting=meeting, title="x")
    votes = rapporteur.post(
        reverse("meetings:decision_new", args=[meeting.pk, item.pk]),
        {"text": "x", "outcome": "vote", "votes_for": "99999999999999999999", "votes_against": "-1"},
    )
    assert votes.status_code == 400


def test_a_renewed_feed_address_dies_and_a_stranger_gets_no_feed_of_taounate(world):
    meeting_of(world["province"])
    head = signed_in(world["head_user"])
    renew = reverse("meeting_documents:calendar_renew_body", args=[world["province"].pk])
    head.post(renew)
    old = CalendarFeed.objects.get().token
    head.post(renew)
    new = CalendarFeed.objects.get().token
    assert old != new and len(new) >= 40
    assert head.get(reverse("meeting_documents:feed", args=[old])).status_code == 404
    assert head.get(reverse("meeting_documents:feed", args=[new])).status_code == 200
    tetouan = signed_in(world["tetouan_user"])
    assert tetouan.post(renew).status_code == 404
    assert CalendarFeed.objects.count() == 1
