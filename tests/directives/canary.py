"""The directives app's records in Taounate for the canary walk (tests/access/test_canary.py): a directive of
Taounate's provincial office from a decision of its meeting, sent to its branch and to a commune without a body,
the branch's assignment passed down, a directive of the national bureau received by Taounate, an attachment."""

import datetime as dt

from django.utils import timezone

from tanzim.directives.models import Assignment, AssignmentAttachment, Directive
from tanzim.directives.services import assignment_evidence, directive_send
from tanzim.meetings.models import Decision, Meeting, MeetingKind
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

CANARY_PATH = "03/03.531/"
EVERYTHING = Scope.everything()


def records(canary, own_world) -> dict:
    province, branch = canary["province"], canary["branch"]
    # A kind of the party's nomenclature (shared by every territory, so not the canary's own).
    kind = MeetingKind.objects.get(key="ordinary")
    meeting = Meeting.objects.create(
        body=province,
        kind=kind,
        title="Kanarikki",
        starts_at=timezone.make_aware(dt.datetime(2026, 1, 17, 10)),  # noqa: DTZ001  (Casablanca time)
        status="held",
    )
    decision = Decision.objects.create(meeting=meeting, text="قرار الكناريكي", outcome="consensus")
    other_commune = Territory.objects.filter(level="commune", path__startswith=CANARY_PATH).exclude(
        pk=branch.territory_id
    )[0]
    sent = directive_send(
        acting_user=None,
        scope=EVERYTHING,
        issuer=province,
        decision=decision,
        title="توجيه الكناريكي Kanarikki",
        details="Zumurruda",
        due_months=3,
        rule="communes",
        territory=province.territory,
    )
    mine = Assignment.objects.get(directive=sent, body=branch)
    bare = Assignment.objects.get(directive=sent, commune=other_commune, body__isnull=True)
    assignment_evidence(acting_user=None, scope=EVERYTHING, assignment=mine, evidence="Kanarikki evidence")
    attachment = AssignmentAttachment.objects.create(
        assignment=mine, file="directives/2026/canary-file.pdf", name="canary-file.pdf"
    )
    national = directive_send(
        acting_user=None,
        scope=EVERYTHING,
        issuer=own_world["bureau"],
        title="Directive nationale",
        rule="by_hand",
        bodies=[province],
    )
    received = Assignment.objects.get(directive=national, body=province)
    relay = directive_send(
        acting_user=None,
        scope=EVERYTHING,
        issuer=province,
        parent_assignment=received,
        title="إحالة الكناريكي Kanarikki",
        rule="by_hand",
        bodies=[branch],
    )
    return {
        "directive": sent,
        "assignment": mine,
        "bare": bare,
        "attachment": attachment,
        "received": received,
        "relay": relay,
        "decision": decision,
    }


def ids(canary) -> set[int]:
    part = canary["directives"]
    return {
        part["directive"].pk,
        part["assignment"].pk,
        part["bare"].pk,
        part["attachment"].pk,
        part["received"].pk,
        part["relay"].pk,
        part["decision"].pk,
    } | set(Assignment.objects.filter(path__startswith=CANARY_PATH).values_list("pk", flat=True))


def state() -> dict:
    return {
        "directives": sorted(
            Directive.objects.filter(issuer__path__startswith=CANARY_PATH).values_list("pk", "title", "due_date")
        ),
        "assignments": sorted(
            Assignment.objects.filter(path__startswith=CANARY_PATH).values_list(
                "pk", "state", "evidence", "waived_reason", "due_date", "done_on"
            )
        ),
        "attachments": sorted(
            AssignmentAttachment.objects.filter(assignment__path__startswith=CANARY_PATH).values_list("pk", "name")
        ),
        "passed_down": Directive.objects.filter(parent_assignment__path__startswith=CANARY_PATH).count(),
    }
