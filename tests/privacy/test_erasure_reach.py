"""An erasure rewrites the records that name the person; when another office keeps them (a regional meeting's
approved minutes, an activity of the region, a candidacy the national office decided), only an official whose
territory covers them may erase: a provincial erasure must not change a regional record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tanzim.access.capabilities import Capability
from tanzim.meetings.models import Attendance, MinutesVersion
from tanzim.meetings.services import attendance_add, meeting_mark_held, minutes_approve
from tanzim.members.models import Member
from tanzim.people.dossier import erasure_reach
from tanzim.privacy.models import Erasure
from tanzim.privacy.services import PrivacyError, member_erase
from tanzim.territory.scope import Scope
from tests.meetings.factories import EVERYTHING, make_world, ordinary_meeting, taounate_scope
from tests.privacy.test_privacy import scoped_client


@pytest.fixture
def world(party):
    return make_world()


def _regional_meeting_attended_by(world, person):
    region_scope = Scope.of(world["region"].path)
    meeting = ordinary_meeting(world["region"], dt.date(2026, 2, 7), scope=region_scope)
    attendance_add(acting_user=None, scope=region_scope, meeting=meeting, person=person, capacity="برلماني الإقليم")
    meeting_mark_held(acting_user=None, scope=region_scope, meeting=meeting)
    minutes_approve(acting_user=None, scope=region_scope, meeting=meeting)
    return meeting


def test_a_province_cannot_erase_a_member_named_in_the_regions_approved_minutes(world):
    mp = world["mp"]
    member = Member.objects.get(person=mp)
    meeting = _regional_meeting_attended_by(world, mp)
    before = MinutesVersion.objects.get(meeting=meeting).content

    assert erasure_reach(person=mp).covers(world["region"].path)
    with pytest.raises(PrivacyError) as refused:
        member_erase(acting_user=None, scope=taounate_scope(), member=member, reason="طلب المعني")
    assert refused.value.code == "records_beyond"
    # Nothing changed: the member keeps their name, the region's minutes their text.
    mp.refresh_from_db()
    assert mp.last_name_ar == "الفاسي"
    assert MinutesVersion.objects.get(meeting=meeting).content == before
    assert Attendance.objects.get(meeting=meeting, person=mp).guest_capacity == "برلماني الإقليم"
    assert not Erasure.objects.filter(member=member).exists()

    # The region, whose territory covers both, erases.
    member_erase(acting_user=None, scope=Scope.of(world["region"].path), member=member, reason="طلب المعني")
    assert "الفاسي" not in str(MinutesVersion.objects.get(meeting=meeting).content)


def test_a_province_still_erases_a_member_named_only_in_its_own_records(world):
    mp = world["mp"]
    member = Member.objects.get(person=mp)
    scope = taounate_scope()
    meeting = ordinary_meeting(world["province"], dt.date(2026, 1, 17), scope=scope)
    attendance_add(acting_user=None, scope=scope, meeting=meeting, person=mp, capacity="برلماني")
    assert scope.contains(erasure_reach(person=mp))
    member_erase(acting_user=None, scope=scope, member=member, reason="طلب المعني")
    assert Attendance.objects.get(meeting=meeting, person=mp).guest_capacity == ""


def test_the_national_office_erases_anyone(world):
    mp = world["mp"]
    _regional_meeting_attended_by(world, mp)
    member_erase(acting_user=None, scope=EVERYTHING, member=Member.objects.get(person=mp), reason="انتهاء المدة")
    assert Erasure.objects.filter(member__person=mp).exists()


@pytest.mark.parametrize(("language", "words"), [("ar", "مكتب"), ("fr", "bureau")])
def test_the_erasure_page_says_who_may_erase_and_keeps_what_was_typed(world, language, words):
    mp = world["mp"]
    member = Member.objects.get(person=mp)
    _regional_meeting_attended_by(world, mp)
    officer = scoped_client("taounate-officer", "03.531", Capability.DATA_PROTECTION, language=language)

    response = officer.post(
        reverse("privacy:erase", args=[member.pk]), {"reason": "طلب المعني بالأمر", "card_number": member.card_number}
    )

    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    alert = html.split('role="alert"', 1)[1].split("</", 1)[0]
    assert words in alert
    assert "طلب المعني بالأمر" in html
    mp.refresh_from_db()
    assert mp.last_name_ar == "الفاسي"
    assert not Erasure.objects.filter(member=member).exists()
