"""`make demo` gives the demo party its work: the seed meetings, Taounate's directives and work programme."""

from django.core.management import call_command

from tanzim.activities.models import WorkProgramme
from tanzim.directives.models import Assignment, Directive
from tanzim.meetings.models import Meeting, MeetingStatus
from tanzim.organization.demo import demo_load


def test_load_demo_work_adds_the_seed_meetings_directives_and_programme_once(db, capsys):
    assert demo_load() is True
    call_command("load_demo_work")
    meetings = Meeting.objects.select_related("body__territory")
    taounate = meetings.get(body__territory__code="03.531", starts_at__date="2026-01-17")
    assert meetings.count() == 3 and taounate.status == MeetingStatus.APPROVED
    sent = Directive.objects.filter(issuer=taounate.body, decision__meeting=taounate)
    assert sent.count() == 5
    assignments = Assignment.objects.filter(directive__in=sent)
    assert assignments.filter(state="done").exists() and assignments.exclude(state="done").exists()
    assert WorkProgramme.objects.filter(body__territory__code="03.531").count() == 1

    before = (Meeting.objects.count(), Directive.objects.count(), Assignment.objects.count())
    call_command("load_demo_work")
    assert (Meeting.objects.count(), Directive.objects.count(), Assignment.objects.count()) == before
    assert "already there" in capsys.readouterr().out
