"""/api/v1/directives: what my bodies received and sent, a directive with its recipients, an assignment, and its
state changed. Read through the caller's scope; an assignment's recipient reads its directive's words through it."""

import datetime as dt

from ninja import Router, Schema

from tanzim.api.errors import ERRORS, Id, Refusal

from . import selectors
from .models import AssignmentState
from .services import DirectiveError, assignment_set_state, writer_scope
from .words import recipients_words

router = Router()


class CountsOut(Schema):
    total: int
    done: int
    waived: int
    overdue: int
    open: int
    share_done: int
    communes: int
    structured: int


class AssignmentOut(Schema):
    id: int
    directive_id: int
    directive: str
    issuer: str
    issuer_id: int
    body_id: int | None
    recipient: str
    commune_code: str | None
    due_date: dt.date | None
    state: str
    shown_state: str
    overdue: bool
    days_left: int | None
    waived_reason: str
    evidence: str
    done_on: dt.date | None


class DirectiveOut(Schema):
    id: int
    title: str
    details: str
    issuer_id: int
    issuer: str
    decision_id: int | None
    parent_assignment_id: int | None
    rule: str
    recipients: str
    due_date: dt.date | None
    counts: CountsOut


class DirectiveDetailOut(DirectiveOut):
    assignments: list[AssignmentOut]


class StateIn(Schema):
    state: AssignmentState
    reason: str = ""


def _assignment(a) -> dict:
    return {
        "id": a.pk,
        "directive_id": a.directive_id,
        "directive": a.directive.title,
        "issuer": a.directive.issuer.name,
        "issuer_id": a.directive.issuer_id,
        "body_id": a.body_id,
        "recipient": a.body.name if a.body else a.commune.titled_name,
        "commune_code": a.commune.code if a.commune else None,
        "due_date": a.due_date,
        "state": a.state,
        "shown_state": a.shown_state,
        "overdue": a.overdue,
        "days_left": a.days_left,
        "waived_reason": a.waived_reason,
        "evidence": a.evidence,
        "done_on": a.done_on,
    }


def _counts(c) -> dict:
    return {
        "total": c.total,
        "done": c.done,
        "waived": c.waived,
        "overdue": c.overdue,
        "open": c.open,
        "share_done": c.share_done,
        "communes": c.communes,
        "structured": c.structured,
    }


def _directive(d, counts) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "details": d.details,
        "issuer_id": d.issuer_id,
        "issuer": d.issuer.name,
        "decision_id": d.decision_id,
        "parent_assignment_id": d.parent_assignment_id,
        "rule": d.rule,
        "recipients": recipients_words(d),
        "due_date": d.due_date,
        "counts": _counts(counts),
    }


@router.get("/received", response={200: list[AssignmentOut], **ERRORS}, summary="What my bodies received")
def list_received(request, body_id: Id | None = None):
    """The assignments of the bodies the caller holds a mandate in (or of one body the caller reads)."""
    bodies = [body_id] if body_id else selectors.my_bodies(request.authority)
    return [_assignment(a) for a in selectors.assignments_received(scope=request.scope, bodies=bodies)]


@router.get("/sent", response={200: list[DirectiveOut], **ERRORS}, summary="What my bodies sent, with roll-ups")
def list_sent(request, body_id: Id | None = None):
    bodies = [body_id] if body_id else selectors.my_bodies(request.authority)
    directives = selectors.directives_sent(scope=request.scope, bodies=bodies)
    counts = selectors.rollups_of(directives)
    return [_directive(d, counts.get(d.pk, selectors.Counts())) for d in directives]


@router.get("/overdue", response={200: list[AssignmentOut], **ERRORS}, summary="Overdue in my territory")
def list_overdue(request, page: int = 1):
    page = min(max(page, 1), 100000)
    _total, rows = selectors.overdue_assignments(scope=request.scope, offset=(page - 1) * 50)
    return [_assignment(a) for a in rows]


@router.get("/{id:directive_id}", response={200: DirectiveDetailOut, **ERRORS}, summary="A directive")
def get_directive(request, directive_id: Id):
    d = selectors.directive_get(scope=request.scope, pk=directive_id)
    rows = selectors.directive_assignments(directive=d)
    return {
        **_directive(d, selectors.directive_counts(directive=d, rows=rows)),
        "assignments": [_assignment(a) for a in rows],
    }


@router.get("/assignments/{id:assignment_id}", response={200: AssignmentOut, **ERRORS}, summary="An assignment")
def get_assignment(request, assignment_id: Id):
    return _assignment(selectors.assignment_get(scope=request.scope, pk=assignment_id))


@router.post(
    "/assignments/{id:assignment_id}/state", response={200: AssignmentOut, **ERRORS}, summary="Change its state"
)
def set_state(request, assignment_id: Id, payload: StateIn):
    """sent → acknowledged → in progress → done, or waived with a reason. 422 with a code when refused."""
    a = selectors.assignment_get(scope=request.scope, pk=assignment_id)
    try:
        assignment_set_state(
            acting_user=request.user,
            scope=writer_scope(request.authority),
            assignment=a,
            state=payload.state,
            reason=payload.reason,
        )
    except DirectiveError as error:
        raise Refusal(
            error.code, error.message, field=error.field, status=403 if error.code == "outside_scope" else 422
        ) from None
    return _assignment(selectors.assignment_get(scope=request.scope, pk=assignment_id))
