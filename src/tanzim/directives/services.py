"""Every write of the directives app: sending a directive (by rule or by hand, from a decision or not), changing
an assignment's state, its evidence and attachments, passing it down to the recipient's own sub-bodies.

Who may write (decided here, and said in the README):
- sending a directive from a body takes MINUTES or OFFICES_WRITE over the issuing body's territory (`writer_scope`):
  the rapporteur who writes the meeting's minutes records what it sent; the head and deputy hold both;
- changing an assignment takes the same capabilities over the recipient's territory (the assignment's path): the
  recipient body's own officials, and the bodies above it; waiving it (or taking a waiver back) takes them over the
  issuing body's territory: the sender and the bodies above it.
Every service receives the writer's scope and checks it itself; a refusal is a `DirectiveError`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.organization.models import Body, BodyLevel, BodyStatus, Organization
from tanzim.territory.capability import Capability
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .models import OPEN_STATES, Assignment, AssignmentAttachment, AssignmentState, Directive, TargetRule

WRITE_CAPABILITIES = (Capability.MINUTES, Capability.OFFICES_WRITE)

# Evidence files: what an official photographs or scans (a report, a photo of the constitutive meeting).
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}


class DirectiveError(CodedError):
    """A refused write of the directives app (codes declared in directives/declarations.py)."""

    def __init__(self, code: str, message, *, field: str | None = None):
        super().__init__(code, message)
        self.field = field


def writer_scope(authority) -> Scope:
    """Where the holder of `authority` may send directives and change assignments."""
    scope = Scope.nothing()
    for capability in WRITE_CAPABILITIES:
        scope = scope.union(authority.scope(capability))
    return scope


def today() -> dt.date:
    """Today in Africa/Casablanca (the project's time zone)."""
    return timezone.localdate()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 January → 28 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def due_from(
    *, base: dt.date, due_date: dt.date | None, due_months: int | None, due_days: int | None
) -> dt.date | None:
    """The due date: as given, else `base` (the meeting's day, or today) plus the months and days given."""
    if due_date is not None:
        return due_date
    if not due_months and not due_days:
        return None
    return add_months(base, due_months or 0) + dt.timedelta(days=due_days or 0)


def _inside(territory_path: str, path: str) -> bool:
    """Is `path` inside the territory at `territory_path` ("" is the whole country)?"""
    return path.startswith(territory_path)


def _refuse_outside(scope: Scope, path: str, field: str | None = None) -> None:
    if not scope.covers(path):
        raise DirectiveError("outside_scope", _("Your responsibilities do not include this action here."), field=field)


def _commune_of(territory: Territory) -> Territory:
    return territory.parent if territory.level == "arrondissement" and territory.parent else territory


def _recipients_by_rule(
    *,
    issuer: Body,
    rule: str,
    level: str,
    organization: Organization | None,
    territory: Territory | None,
    under_tree: bool,
) -> tuple[list[Body], list[Territory]]:
    """The bodies (and, for structuring, the communes without a constituted local body) a rule names."""
    base = territory.path if territory is not None else issuer.path
    bodies = Body.objects.filter(path__startswith=base).exclude(pk=issuer.pk).select_related("territory")
    if under_tree:
        bodies = bodies.filter(tree__startswith=issuer.tree)
    if rule == TargetRule.SUB_BODIES:
        if level not in BodyLevel.values:
            raise DirectiveError("level_required", _("Choose the level of the bodies to send it to."), field="level")
        bodies = bodies.filter(body_type__level=level).exclude(status=BodyStatus.NOT_CONSTITUTED)
        if organization is not None:
            bodies = bodies.filter(organization=organization)
        return list(bodies.order_by("path", "id")), []
    # Structuring: every constituted local body of the organization, and every commune without one.
    locals_ = list(
        bodies.filter(
            body_type__level=BodyLevel.LOCAL, status=BodyStatus.CONSTITUTED, organization=organization
        ).order_by("path", "id")
    )
    structured = {_commune_of(b.territory).pk for b in locals_ if b.territory is not None}
    communes = list(
        Territory.objects.filter(level="commune", path__startswith=base).exclude(pk__in=structured).order_by("path")
    )
    return locals_, communes


def directive_send(
    *,
    acting_user,
    scope: Scope,
    issuer: Body,
    title: str,
    details: str = "",
    decision=None,
    parent_assignment: Assignment | None = None,
    due_date: dt.date | None = None,
    due_months: int | None = None,
    due_days: int | None = None,
    rule: str = TargetRule.BY_HAND,
    level: str = "",
    organization: Organization | None = None,
    territory: Territory | None = None,
    bodies: Iterable[Body] = (),
) -> Directive:
    """Send a directive from `issuer` to the recipients a rule or a hand-made list names: one assignment each.

    `scope` is where the writer may send (`writer_scope`); the issuer and every recipient must lie in it, and the
    recipients under the issuer's territory (under the issuer itself when passing an assignment down)."""
    _refuse_outside(scope, issuer.path)
    title = (title or "").strip()
    if not title:
        raise DirectiveError("title_required", _("Write the directive."), field="title")
    if decision is not None and decision.meeting.body_id != issuer.pk:
        raise DirectiveError(
            "decision_elsewhere", _("This decision was taken by another body's meeting."), field="decision"
        )
    if rule not in TargetRule.values:
        raise DirectiveError("rule_unknown", _("Choose how the recipients are chosen."), field="rule")
    passing_down = parent_assignment is not None
    if territory is not None and (not _inside(issuer.path, territory.path) or not scope.covers(territory.path)):
        raise DirectiveError(
            "recipient_outside",
            _("The recipients must lie under the issuing body's territory and in your own."),
            field="territory",
        )
    if rule == TargetRule.COMMUNES and organization is None:
        organization = issuer.organization
    communes: list[Territory] = []
    if rule == TargetRule.BY_HAND:
        recipients = list({b.pk: b for b in bodies}.values())
        for body in recipients:
            below = body.tree.startswith(issuer.tree) if passing_down else _inside(issuer.path, body.path)
            if body.pk == issuer.pk or not below or not scope.covers(body.path):
                raise DirectiveError(
                    "recipient_outside",
                    _("%(body)s is not a body this directive may be sent to.") % {"body": body.name},
                    field="bodies",
                )
    else:
        recipients, communes = _recipients_by_rule(
            issuer=issuer,
            rule=rule,
            level=level,
            organization=organization,
            territory=territory,
            under_tree=passing_down,
        )
        if any(not scope.covers(b.path) for b in recipients) or any(not scope.covers(c.path) for c in communes):
            raise DirectiveError(
                "recipient_outside",
                _("The recipients must lie under the issuing body's territory and in your own."),
                field="territory",
            )
    if not recipients and not communes:
        raise DirectiveError("no_recipients", _("No body is named by this choice of recipients."), field="rule")
    base = timezone.localtime(decision.meeting.starts_at).date() if decision is not None else today()
    due = due_from(base=base, due_date=due_date, due_months=due_months, due_days=due_days)
    with transaction.atomic():
        directive = Directive.objects.create(
            issuer=issuer,
            decision=decision,
            parent_assignment=parent_assignment,
            title=title,
            details=(details or "").strip(),
            due_date=due,
            due_months=due_months or None,
            due_days=due_days or None,
            rule=rule,
            rule_level=level if rule == TargetRule.SUB_BODIES else "",
            rule_organization=organization if rule != TargetRule.BY_HAND else None,
            rule_territory=territory if rule != TargetRule.BY_HAND else None,
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        rows = [
            Assignment(
                directive=directive,
                body=b,
                commune=_commune_of(b.territory) if rule == TargetRule.COMMUNES and b.territory else None,
                path=b.path,
                due_date=due,
            )
            for b in recipients
        ] + [Assignment(directive=directive, commune=c, path=c.path, due_date=due) for c in communes]
        Assignment.objects.bulk_create(rows, batch_size=500)
        if parent_assignment is not None and parent_assignment.state in ("sent", "acknowledged"):
            parent_assignment.state = AssignmentState.IN_PROGRESS
            parent_assignment.save(update_fields=["state", "updated_at"])
        audit_record(
            acting_user=acting_user,
            action="directive.pass_down" if passing_down else "directive.send",
            target=directive,
            territory_path=issuer.path,
            changes={
                "title": title,
                "rule": rule,
                "recipients": len(recipients),
                "communes": len(communes),
                "due_date": due.isoformat() if due else None,
            },
        )
    return directive


def assignment_pass_down(
    *,
    acting_user,
    scope: Scope,
    assignment: Assignment,
    title: str = "",
    details: str = "",
    due_date: dt.date | None = None,
    level: str = "",
    bodies: Iterable[Body] = (),
) -> Directive:
    """The recipient relays its assignment to its own sub-bodies (every one of a level, or chosen by hand)."""
    if assignment.body is None:
        raise DirectiveError(
            "not_a_body", _("A commune without a body has nobody to pass the directive to."), field="bodies"
        )
    _refuse_outside(scope, assignment.path)
    if assignment.state not in OPEN_STATES:
        raise DirectiveError("assignment_closed", _("This assignment is closed."), field="state")
    chosen = list(bodies)
    return directive_send(
        acting_user=acting_user,
        scope=scope,
        issuer=assignment.body,
        title=title or assignment.directive.title,
        details=details,
        parent_assignment=assignment,
        due_date=due_date or assignment.due_date,
        rule=TargetRule.BY_HAND if chosen or not level else TargetRule.SUB_BODIES,
        level=level,
        bodies=chosen,
    )


def assignment_set_state(
    *, acting_user, scope: Scope, assignment: Assignment, state: str, reason: str = "", on: dt.date | None = None
) -> Assignment:
    """Move an assignment: sent → acknowledged → in progress → done, or waived with a reason (and back, to
    correct a mistake)."""
    _refuse_outside(scope, assignment.path)
    if state not in AssignmentState.values:
        raise DirectiveError("state_unknown", _("Choose one of the states."), field="state")
    reason = (reason or "").strip()
    if state == AssignmentState.WAIVED and not reason:
        raise DirectiveError("reason_required", _("Say why the assignment is waived."), field="reason")
    old = assignment.state
    if old == state and (state != AssignmentState.WAIVED or reason == assignment.waived_reason):
        return assignment
    if AssignmentState.WAIVED in (old, state) and not scope.covers(assignment.directive.issuer.path):
        # Waiving is the sender's decision (or a body's above it), and so is taking a waiver back: a recipient that
        # could waive its own assignment would empty the sender's overdue list and its own scorecard.
        raise DirectiveError(
            "waiver_by_sender",
            _("Only the body that sent the directive, or a body above it, may waive it."),
            field="state",
        )
    with transaction.atomic():
        assignment.state = state
        assignment.waived_reason = reason if state == AssignmentState.WAIVED else ""
        assignment.done_on = (on or today()) if state == AssignmentState.DONE else None
        assignment.save(update_fields=["state", "waived_reason", "done_on", "updated_at"])
        audit_record(
            acting_user=acting_user,
            action="assignment.state",
            target=assignment,
            territory_path=assignment.path,
            changes={"state": [old, state], **({"waived_reason": reason} if reason else {})},
        )
    return assignment


def _attachment_dir() -> Path:
    return Path(settings.DATA_DIR) / "attachments"


def attachment_path(attachment: AssignmentAttachment) -> Path:
    """Where an attachment's bytes lie (under the data directory, never served by the web server itself)."""
    return _attachment_dir() / attachment.file.name


def assignment_evidence(
    *, acting_user, scope: Scope, assignment: Assignment, evidence: str | None = None, upload=None
) -> Assignment:
    """Write the assignment's evidence notes and/or add a file (a PDF or a photo, 5 MB at most)."""
    _refuse_outside(scope, assignment.path)
    stored = None
    if upload is not None:
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ATTACHMENT_TYPES:
            raise DirectiveError("file_type", _("Attach a PDF, PNG or JPEG file."), field="file")
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise DirectiveError("file_too_large", _("The file is larger than 5 MB."), field="file")
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(ATTACHMENT_TYPES[suffix]):
            raise DirectiveError("file_type", _("Attach a PDF, PNG or JPEG file."), field="file")
        stored = f"directives/{today():%Y}/{uuid.uuid4().hex}{suffix}"
    changes: dict = {}
    with transaction.atomic():
        if evidence is not None and evidence.strip() != assignment.evidence:
            assignment.evidence = evidence.strip()
            assignment.save(update_fields=["evidence", "updated_at"])
            changes["evidence"] = assignment.evidence
        if stored is not None:
            target = _attachment_dir() / stored
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            name = Path(upload.name).name[:200]
            AssignmentAttachment.objects.create(
                assignment=assignment,
                file=stored,
                name=name,
                uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            )
            changes["file"] = name
        if changes:
            audit_record(
                acting_user=acting_user,
                action="assignment.evidence",
                target=assignment,
                territory_path=assignment.path,
                changes=changes,
            )
    return assignment
