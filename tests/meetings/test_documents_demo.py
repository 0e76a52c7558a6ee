"""The demo's three seed meetings, built on the demo party's bodies."""

from __future__ import annotations

import datetime as dt

import pytest

from tanzim.meetings.communique import generate
from tanzim.meetings.demo import demo_meetings
from tanzim.meetings.documents import minutes_pdf
from tanzim.meetings.documents_read import meeting_record
from tanzim.meetings.models import Meeting, MeetingRoleKind, MeetingStatus, MinutesVersion
from tanzim.organization.demo import demo_load
from tanzim.territory.scope import Scope
from tests.meetings.test_documents import pdf_text


@pytest.fixture
def demo(db):
    assert demo_load()
    return demo_meetings()


def test_the_demo_holds_the_three_seed_meetings(demo):
    taounate, decisions = demo

    assert Meeting.objects.count() == 3
    tetouan = Meeting.objects.get(body__body_type__key="provincial_council", body__territory__code="01.571")
    assert tetouan.roles.filter(role=MeetingRoleKind.FRAMER).count() == 3
    assert tetouan.attendance.filter(entitled=True).count() == 11  # the council's head and its ten co-opted
    rabat = Meeting.objects.get(body__body_type__key="regional_office", body__territory__code="04")
    assert rabat.attendance.filter(category="provincial_secretaries").count() == 7  # the region's provinces
    assert taounate.body.territory.code == "03.531" and taounate.status == MeetingStatus.APPROVED
    assert taounate.starts_at.astimezone(dt.timezone(dt.timedelta(hours=1))).date() == dt.date(2026, 1, 17)
    # Chaired by the regional and the provincial secretaries (their titles in the gender of the demo's persons).
    regional, provincial = [r.capacity for r in taounate.roles.filter(role=MeetingRoleKind.CHAIR).order_by("order")]
    assert regional.startswith("الكاتب") and regional.endswith("للحزب بجهة فاس-مكناس")
    assert provincial.startswith("الكاتب") and provincial.endswith("للحزب بإقليم تاونات")
    assert len(decisions) == 5 and all(d.meeting_id == taounate.pk for d in decisions)
    assert MinutesVersion.objects.filter(meeting=taounate, number=1).exists()


def test_loading_the_meetings_twice_changes_nothing(demo):
    taounate, decisions = demo

    again, again_decisions = demo_meetings()

    assert again.pk == taounate.pk and [d.pk for d in again_decisions] == [d.pk for d in decisions]
    assert Meeting.objects.count() == 3


def test_the_demo_meetings_have_their_documents(demo):
    taounate, _decisions = demo
    record = meeting_record(taounate, scope=Scope.everything())

    draft = generate(record, "ar")
    assert "السبت 17 يناير 2026" in draft.text and "حزب الواحة الديمقراطي" in draft.title
    assert "الكتاب المحليون" in draft.text
    assert "حزب الواحة الديمقراطي" in pdf_text(minutes_pdf(record))
