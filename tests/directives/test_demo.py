import datetime as dt

from tanzim.directives.demo import demo_directives
from tanzim.directives.models import Directive
from tanzim.directives.selectors import directive_counts, passed_down, rollup_of_passed_down
from tanzim.organization.demo import demo_load
from tanzim.territory.scope import Scope


def test_the_demo_holds_the_five_taounate_directives_done_overdue_and_passed_down(db):
    demo_load()
    sent = demo_directives()
    assert len(sent) == 5
    structuring = directive_counts(directive=sent[0], on=dt.date(2026, 3, 1))
    assert (structuring.structured, structuring.communes, structuring.to_go) == (19, 49, 30)
    assert sent[0].due_date == dt.date(2026, 4, 17)
    assert directive_counts(directive=sent[0], on=dt.date(2026, 3, 1)).overdue == 0
    assert directive_counts(directive=sent[3], on=dt.date(2026, 3, 1)).overdue > 0  # due within a month
    lists = directive_counts(directive=sent[3], on=dt.date(2026, 3, 1))
    assert lists.done > 0 and lists.waived == 1
    relay = Directive.objects.get(parent_assignment__isnull=False)
    rollup = rollup_of_passed_down(assignments=[relay.parent_assignment], on=dt.date(2026, 4, 1))
    counts = rollup[relay.parent_assignment_id]
    assert counts.done == 7 and counts.overdue == counts.total - 7
    assert passed_down(scope=Scope.everything(), assignment=relay.parent_assignment)[0].pk == relay.pk
