import datetime as dt

import pytest

from tanzim.audit.models import AuditEntry
from tanzim.directives.models import Assignment, AssignmentState, Directive, TargetRule
from tanzim.directives.selectors import (
    assignment_get,
    directive_assignments,
    directive_counts,
    overdue_assignments,
    passed_down,
    rollup_of_passed_down,
)
from tanzim.directives.services import (
    DirectiveError,
    add_months,
    assignment_pass_down,
    assignment_set_state,
    directive_send,
)
from tanzim.organization.models import BodyStatus
from tanzim.organization.services import body_set_status
from tanzim.territory.scope import Scope
from tests.organization.factories import make_body

from .factories import make_decision, make_world

EVERYTHING = Scope.everything()
TAOUNATE_SCOPE = Scope.of("03/03.531/")


@pytest.fixture
def world(party):
    return make_world()


def _structuring(world, **kw):
    decision = make_decision(world["province"])
    return directive_send(
        acting_user=None,
        scope=TAOUNATE_SCOPE,
        issuer=world["province"],
        decision=decision,
        title="جعل الهيكلة التنظيمية أولوية المرحلة وتعميمها على جميع جماعات الإقليم",
        due_months=3,
        rule=TargetRule.COMMUNES,
        **kw,
    )


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(dt.date(2026, 1, 17), 3) == dt.date(2026, 4, 17)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


def test_every_commune_of_the_province_one_assignment_per_body_and_per_unstructured_commune(world):
    directive = _structuring(world)
    communes = world["communes"]
    rows = list(Assignment.objects.filter(directive=directive))
    by_body = {a.body_id for a in rows if a.body_id}
    bare = {a.commune_id for a in rows if a.body_id is None}
    assert by_body == {b.pk for b in world["branches"]}  # the constituted branches, not the dormant one
    assert bare == {c.pk for c in communes[3:]}  # every other commune, the dormant branch's included
    assert len(rows) == len(communes)
    # Due "within three months" of the meeting of 17 January 2026.
    assert {a.due_date for a in rows} == {dt.date(2026, 4, 17)}
    assert directive.due_months == 3
    counts = directive_counts(directive=directive, on=dt.date(2026, 3, 1))
    assert (counts.communes, counts.structured, counts.to_go) == (len(communes), 3, len(communes) - 3)
    assert AuditEntry.objects.filter(action="directive.send", target_id=str(directive.pk)).exists()


def test_an_unstructured_commune_is_done_when_a_local_body_is_constituted_there(world):
    directive = _structuring(world)
    commune = world["communes"][10]
    assignment = Assignment.objects.get(directive=directive, commune=commune, body__isnull=True)
    on = dt.date(2026, 5, 1)  # past the due date
    assert assignment_get(scope=EVERYTHING, pk=assignment.pk, on=on).overdue
    before = directive_counts(directive=directive, on=on)
    branch = make_body("local_office", commune.code, parent=world["province"])  # not constituted yet
    assert assignment_get(scope=EVERYTHING, pk=assignment.pk, on=on).shown_state == AssignmentState.SENT
    body_set_status(acting_user=None, body=branch, status=BodyStatus.CONSTITUTED)
    seen = assignment_get(scope=EVERYTHING, pk=assignment.pk, on=on)
    assert seen.shown_state == AssignmentState.DONE and not seen.overdue
    after = directive_counts(directive=directive, on=on)
    assert after.structured == before.structured + 1 and after.overdue == before.overdue - 1
    assert assignment.pk not in {a.pk for a in overdue_assignments(scope=EVERYTHING, on=on)[1]}
    # The dormant branch's commune turns done when the branch is constituted again.
    dormant_commune = Assignment.objects.get(directive=directive, commune=world["dormant"].territory)
    body_set_status(acting_user=None, body=world["dormant"], status=BodyStatus.CONSTITUTED)
    assert assignment_get(scope=EVERYTHING, pk=dormant_commune.pk, on=on).shown_state == AssignmentState.DONE


def test_overdue_is_computed_against_the_day_given(world):
    directive = _structuring(world)
    first = Assignment.objects.get(directive=directive, body=world["branches"][0])
    assert not assignment_get(scope=EVERYTHING, pk=first.pk, on=dt.date(2026, 4, 17)).overdue  # due that day
    late = assignment_get(scope=EVERYTHING, pk=first.pk, on=dt.date(2026, 4, 18))
    assert late.overdue and late.days_late == 1
    total, _ = overdue_assignments(scope=TAOUNATE_SCOPE, on=dt.date(2026, 4, 18))
    assert total == len(world["communes"])
    assignment_set_state(acting_user=None, scope=TAOUNATE_SCOPE, assignment=first, state="done", on=dt.date(2026, 4, 1))
    assert overdue_assignments(scope=TAOUNATE_SCOPE, on=dt.date(2026, 4, 18))[0] == total - 1
    assert overdue_assignments(scope=TAOUNATE_SCOPE, on=dt.date(2026, 4, 17))[0] == 0


def test_states_and_waiving_needs_a_reason(world):
    directive = _structuring(world)
    a = Assignment.objects.get(directive=directive, body=world["branches"][1])
    branch_scope = Scope.of(world["branches"][1].path)
    for state in ("acknowledged", "in_progress", "done"):
        assignment_set_state(acting_user=None, scope=branch_scope, assignment=a, state=state)
        a.refresh_from_db()
        assert a.state == state
    assert a.done_on is not None
    with pytest.raises(DirectiveError) as refused:
        assignment_set_state(acting_user=None, scope=branch_scope, assignment=a, state="waived")
    assert refused.value.code == "reason_required"
    assignment_set_state(acting_user=None, scope=TAOUNATE_SCOPE, assignment=a, state="waived", reason="دمج الجماعة")
    a.refresh_from_db()
    assert (a.state, a.waived_reason, a.done_on) == ("waived", "دمج الجماعة", None)
    assert AuditEntry.objects.filter(action="assignment.state", target_id=str(a.pk)).count() == 4


def test_pass_down_and_the_parents_roll_up(world):
    directive = directive_send(
        acting_user=None,
        scope=Scope.of("03/"),
        issuer=world["region"],
        title="تحيين لوائح المنخرطين",
        due_date=dt.date(2026, 3, 31),
        rule=TargetRule.SUB_BODIES,
        level="provincial",
    )
    parent = Assignment.objects.get(directive=directive)
    assert parent.body == world["province"]  # the only provincial body of the region
    relay = assignment_pass_down(
        acting_user=None, scope=TAOUNATE_SCOPE, assignment=parent, level="local", due_date=dt.date(2026, 3, 15)
    )
    assert relay.parent_assignment == parent and relay.issuer == world["province"]
    assert relay.title == directive.title
    parent.refresh_from_db()
    assert parent.state == AssignmentState.IN_PROGRESS
    children = {a.body_id: a for a in Assignment.objects.filter(directive=relay)}
    assert set(children) == {b.pk for b in world["branches"]} | {world["dormant"].pk}
    first = children[world["branches"][0].pk]
    assignment_set_state(acting_user=None, scope=Scope.of(first.path), assignment=first, state="done")
    on = dt.date(2026, 3, 20)
    rollup = rollup_of_passed_down(assignments=[parent], on=on)[parent.pk]
    assert (rollup.total, rollup.done, rollup.overdue) == (4, 1, 3)
    assert rollup.share_done == 25
    # The region sees the roll-up under its own assignment's page, per recipient, without opening each.
    relayed = passed_down(scope=Scope.of("03/"), assignment=parent, on=on)
    assert [d.pk for d in relayed] == [relay.pk]
    assert {a.body_id: a.overdue for a in relayed[0].rows} == {b: b != first.body_id for b in children}


def test_a_tetouan_writer_cannot_send_to_taounate_nor_touch_its_assignments(world):
    tetouan_scope = Scope.of(world["tetouan"].path)
    with pytest.raises(DirectiveError) as refused:
        directive_send(
            acting_user=None,
            scope=tetouan_scope,
            issuer=world["tetouan"],
            title="x",
            rule=TargetRule.BY_HAND,
            bodies=[world["branches"][0]],
        )
    assert refused.value.code == "recipient_outside"
    with pytest.raises(DirectiveError) as refused:
        directive_send(
            acting_user=None,
            scope=tetouan_scope,
            issuer=world["tetouan"],
            title="x",
            rule=TargetRule.COMMUNES,
            territory=world["province"].territory,
        )
    assert refused.value.code == "recipient_outside"
    with pytest.raises(DirectiveError) as refused:  # nor send in Taounate's name
        directive_send(acting_user=None, scope=tetouan_scope, issuer=world["province"], title="x", rule="communes")
    assert refused.value.code == "outside_scope"
    directive = _structuring(world)
    a = Assignment.objects.get(directive=directive, body=world["branches"][0])
    for call in (
        lambda: assignment_set_state(acting_user=None, scope=tetouan_scope, assignment=a, state="done"),
        lambda: assignment_pass_down(acting_user=None, scope=tetouan_scope, assignment=a, level="local"),
    ):
        with pytest.raises(DirectiveError) as refused:
            call()
        assert refused.value.code == "outside_scope"
    a.refresh_from_db()
    assert a.state == "sent"
    assert Directive.objects.count() == 1


def test_a_branch_sees_what_it_received_but_not_the_provinces_directive_page(world):
    from django.http import Http404

    from tanzim.directives.selectors import assignments_received, directive_get

    directive = _structuring(world)
    branch = world["branches"][0]
    branch_scope = Scope.of(branch.path)
    received = assignments_received(scope=branch_scope, bodies=[branch.pk])
    assert [a.directive.title for a in received] == [directive.title]
    with pytest.raises(Http404):
        directive_get(scope=branch_scope, pk=directive.pk)
    other = Assignment.objects.get(directive=directive, body=world["branches"][1])
    with pytest.raises(Http404):
        assignment_get(scope=branch_scope, pk=other.pk)


def test_a_rule_can_keep_one_organization(world):
    youth = make_body("provincial_office", "03.531", parent=None, org="youth", status=BodyStatus.CONSTITUTED)
    directive = directive_send(
        acting_user=None,
        scope=Scope.of("03/"),
        issuer=world["region"],
        title="التحضير للمؤتمر الجهوي لمنظمة الشباب",
        rule=TargetRule.SUB_BODIES,
        level="provincial",
        organization=youth.organization,
    )
    assert [a.body_id for a in directive_assignments(directive=directive)] == [youth.pk]
