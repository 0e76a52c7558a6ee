"""Meetings as the services write them: the register from the office at the meeting's date, the quorum, the
decisions' snapshot, approval locking and corrections, and what a writer of another territory is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tanzim.audit.models import AuditEntry
from tanzim.meetings.errors import MeetingError
from tanzim.meetings.invitations import COMMUNE_PRESIDENTS, OFFICE, PARLIAMENT, SUB_HEADS
from tanzim.meetings.models import AttendanceStatus, MeetingKind, MeetingStatus, MinutesVersion, QuorumRule
from tanzim.meetings.selectors import attendance_list, meeting_get, quorum
from tanzim.meetings.services import (
    RoleIn,
    agenda_item_save,
    attendance_add,
    attendance_mark,
    decision_record,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    meeting_update,
    minutes_approve,
    minutes_correct,
)
from tanzim.organization.models import EndReason, Mandate, PositionType
from tanzim.organization.services import Seat, mandate_end, office_add
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.meetings.factories import EVERYTHING, at, make_world, taounate_scope

SEVENTEENTH = dt.date(2026, 1, 17)


@pytest.fixture
def world(party):
    return make_world()


def _meeting(world, *, categories=(), scope=None, day=SEVENTEENTH, roles=()):
    return meeting_create(
        acting_user=None,
        scope=scope or taounate_scope(),
        body=world["province"],
        kind=MeetingKind.objects.get(key="organizational"),
        starts_at=at(day),
        venue="المقر الإقليمي للحزب",
        commune=Territory.objects.get(code="03.531.01.05"),
        roles=list(roles),
        categories=list(categories),
    )


def _mark(meeting, statuses):
    lines = {a.person_id: a for a in attendance_list(scope=EVERYTHING, meeting=meeting)}
    for person, status in statuses.items():
        attendance_mark(acting_user=None, scope=taounate_scope(), meeting=meeting, line=lines[person.pk], status=status)


def test_the_party_has_its_kinds_of_meeting_and_a_quorum_rule_per_body_type(party):
    assert set(MeetingKind.objects.values_list("key", flat=True)) >= {
        "ordinary",
        "extraordinary",
        "council_session",
        "general_assembly",
        "congress",
        "organizational",
    }
    rule = QuorumRule.objects.get(body_type__key="provincial_office")
    assert (rule.share_percent, rule.strictly_more) == (50, True)


def test_the_register_holds_the_office_at_the_meetings_date_and_the_invited_categories(world):
    meeting = _meeting(world, categories=[SUB_HEADS, PARLIAMENT, COMMUNE_PRESIDENTS])
    lines = list(attendance_list(scope=EVERYTHING, meeting=meeting))
    office = [a for a in lines if a.entitled]
    assert {a.person_id for a in office} == {p.pk for p in world["persons"].values()}
    assert all(a.category == OFFICE for a in office)
    invited = {a.person_id: a.category for a in lines if not a.entitled}
    assert invited == {world["local_head"].pk: SUB_HEADS, world["mp"].pk: PARLIAMENT}
    assert AuditEntry.objects.filter(action="meeting.create", target_id=str(meeting.pk)).exists()


def test_quorum_more_than_half_reached_with_three_of_five_missed_with_two(world):
    meeting = _meeting(world)
    p = world["persons"]
    _mark(meeting, {p["head"]: "present", p["rapporteur"]: "present", p["treasurer"]: "excused"})
    q = quorum(meeting)
    assert (q.entitled, q.present, q.required, q.reached, q.missing) == (5, 2, 3, False, 1)
    _mark(meeting, {p["advisor"]: "present"})
    q = quorum(meeting)
    assert (q.present, q.required, q.reached) == (3, 3, True)


def test_at_least_half_needs_fewer_than_more_than_half_on_an_even_office(world):
    # Six entitled: more than half is 4, at least half is 3.
    office_add(
        acting_user=None,
        body=world["province"],
        held_on=dt.date(2025, 11, 1),
        kind="co_option",
        seats=[Seat(PositionType.objects.get(key="advisor"), world["local_head"])],
    )
    meeting = _meeting(world)
    p = world["persons"]
    _mark(meeting, {p["head"]: "present", p["rapporteur"]: "present", p["treasurer"]: "present"})
    assert (quorum(meeting).entitled, quorum(meeting).required, quorum(meeting).reached) == (6, 4, False)
    QuorumRule.objects.filter(body_type__key="provincial_office").update(strictly_more=False)
    assert (quorum(meeting).required, quorum(meeting).reached) == (3, True)


def test_represented_members_count_only_when_the_rule_says_proxies_count(world):
    meeting = _meeting(world)
    p = world["persons"]
    _mark(meeting, {p["head"]: "present", p["rapporteur"]: "present", p["treasurer"]: "represented"})
    assert quorum(meeting).reached is False
    QuorumRule.objects.filter(body_type__key="provincial_office").update(proxies_count=True)
    assert quorum(meeting).reached is True


def test_a_mandate_ended_before_the_meeting_is_not_on_its_register(world):
    advisor = Mandate.objects.get(body=world["province"], person=world["persons"]["advisor"])
    mandate_end(acting_user=None, mandate=advisor, end_date=dt.date(2025, 12, 1), reason=EndReason.RESIGNED)
    meeting = _meeting(world)
    assert quorum(meeting).entitled == 4
    assert world["persons"]["advisor"].pk not in {
        a.person_id for a in attendance_list(scope=EVERYTHING, meeting=meeting)
    }


def test_a_decision_keeps_who_was_entitled_when_it_was_taken_whatever_the_office_becomes(world):
    meeting = _meeting(world)
    p = world["persons"]
    _mark(meeting, {p["head"]: "present", p["rapporteur"]: "present", p["advisor"]: "present"})
    item = agenda_item_save(acting_user=None, scope=taounate_scope(), meeting=meeting, title="الهيكلة التنظيمية")
    decision = decision_record(
        acting_user=None,
        scope=taounate_scope(),
        meeting=meeting,
        item=item,
        text="جعل الهيكلة التنظيمية أولوية المرحلة",
        outcome="adopted",
        votes_for=3,
        votes_against=0,
        votes_abstain=0,
        majority_base="cast",
    )
    names_then = sorted(e["name"] for e in decision.entitled)
    assert decision.present_count == 3 and len(names_then) == 5
    # Later the advisor resigns and the treasurer is replaced: the decision still says who was entitled then.
    advisor = Mandate.objects.get(body=world["province"], person=p["advisor"])
    mandate_end(acting_user=None, mandate=advisor, end_date=dt.date(2026, 2, 1), reason=EndReason.RESIGNED)
    decision.refresh_from_db()
    assert sorted(e["name"] for e in decision.entitled) == names_then
    assert decision.present_count == 3
    assert p["advisor"].full_name in names_then


def test_votes_must_agree_with_the_outcome_and_not_outnumber_those_present(world):
    meeting = _meeting(world)
    p = world["persons"]
    _mark(meeting, {p["head"]: "present", p["rapporteur"]: "present", p["advisor"]: "present"})
    item = agenda_item_save(acting_user=None, scope=taounate_scope(), meeting=meeting, title="x")
    common = dict(acting_user=None, scope=taounate_scope(), meeting=meeting, item=item, text="قرار")
    with pytest.raises(MeetingError) as refused:
        decision_record(**common, outcome="adopted")
    assert refused.value.code == "votes_required"
    with pytest.raises(MeetingError) as refused:
        decision_record(**common, outcome="adopted", votes_for=3, votes_against=1, votes_abstain=0)
    assert refused.value.code == "votes_too_many"
    with pytest.raises(MeetingError) as refused:
        decision_record(**common, outcome="adopted", votes_for=1, votes_against=1, votes_abstain=1)
    assert refused.value.code == "votes_contradict_outcome"
    # Two for out of five entitled is no majority of the entitled, though it is one of the votes cast.
    with pytest.raises(MeetingError):
        decision_record(
            **common, outcome="adopted", votes_for=2, votes_against=1, votes_abstain=0, majority_base="entitled"
        )
    decision = decision_record(**common, outcome="adopted", votes_for=2, votes_against=1, votes_abstain=0)
    assert decision.majority_base == "cast"


def test_approved_minutes_are_locked_and_a_correction_is_a_new_version_keeping_the_old(world):
    meeting = _meeting(world)
    scope = taounate_scope()
    item = agenda_item_save(acting_user=None, scope=scope, meeting=meeting, title="البند", minutes="النص الأول")
    with pytest.raises(MeetingError) as refused:
        minutes_approve(acting_user=None, scope=scope, meeting=meeting)
    assert refused.value.code == "meeting_not_held"
    meeting_mark_held(acting_user=None, scope=scope, meeting=meeting)
    user = world["rapporteur_user"]
    first = minutes_approve(acting_user=user, scope=scope, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED and meeting.approved_by == user and meeting.approved_at
    assert first.number == 1 and first.content["agenda"][0]["minutes"] == "النص الأول"

    line = attendance_list(scope=scope, meeting=meeting).first()
    for write in (
        lambda: agenda_item_save(acting_user=None, scope=scope, meeting=meeting, item=item, title="x", minutes="y"),
        lambda: attendance_mark(acting_user=None, scope=scope, meeting=meeting, line=line, status="absent"),
        lambda: attendance_add(acting_user=None, scope=scope, meeting=meeting, guest_name="ضيف"),
        lambda: decision_record(
            acting_user=None, scope=scope, meeting=meeting, item=item, text="x", outcome="consensus"
        ),
        lambda: meeting_cancel(acting_user=None, scope=scope, meeting=meeting, reason="x"),
    ):
        with pytest.raises(MeetingError) as refused:
            write()
        assert refused.value.code == "minutes_approved"
        assert "taounate-rapporteur" in str(refused.value.message)

    minutes_correct(acting_user=user, scope=scope, meeting=meeting, reason="خطأ في اسم")
    agenda_item_save(acting_user=None, scope=scope, meeting=meeting, item=item, title="البند", minutes="النص المصحح")
    second = minutes_approve(acting_user=user, scope=scope, meeting=meeting)
    versions = list(MinutesVersion.objects.filter(meeting=meeting).order_by("number"))
    assert [v.number for v in versions] == [1, 2] and second.number == 2
    assert versions[0].content["agenda"][0]["minutes"] == "النص الأول"
    assert versions[0].correction_reason == "خطأ في اسم"
    assert versions[1].content["agenda"][0]["minutes"] == "النص المصحح"


def test_a_tetouan_writer_cannot_record_a_meeting_of_a_taounate_body_nor_put_a_taounate_person_on_a_register(world):
    tetouan = Scope.of(Territory.objects.get(code="01.571").path)
    with pytest.raises(MeetingError) as refused:
        _meeting(world, scope=tetouan)
    assert refused.value.code == "outside_scope"
    with pytest.raises(Http404):
        meeting_get(scope=tetouan, pk=_meeting(world).pk)
    own = meeting_create(
        acting_user=None,
        scope=tetouan,
        body=world["tetouan"],
        kind=MeetingKind.objects.get(key="ordinary"),
        starts_at=at(SEVENTEENTH),
        categories=[PARLIAMENT],
    )
    # The Taounate member of parliament is not invited through a Tétouan writer's scope, nor added by hand.
    assert world["mp"].pk not in {a.person_id for a in attendance_list(scope=tetouan, meeting=own)}
    with pytest.raises(MeetingError) as refused:
        attendance_add(acting_user=None, scope=tetouan, meeting=own, person=world["mp"])
    assert refused.value.code == "person_not_readable"
    with pytest.raises(MeetingError) as refused:
        meeting_create(
            acting_user=None,
            scope=tetouan,
            body=world["tetouan"],
            kind=MeetingKind.objects.get(key="ordinary"),
            starts_at=at(SEVENTEENTH),
            roles=[RoleIn(role="chair", person=world["persons"]["head"])],
        )
    assert refused.value.code == "person_not_readable"


def test_a_chair_from_a_higher_body_is_named_as_typed_and_a_guest_by_name(world):
    meeting = _meeting(
        world,
        roles=[
            RoleIn(role="chair", name="محمد الحجيرة", capacity="الأمين الجهوي لجهة فاس مكناس"),
            RoleIn(role="chair", person=world["persons"]["head"], capacity="الأمين الإقليمي"),
        ],
    )
    assert [r.display_name for r in meeting.roles.order_by("order")] == [
        "محمد الحجيرة",
        world["persons"]["head"].full_name,
    ]
    guest = attendance_add(acting_user=None, scope=taounate_scope(), meeting=meeting, guest_name="ضيف الاجتماع")
    assert guest.status == AttendanceStatus.PRESENT and not guest.entitled
    assert quorum(meeting).present == 0  # a guest does not count for the quorum


def test_cancelling_needs_a_reason_and_ends_the_writing(world):
    meeting = _meeting(world)
    with pytest.raises(MeetingError) as refused:
        meeting_cancel(acting_user=None, scope=taounate_scope(), meeting=meeting, reason=" ")
    assert refused.value.code == "reason_required"
    meeting_cancel(acting_user=None, scope=taounate_scope(), meeting=meeting, reason="تأجيل")
    with pytest.raises(MeetingError) as refused:
        agenda_item_save(acting_user=None, scope=taounate_scope(), meeting=meeting, title="x")
    assert refused.value.code == "meeting_cancelled"


def test_changing_the_invited_categories_drops_the_unmarked_lines_and_keeps_the_marked(world):
    meeting = _meeting(world, categories=[SUB_HEADS, PARLIAMENT])
    _mark(meeting, {world["local_head"]: "present"})
    meeting_update(
        acting_user=None,
        scope=taounate_scope(),
        meeting=meeting,
        kind=meeting.kind,
        starts_at=meeting.starts_at,
        categories=[],
    )
    on_register = {a.person_id: a.status for a in attendance_list(scope=EVERYTHING, meeting=meeting)}
    assert world["mp"].pk not in on_register  # invited, not marked: gone with its category
    assert on_register[world["local_head"].pk] == "present"  # marked: the register keeps what happened
    assert len([a for a in attendance_list(scope=EVERYTHING, meeting=meeting) if a.entitled]) == 5
