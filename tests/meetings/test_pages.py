"""The meeting pages as a Taounate official uses them, and what a Tétouan official is refused."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from tanzim.meetings.models import Attendance, Meeting, MeetingKind
from tanzim.meetings.services import agenda_item_save, meeting_create, meeting_mark_held, minutes_approve
from tests.meetings.factories import at, make_world, taounate_scope


@pytest.fixture
def world(party):
    return make_world()


def _form(world, **over):
    data = {
        "body": str(world["province"].pk),
        "kind": str(MeetingKind.objects.get(key="organizational").pk),
        "day": "17/01/2026",
        "time": "16:00",
        "end_time": "",
        "title": "",
        "venue": "المقر الإقليمي للحزب بتاونات",
        "commune": "",
        "categories": ["sub_heads", "parliament"],
        "opening": "كلمة ترحيبية للأمين الإقليمي",
        "role-TOTAL_FORMS": "2",
        "role-INITIAL_FORMS": "0",
        "role-MIN_NUM_FORMS": "0",
        "role-MAX_NUM_FORMS": "1000",
        "role-0-role": "chair",
        "role-0-person": "",
        "role-0-person_q": "",
        "role-0-name": "محمد الحجيرة",
        "role-0-capacity": "الأمين الجهوي",
        "role-1-role": "chair",
        "role-1-person": str(world["persons"]["head"].pk),
        "role-1-person_q": world["persons"]["head"].full_name,
        "role-1-name": "",
        "role-1-capacity": "الأمين الإقليمي",
    }
    data.update(over)
    return data


def _meeting(world):
    return meeting_create(
        acting_user=None,
        scope=taounate_scope(),
        body=world["province"],
        kind=MeetingKind.objects.get(key="organizational"),
        starts_at=at(dt.date(2026, 1, 17)),
    )


def test_the_rapporteur_records_a_meeting_and_sees_its_register_and_quorum(world, login):
    client = login(world["rapporteur_user"], language="ar")
    page = client.get(f"/meetings/new/?body={world['province'].pk}")
    assert page.status_code == 200
    answer = client.post("/meetings/new/", _form(world))
    assert answer.status_code == 302, answer.content.decode()[:3000]
    meeting = Meeting.objects.get()
    page = client.get(answer["Location"]).content.decode()
    assert "محمد الحجيرة" in page and world["persons"]["head"].full_name in page
    assert world["local_head"].full_name in page and world["mp"].full_name in page
    assert "<bdi>0</bdi> / <bdi>3</bdi>" in page  # present / required, more than half of five
    assert "17/01/2026" in page
    assert meeting.attendance.filter(entitled=True).count() == 5


def test_a_refused_form_keeps_what_was_typed(world, login):
    client = login(world["rapporteur_user"], language="fr")
    answer = client.post("/meetings/new/", _form(world, end_time="15:00", venue="Siège provincial Kanz"))
    assert answer.status_code == 400
    page = html.unescape(answer.content.decode())
    assert "La réunion ne peut pas finir avant de commencer." in page
    assert 'value="Siège provincial Kanz"' in page and 'value="17/01/2026"' in page
    assert "محمد الحجيرة" in page
    assert not Meeting.objects.exists()


def test_one_tap_marks_a_person_and_the_counter_follows(world, login):
    meeting = _meeting(world)
    client = login(world["rapporteur_user"])
    line = Attendance.objects.get(meeting=meeting, person=world["persons"]["head"])
    page = client.get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    assert f'id="line-{line.pk}"' in page and 'class="tap tap-present' in page
    answer = client.post(
        f"/meetings/{meeting.pk}/attendance/{line.pk}/", {"status": "present"}, headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "tap-present chosen" in text and 'id="quorum" class="quorum missed" hx-swap-oob="true"' in text
    assert "<bdi>1</bdi> / <bdi>3</bdi>" in text
    line.refresh_from_db()
    assert line.status == "present"


def test_minutes_are_shown_as_paragraphs_and_lists_and_nothing_typed_becomes_markup(world, login):
    meeting = _meeting(world)
    client = login(world["rapporteur_user"])
    item = agenda_item_save(acting_user=None, scope=taounate_scope(), meeting=meeting, title="المستجدات")
    minutes = "الفقرة الأولى\n\nالفقرة الثانية <script>alert(1)</script>\n- تحديث لوائح المنخرطين\n- إشراك الشباب"
    answer = client.post(
        f"/meetings/{meeting.pk}/items/{item.pk}/", {"item-title": "المستجدات", "item-minutes": minutes}
    )
    assert answer.status_code == 302
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "<p>الفقرة الأولى</p>" in page
    assert "<ul><li>تحديث لوائح المنخرطين</li><li>إشراك الشباب</li></ul>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_approved_minutes_refuse_an_edit_with_a_clear_message_beside_the_form(world, login):
    meeting = _meeting(world)
    item = agenda_item_save(acting_user=None, scope=taounate_scope(), meeting=meeting, title="البند")
    meeting_mark_held(acting_user=None, scope=taounate_scope(), meeting=meeting)
    minutes_approve(acting_user=world["head_user"], scope=taounate_scope(), meeting=meeting)
    client = login(world["rapporteur_user"], language="fr")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Corriger le procès-verbal approuvé" in html.unescape(page)
    answer = client.post(
        f"/meetings/{meeting.pk}/items/{item.pk}/", {"item-title": "البند", "item-minutes": "نص جديد مكتوب"}
    )
    assert answer.status_code == 400
    text = html.unescape(answer.content.decode())
    assert "taounate-head" in text and "version 2" in text
    assert "نص جديد مكتوب" in text  # what was typed stays


def test_a_tetouan_head_sees_no_taounate_meeting_and_cannot_write_one(world, login):
    meeting = _meeting(world)
    client = login(world["tetouan_user"])
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 404
    assert meeting.body.name not in client.get("/meetings/").content.decode()
    answer = client.post("/meetings/new/", _form(world))
    assert answer.status_code == 400
    assert not Meeting.objects.exclude(pk=meeting.pk).exists()


def test_a_treasurer_reads_the_meeting_but_has_no_writing_buttons(world, login):
    meeting = _meeting(world)
    client = login(world["treasurer_user"])
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/attendance/" not in page
    line = Attendance.objects.filter(meeting=meeting).first()
    assert client.post(f"/meetings/{meeting.pk}/attendance/{line.pk}/", {"status": "present"}).status_code == 403


def test_the_body_page_shows_the_next_meeting_and_new_meeting_for_a_writer(world, login):
    meeting = _meeting(world)
    client = login(world["rapporteur_user"])
    page = client.get(f"/bodies/{world['province'].pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/" in page and f"/meetings/new/?body={world['province'].pk}" in page


def test_the_api_lists_meetings_and_their_attendance_through_scope(world, login):
    meeting = _meeting(world)
    client = login(world["rapporteur_user"])
    listed = client.get("/api/v1/meetings").json()
    assert [m["id"] for m in listed] == [meeting.pk]
    detail = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert detail["quorum"] == {"entitled": 5, "present": 0, "required": 3, "reached": False}
    attendance = client.get(f"/api/v1/meetings/{meeting.pk}/attendance").json()
    assert len(attendance) == 5
    outsider = login(world["tetouan_user"])
    assert outsider.get(f"/api/v1/meetings/{meeting.pk}").json()["code"] == "not_found"
    assert outsider.get("/api/v1/meetings").json() == []


def test_after_a_correction_the_approved_version_stays_readable_beside_the_new_text(world, login):

    meeting = _meeting(world)
    scope = taounate_scope()
    item = agenda_item_save(acting_user=None, scope=scope, meeting=meeting, title="البند", minutes="النص كما صودق عليه")
    meeting_mark_held(acting_user=None, scope=scope, meeting=meeting)
    minutes_approve(acting_user=world["head_user"], scope=scope, meeting=meeting)
    client = login(world["rapporteur_user"], language="fr")
    answer = client.post(f"/meetings/{meeting.pk}/correct/", {"reason": "Nom mal orthographié"})
    assert answer.status_code == 302
    agenda_item_save(acting_user=None, scope=scope, meeting=meeting, item=item, title="البند", minutes="النص المصحح")
    page = html.unescape(client.get(f"/meetings/{meeting.pk}/").content.decode())
    assert "النص المصحح" in page and "Version 1" in page and "Nom mal orthographié" in page
    old = client.get(f"/meetings/{meeting.pk}/versions/1/").content.decode()
    assert "النص كما صودق عليه" in old and "النص المصحح" not in old
    assert client.get(f"/meetings/{meeting.pk}/versions/2/").status_code == 404
