"""Everything the directives app gives the other apps: audit actions, error codes, names for the audit page, the
panels on the body page and under a decision of the meeting page, and the follow-ups of a meeting's documents."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors
from tanzim.meetings.followups import FollowUp, followup_provider
from tanzim.meetings.panels import decision_panels
from tanzim.organization.panels import body_panels

from . import selectors
from .services import writer_scope
from .words import due_words, recipients_words

declare_actions(
    "directives",
    {
        "directive.send": _("Directive sent"),
        "directive.pass_down": _("Directive passed down"),
        "assignment.state": _("Assignment state changed"),
        "assignment.evidence": _("Assignment evidence added"),
    },
)

declare_errors(
    "directives",
    {
        "outside_scope": _("outside your territory"),
        "title_required": _("directive missing"),
        "decision_elsewhere": _("decision of another body"),
        "rule_unknown": _("unknown choice of recipients"),
        "level_required": _("level missing"),
        "recipient_outside": _("recipient outside the issuer's territory"),
        "no_recipients": _("no recipient"),
        "not_a_body": _("commune without a body"),
        "assignment_closed": _("assignment closed"),
        "state_unknown": _("unknown state"),
        "reason_required": _("reason missing"),
        "waiver_by_sender": _("waived by the sender only"),
        "file_type": _("file of a refused type"),
        "file_too_large": _("file too large"),
    },
)

declare_change_keys(
    "directives",
    {
        "recipients": _("Bodies"),
        "communes": _("Communes without a body"),
        "file": _("File"),
    },
)


def _directives(ids, scope):
    return {str(d.pk): d.title for d in selectors.directive_list(scope=scope).filter(pk__in=ids_of(ids))}


def _assignments(ids, scope):
    rows = selectors.assignment_list(scope=scope).filter(pk__in=ids_of(ids))
    return {str(a.pk): f"{a.directive.title} — {a.body.name if a.body else a.commune.titled_name}" for a in rows}


declare_names("directives.directive", _directives, app="directives")
declare_names("directives.assignment", _assignments, app="directives")


@body_panels.register("directives", template="directives/_body_panel.html", order=60)
def body_directives_panel(body, *, scope, authority):
    """On a body's page: what it received (to do) and what it sent (follow-up), through the reader's scope."""
    received = selectors.assignments_received(scope=scope, bodies=[body.pk])[:10]
    sent = selectors.directives_sent(scope=scope, bodies=[body.pk])[:10]
    may_send = writer_scope(authority).covers(body.path)
    if not received and not sent and not may_send:
        return None
    return {"body": body, "received": received, "sent": sent, "may_send": may_send}


@decision_panels.register("directives", template="directives/_decision_panel.html", order=50)
def decision_directives_panel(decision, *, scope, authority):
    """Under a decision of the meeting page: the directives it sent, and a link to send one."""
    directives = list(selectors.directives_of_decisions(scope=scope, decision_ids=[decision.pk]))
    body = decision.meeting.body
    may_send = writer_scope(authority).covers(body.path)
    if not directives and not may_send:
        return None
    counts = selectors.rollups_of(directives)
    rows = [(d, counts.get(d.pk)) for d in directives]
    return {"decision": decision, "rows": rows, "may_send": may_send}


@followup_provider("directives")
def directives_of_meeting(meeting, *, scope) -> list[FollowUp]:
    """What each decision of the meeting sent down, for the minutes PDF and the communiqué."""
    directives = (
        selectors.directive_list(scope=scope).filter(decision__meeting=meeting).order_by("decision__order", "id")
    )
    return [
        FollowUp(
            decision_id=d.decision_id,
            text=d.title,
            recipients=recipients_words(d),
            due=d.due_date,
            due_words=due_words(d),
        )
        for d in directives
    ]
