"""The demo's directives: the five of the Taounate provincial secretariat's meeting of 17 January 2026 (the seed
report), with some assignments done, some overdue, one waived; and a directive of the Fès-Meknès regional
secretariat that Taounate passed down to its branches.

`demo_directives(meeting, decisions)` takes the demo's Taounate meeting and its decisions when the meetings demo
made them; without them it records the meeting itself (ORM, as the meetings app's demo is not there yet)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tanzim.organization.models import Body, BodyStatus
from tanzim.territory.scope import Scope

from .models import Assignment, AssignmentState, Directive, TargetRule
from .services import assignment_pass_down, assignment_set_state, directive_send

EVERYTHING = Scope.everything()

# The directives the meeting ended with, as the report says them.
TAOUNATE_DIRECTIVES = (
    ("جعل الهيكلة التنظيمية أولوية المرحلة وتعميمها على جميع جماعات الإقليم", TargetRule.COMMUNES, 3),
    ("الانطلاق المبكر في الاستعداد للاستحقاقات التشريعية لسنة 2026", TargetRule.SUB_BODIES, 6),
    ("إعادة تفعيل الأمانات المحلية", TargetRule.BY_HAND, 2),
    ("تحديث لوائح المنخرطين", TargetRule.SUB_BODIES, 1),
    ("إشراك الشباب والنساء في الهياكل القيادية وتمكينهم من أدوار حقيقية", TargetRule.SUB_BODIES, 6),
)


def _taounate_meeting(province: Body):
    from tanzim.meetings.models import Decision, DecisionOutcome, Meeting, MeetingKind

    kind, _ = MeetingKind.objects.get_or_create(
        key="organizational_communication",
        defaults={"name_ar": "اجتماع تنظيمي وتواصلي", "name_fr": "Réunion d’organisation et de communication"},
    )
    meeting = Meeting.objects.create(
        body=province,
        kind=kind,
        starts_at=timezone.make_aware(dt.datetime(2026, 1, 17, 10, 0)),  # noqa: DTZ001  (Casablanca time)
        venue="المقر الإقليمي للحزب بتاونات",
        commune=province.territory,
        status="held",
    )
    decisions = [
        Decision.objects.create(meeting=meeting, order=i, text=text, outcome=DecisionOutcome.CONSENSUS)
        for i, (text, _rule, _months) in enumerate(TAOUNATE_DIRECTIVES, start=1)
    ]
    return meeting, decisions


def demo_directives(meeting=None, decisions=None, *, acting_user=None) -> list[Directive]:
    """Send the Taounate directives (one per decision, in order) and move some assignments along."""
    province = Body.objects.get(organization__key="party", body_type__key="provincial_office", territory__code="03.531")
    with transaction.atomic():
        if meeting is None:
            meeting, decisions = _taounate_meeting(province)
        decisions = list(decisions or [])
        sent = []
        dormant = list(
            Body.objects.filter(parent=province, body_type__level="local", status=BodyStatus.DORMANT).order_by("path")
        )
        for i, (text, rule, months) in enumerate(TAOUNATE_DIRECTIVES):
            sent.append(
                directive_send(
                    acting_user=acting_user,
                    scope=EVERYTHING,
                    issuer=province,
                    decision=decisions[i] if i < len(decisions) else None,
                    title=text,
                    due_months=months,
                    rule=rule,
                    level="local" if rule == TargetRule.SUB_BODIES else "",
                    territory=province.territory if rule == TargetRule.COMMUNES else None,
                    bodies=dormant if rule == TargetRule.BY_HAND else (),
                )
            )
        # Some branches answered: the member lists of most are updated, one branch waived (merged commune).
        lists = list(Assignment.objects.filter(directive=sent[3]).order_by("path"))
        for n, a in enumerate(lists):
            state = [AssignmentState.DONE, AssignmentState.DONE, AssignmentState.IN_PROGRESS, AssignmentState.SENT][
                n % 4
            ]
            if state != AssignmentState.SENT:
                assignment_set_state(
                    acting_user=acting_user, scope=EVERYTHING, assignment=a, state=state, on=dt.date(2026, 2, 10)
                )
        if lists:
            assignment_set_state(
                acting_user=acting_user,
                scope=EVERYTHING,
                assignment=lists[-1],
                state=AssignmentState.WAIVED,
                reason="الفرع في طور الدمج مع فرع الجماعة المجاورة",
            )
        for a in Assignment.objects.filter(directive=sent[1]).order_by("path")[:5]:
            assignment_set_state(acting_user=acting_user, scope=EVERYTHING, assignment=a, state="acknowledged")
        for a in Assignment.objects.filter(directive=sent[0], body__isnull=False).order_by("path")[:6]:
            assignment_set_state(acting_user=acting_user, scope=EVERYTHING, assignment=a, state="done")
        # The region's directive, which Taounate passed down to its branches.
        region = province.parent
        if region is not None:
            regional = directive_send(
                acting_user=acting_user,
                scope=EVERYTHING,
                issuer=region,
                title="تنفيذ قرارات اللجنة الإدارية وتقييم أداء الأمانات المحلية",
                due_date=dt.date(2026, 3, 31),
                rule=TargetRule.SUB_BODIES,
                level="provincial",
            )
            received = Assignment.objects.get(directive=regional, body=province)
            relay = assignment_pass_down(acting_user=acting_user, scope=EVERYTHING, assignment=received, level="local")
            for a in Assignment.objects.filter(directive=relay).order_by("path")[:7]:
                assignment_set_state(acting_user=acting_user, scope=EVERYTHING, assignment=a, state="done")
    return sent
