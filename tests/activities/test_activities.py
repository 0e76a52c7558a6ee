"""Programmes and activities: the state an activity is in on a given day, planned against done per programme and
per body, what a provincial official sees and does (pages, API), and what stays out of reach beyond her province."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse

from tanzim.access.models import Account
from tanzim.activities.calendar import CalendarEntry, calendar_source, unregister
from tanzim.activities.models import Activity, ActivityKind, ActivityState, Participant, activity_state
from tanzim.activities.selectors import activity_get, activity_list, tally, tally_by
from tanzim.activities.services import (
    ActivityError,
    activity_cancel,
    activity_report,
    activity_save,
    participant_add,
    programme_save,
)
from tanzim.audit.models import AuditEntry
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.people.dossier import dossier_parts, erase_everywhere
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()
TAOUNATE = Scope.of("03/03.531/")
TETOUAN = Scope.of("01/01.571/")
DAY = dt.date(2026, 3, 10)


def kind(key="caravan"):
    return ActivityKind.objects.get(key=key)


def plan(body, theme="قافلة", *, on=DAY, programme=None, scope=EVERYTHING, **more):
    return activity_save(
        acting_user=None,
        scope=scope,
        programme=programme,
        body=body,
        kind=more.pop("kind", kind()),
        theme=theme,
        starts_on=on,
        **more,
    )


def report(activity, text="انعقد النشاط.", today=DAY, **more):
    return activity_report(
        acting_user=None,
        scope=EVERYTHING,
        activity=activity,
        report=text,
        actual_participants=more.pop("actual", 40),
        today=today,
        **more,
    )


@pytest.fixture
def world(party):
    head = PositionType.objects.get(key="head")
    bureau = make_body("national_executive")
    out = {"bureau": bureau}
    for code, commune, name, card in (
        ("01.571", "01.571.01.11", "tetouan", "T-1"),
        ("03.531", "03.531.01.05", "taounate", "Q-1"),
    ):
        province = make_body("provincial_office", code, parent=bureau)
        women = make_body("provincial_office", code, parent=None, org="women")
        member = make_member(card, first_ar="سعاد", last_ar=name, first_latin="Souad", last_latin=name, commune=commune)
        office_renew(acting_user=None, body=province, held_on=dt.date(2025, 1, 1), seats=[Seat(head, member.person)])
        user = get_user_model().objects.create_user(f"{name}-head", password="a-long-test-password")
        Account.objects.create(user=user, person=member.person)
        out[name] = {"province": province, "women": women, "member": member, "user": user, "commune": commune}
    return out


# ------------------------------------------------------------------------------------------------- the state


def test_the_state_follows_the_dates_and_the_report(world):
    body = world["taounate"]["province"]
    activity = plan(body, on=DAY, ends_on=DAY + dt.timedelta(days=2))
    assert activity_state(activity, DAY - dt.timedelta(days=1)) == ActivityState.PLANNED
    assert activity_state(activity, DAY) == ActivityState.DUE  # its first day has come: the report is awaited
    assert activity_state(activity, DAY + dt.timedelta(days=30)) == ActivityState.DUE
    with pytest.raises(ActivityError) as refused:
        report(activity, today=DAY - dt.timedelta(days=1))
    assert refused.value.code == "not_yet_held"
    report(activity, today=DAY + dt.timedelta(days=3))
    activity.refresh_from_db()
    assert activity_state(activity, DAY + dt.timedelta(days=3)) == ActivityState.DONE
    assert activity.reported_on == DAY + dt.timedelta(days=3)
    with pytest.raises(ActivityError) as refused:
        activity_cancel(acting_user=None, scope=EVERYTHING, activity=activity, reason="x")
    assert refused.value.code == "already_done"

    other = plan(body, "ندوة", on=DAY + dt.timedelta(days=5))
    activity_cancel(acting_user=None, scope=EVERYTHING, activity=other, reason="المطر", today=DAY)
    other.refresh_from_db()
    assert activity_state(other, DAY) == ActivityState.CANCELLED
    with pytest.raises(ActivityError) as refused:
        report(other, today=DAY + dt.timedelta(days=6))
    assert refused.value.code == "cancelled"


def test_the_database_counts_each_state_as_the_rule_says(world):
    body = world["taounate"]["province"]
    made = [plan(body, f"n{i}", on=DAY + dt.timedelta(days=i)) for i in (-3, -1, 0, 1, 4)]
    report(made[0], today=DAY)
    activity_cancel(acting_user=None, scope=EVERYTHING, activity=made[4], reason="", today=DAY)
    for today in (DAY - dt.timedelta(days=10), DAY, DAY + dt.timedelta(days=2), DAY + dt.timedelta(days=9)):
        read = {a.pk: a.current_state for a in activity_list(scope=EVERYTHING, today=today)}
        assert read == {a.pk: activity_state(Activity.objects.get(pk=a.pk), today) for a in made}
    assert tally(activity_list(scope=EVERYTHING, today=DAY)).__dict__ == {
        "planned": 1,
        "due": 2,
        "done": 1,
        "cancelled": 1,
    }


# ---------------------------------------------------------------------------------------- planned against done


def test_planned_against_done_per_programme_and_per_body(world):
    taounate = world["taounate"]
    province, women = taounate["province"], taounate["women"]
    programme = programme_save(
        acting_user=None,
        scope=TAOUNATE,
        body=province,
        title="برنامج الفصل الأول",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    other = programme_save(
        acting_user=None,
        scope=TAOUNATE,
        body=women,
        title="برنامج النساء",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    a = plan(province, "لقاء تواصلي", on=dt.date(2026, 2, 1), programme=programme, kind=kind("communication_meeting"))
    b = plan(women, "يوم دراسي", on=dt.date(2026, 2, 20), programme=programme, kind=kind("study_day"))
    plan(women, "قافلة", on=dt.date(2026, 3, 5), programme=programme)
    plan(province, "مؤتمر", on=dt.date(2026, 4, 20), programme=programme, kind=kind("congress"))
    c = plan(women, "مؤتمر النساء", on=dt.date(2026, 5, 1), programme=programme, kind=kind("congress"))
    plan(women, "تكوين", on=dt.date(2026, 2, 2), programme=other, kind=kind("training"))
    report(a, today=DAY)
    report(b, today=DAY)
    activity_cancel(acting_user=None, scope=TAOUNATE, activity=c, reason="", today=DAY)

    mine = activity_list(scope=TAOUNATE, programme=programme, today=DAY)
    counts = tally(mine)
    assert (counts.total, counts.done, counts.due, counts.planned, counts.cancelled) == (4, 2, 1, 1, 1)
    assert counts.percent_done == 67  # 2 done of the 3 whose day has come
    by_body = tally_by(mine, "body_id")
    assert (by_body[province.pk].total, by_body[province.pk].done, by_body[province.pk].planned) == (2, 1, 1)
    assert (by_body[women.pk].total, by_body[women.pk].done, by_body[women.pk].due) == (2, 1, 1)
    assert by_body[women.pk].cancelled == 1
    by_programme = tally_by(activity_list(scope=TAOUNATE, today=DAY), "programme_id")
    assert by_programme[other.pk].due == 1 and by_programme[programme.pk].total == 4
    # Tétouan's reader counts none of them.
    assert tally(activity_list(scope=TETOUAN, today=DAY)).total == 0


# ------------------------------------------------------------------------------------------------- the scope


def test_a_writer_beyond_the_body_is_refused_and_nothing_is_written(world):
    taounate, tetouan = world["taounate"], world["tetouan"]
    before = AuditEntry.objects.count()
    with pytest.raises(ActivityError) as refused:
        plan(taounate["province"], scope=TETOUAN)
    assert refused.value.code == "outside_scope"
    with pytest.raises(ActivityError) as refused:
        programme_save(
            acting_user=None,
            scope=TETOUAN,
            body=taounate["province"],
            title="x",
            starts_on=DAY,
            ends_on=DAY,
        )
    assert refused.value.code == "outside_scope"
    theirs = plan(taounate["province"])
    with pytest.raises(ActivityError):
        activity_report(acting_user=None, scope=TETOUAN, activity=theirs, report="x", actual_participants=1, today=DAY)
    with pytest.raises(ActivityError):
        activity_cancel(acting_user=None, scope=TETOUAN, activity=theirs, reason="x")
    with pytest.raises(ActivityError):
        participant_add(
            acting_user=None, scope=TETOUAN, activity=theirs, person=tetouan["member"].person, attended=True
        )
    # Moving one's own activity into their body is refused too.
    own = plan(tetouan["province"])
    with pytest.raises(ActivityError):
        activity_save(acting_user=None, scope=TETOUAN, activity=own, body=taounate["province"])
    # A programme of Tétouan takes no Taounate organizer, nor a commune of Taounate.
    programme = programme_save(
        acting_user=None, scope=EVERYTHING, body=tetouan["province"], title="p", starts_on=DAY, ends_on=DAY
    )
    with pytest.raises(ActivityError) as refused:
        plan(taounate["women"], programme=programme)
    assert refused.value.code == "body_outside_programme"
    with pytest.raises(ActivityError) as refused:
        plan(tetouan["province"], commune=Territory.objects.get(code=taounate["commune"]), scope=TETOUAN)
    assert refused.value.code == "commune_outside_body"
    theirs.refresh_from_db()
    assert (theirs.report, theirs.cancelled_on, theirs.body_id) == ("", None, taounate["province"].pk)
    assert not Participant.objects.exists()
    assert Activity.objects.count() == 2
    # Audit rows: the activity planned by the national scope, Tétouan's own and its programme; no refused write.
    assert AuditEntry.objects.count() == before + 3
    with pytest.raises(Http404):
        activity_get(scope=TETOUAN, pk=theirs.pk)


def test_the_pages_and_the_api_of_another_province_are_404(world, login):
    taounate, tetouan = world["taounate"], world["tetouan"]
    theirs = plan(taounate["province"], "قافلة سرية", commune=Territory.objects.get(code=taounate["commune"]))
    client = login(tetouan["user"])
    for url in (
        reverse("activities:detail", args=[theirs.pk]),
        reverse("activities:edit", args=[theirs.pk]),
        f"/api/v1/activities/{theirs.pk}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("activities:report", args=[theirs.pk]),
        reverse("activities:cancel", args=[theirs.pk]),
        reverse("activities:participant_add", args=[theirs.pk]),
    ):
        assert (
            client.post(url, {"report": "x", "reason": "x", "person": tetouan["member"].person_id}).status_code == 404
        )
    answer = client.post(
        "/api/v1/activities",
        json.dumps({"body_id": taounate["province"].pk, "kind": "caravan", "theme": "x", "starts_on": "2026-03-01"}),
        content_type="application/json",
    )
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    # The form offers only her own bodies: their body posted by hand is a form error, nothing planned.
    page = client.post(
        reverse("activities:create"),
        {"body": taounate["province"].pk, "kind": kind().pk, "theme": "مخترق", "starts_on": "01/03/2026"},
    )
    assert page.status_code == 200 and "مخترق" in page.content.decode()  # what was typed stays
    assert Activity.objects.count() == 1
    calendar = client.get(reverse("activities:calendar") + "?month=2026-03&view=list").content.decode()
    assert "قافلة سرية" not in calendar
    assert client.get("/api/v1/activities").json() == []
    theirs.refresh_from_db()
    assert theirs.report == "" and theirs.cancelled_on is None


# ------------------------------------------------------------------------------------------------- the pages


def test_a_provincial_official_plans_an_activity_records_its_report_and_sees_it_on_the_calendar(
    world, login, monkeypatch
):
    taounate = world["taounate"]
    client = login(taounate["user"], language="fr")
    programme = programme_save(
        acting_user=None,
        scope=TAOUNATE,
        body=taounate["province"],
        title="Programme du trimestre",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    form = client.get(reverse("activities:create") + f"?programme={programme.pk}").content.decode()
    assert "Programme du trimestre" in form
    answer = client.post(
        reverse("activities:create") + f"?programme={programme.pk}",
        {
            "programme": programme.pk,
            "body": taounate["women"].pk,
            "kind": kind().pk,
            "theme": "Caravane des femmes",
            "starts_on": "05/03/2026",
            "ends_on": "07/03/2026",
            "starts_at": "10:00",
            "commune": taounate["commune"],
            "venue": "Salle communale",
            "partners": "Associations locales",
            "planned_participants": "120",
        },
    )
    activity = Activity.objects.get(theme="Caravane des femmes")
    assert answer.status_code == 302 and answer["Location"] == reverse("activities:detail", args=[activity.pk])
    assert (activity.body, activity.programme, activity.planned_participants) == (taounate["women"], programme, 120)
    assert AuditEntry.objects.filter(action="activity.create", target_id=str(activity.pk)).exists()

    # Its first day has come: the page says the report is awaited, and a report refused keeps what was typed.
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "Compte rendu attendu" in page and "05/03/2026" in page
    refused = client.post(reverse("activities:report", args=[activity.pk]), {"report": "", "actual_participants": "9"})
    assert refused.status_code == 400 and 'value="9"' in refused.content.decode()
    done = client.post(
        reverse("activities:report", args=[activity.pk]),
        {"report": "La caravane a visité trois douars.", "actual_participants": "140", "photo_captions": "Départ\n"},
    )
    assert done.status_code == 302
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "La caravane a visité trois douars." in page and "Départ" in page and "Réalisée" in page

    calendar = client.get(reverse("activities:calendar") + "?month=2026-03").content.decode()
    assert "Caravane des femmes" in calendar and "mars 2026" in calendar
    listing = client.get(reverse("activities:calendar") + "?month=2026-03&view=list").content.decode()
    assert "05/03/2026" in listing and "07/03/2026" in listing
    assert "Caravane des femmes" not in client.get(reverse("activities:calendar") + "?month=2026-04").content.decode()
    # The programme page and the body page count it done.
    programme_page = client.get(reverse("activities:programme", args=[programme.pk])).content.decode()
    assert "Caravane des femmes" in programme_page and "Réalisée" in programme_page
    body_page = client.get(reverse("organization:detail", args=[taounate["women"].pk])).content.decode()
    assert 'id="activities"' in body_page and "Caravane des femmes" not in body_page  # done: not in the coming list
    assert '1</bdi></span><span class="stat-label">réalisée' in body_page


def test_a_named_participant_is_picked_shown_in_the_persons_copy_and_goes_with_erasure(world, login):
    taounate = world["taounate"]
    activity = plan(taounate["province"], "لقاء تواصلي")
    client = login(taounate["user"])
    person = taounate["member"].person
    answer = client.post(
        reverse("activities:participant_add", args=[activity.pk]), {"person": person.pk, "attended": "on"}
    )
    assert answer.status_code == 302
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert person.full_name in page and "حاضر(ة)" in page
    again = client.post(reverse("activities:participant_add", args=[activity.pk]), {"person": person.pk})
    assert again.status_code == 400 and "هذا الشخص مسجل من قبل ضمن المشاركين." in again.content.decode()
    # A person of Tétouan cannot be picked from Taounate.
    other = world["tetouan"]["member"].person
    refused = client.post(reverse("activities:participant_add", args=[activity.pk]), {"person": other.pk})
    assert refused.status_code == 400
    assert list(Participant.objects.values_list("person_id", "attended")) == [(person.pk, True)]
    # Tétouan's head can neither see nor remove the row.
    row = Participant.objects.get()
    remove = reverse("activities:participant_remove", args=[activity.pk, row.pk])
    assert login(world["tetouan"]["user"]).post(remove).status_code == 404
    assert Participant.objects.filter(pk=row.pk).exists()
    login(taounate["user"])

    parts = dossier_parts(person=person, scope=TAOUNATE)
    assert "لقاء تواصلي" in json.dumps([parts["activities"].rows], ensure_ascii=False)
    assert parts["activities"].audit_targets == {"activities.activity": [str(activity.pk)]}
    assert "activities" not in dossier_parts(person=person, scope=TETOUAN)
    assert erase_everywhere(person=person)["activities"] == {"participants": 1}
    assert not Participant.objects.exists()


def test_the_api_plans_reports_and_counts(world, login):
    taounate = world["taounate"]
    client = login(taounate["user"], language="fr")
    created = client.post(
        "/api/v1/activities",
        json.dumps(
            {
                "body_id": taounate["province"].pk,
                "kind": "study_day",
                "theme": "Journée d'étude",
                "starts_on": "2026-02-01",
                "commune": taounate["commune"],
                "planned_participants": 50,
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["state"], body["commune"], body["planned_participants"]) == (
        "study_day",
        "due",
        taounate["commune"],
        50,
    )
    refused = client.post(
        f"/api/v1/activities/{body['id']}/report", json.dumps({"report": "  "}), content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["code"] == "report_empty"
    assert refused.json()["field"] == "report"
    done = client.post(
        f"/api/v1/activities/{body['id']}/report",
        json.dumps({"report": "Tenue.", "actual_participants": 61, "photo_captions": ["Salle"]}),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "done" and done.json()["photo_captions"] == ["Salle"]
    unknown = client.post(
        "/api/v1/activities",
        json.dumps({"body_id": taounate["province"].pk, "kind": "picnic", "theme": "x", "starts_on": "2026-02-01"}),
        content_type="application/json",
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "kind"
    assert client.get(f"/api/v1/activities/tally?body_id={taounate['province'].pk}").json() == {
        "planned": 0,
        "due": 0,
        "done": 1,
        "cancelled": 0,
        "total": 1,
    }


def test_another_app_adds_its_entries_to_the_calendar(world, login):
    @calendar_source("test-meetings")
    def meetings(*, scope, start, end):
        day = dt.date(2026, 3, 14)
        if not (start <= day <= end):
            return []
        return [CalendarEntry(starts_on=day, ends_on=day, title="Réunion ordinaire", kind="Réunion", body="B", url="#")]

    try:
        client = login(world["taounate"]["user"], language="fr")
        page = client.get(reverse("activities:calendar") + "?month=2026-03&view=list").content.decode()
        assert "Réunion ordinaire" in page and "14/03/2026" in page
    finally:
        unregister("test-meetings")


def test_a_month_that_is_no_month_shows_this_month(world, login):
    client = login(world["taounate"]["user"])
    for value in ("2026-13", "x", "99999999999999999999-1", "2026-03-01"):
        assert client.get(reverse("activities:calendar") + f"?month={value}").status_code == 200


def test_the_demo_programme_holds_the_taounate_milestones(party):
    from tanzim.activities.demo import activities_demo_load
    from tanzim.organization.demo import DemoBuilder

    DemoBuilder(acting_user=None).build()
    assert activities_demo_load(today=DAY)
    assert not activities_demo_load(today=DAY)  # once
    activities = activity_list(scope=TAOUNATE, today=DAY)
    counts = tally(activities)
    assert (counts.done, counts.due, counts.planned) == (2, 1, 2)
    themes = " ".join(activities.values_list("theme", flat=True))
    for words in (
        "اللقاء التواصلي الإقليمي الموسع",
        "قافلة",
        "التمكين السياسي للنساء",
        "منظمة شباب",
        "المؤتمر الإقليمي",
    ):
        assert words in themes
    assert {a.body.organization.key for a in activities} == {"party", "women", "youth"}
