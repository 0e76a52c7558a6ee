"""Writes to programmes and activities: one transaction each, its audit row inside it.

Who writes: the holders of the MINUTES capability of the organizing body's territory (by default the head, the
deputy head, the rapporteur and the deputy rapporteur of an executive office), the same people who record what a
body's meetings did. Every function receives the writer's scope for that capability and checks it itself: the
organizing body, the programme's body and the commune must all lie inside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.territory.scope import Scope

from .models import Activity, ActivityKind, Participant, WorkProgramme


class ActivityError(CodedError):
    """A refused write to programmes or activities (codes declared in activities/declarations.py)."""

    def __init__(self, code: str, message, *, field: str | None = None):
        super().__init__(code, message)
        self.field = field


def _require(scope: Scope, path: str) -> None:
    if not scope.covers(path):
        raise ActivityError("outside_scope", _("Your responsibilities do not include this body."))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


PROGRAMME_FIELDS = ("title", "starts_on", "ends_on")


def programme_save(
    *,
    acting_user,
    scope: Scope,
    programme: WorkProgramme | None = None,
    body=None,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
) -> WorkProgramme:
    """Create a body's programme for a period (`body`), or change the title and period of one (`programme`)."""
    body = programme.body if programme is not None else body
    _require(scope, body.path)
    if ends_on < starts_on:
        raise ActivityError("dates_order", _("The end of the period comes before its start."), field="ends_on")
    with transaction.atomic():
        if programme is None:
            programme = WorkProgramme(body=body, created_by=acting_user if acting_user and acting_user.pk else None)
            before: dict = {}
            action = "programme.create"
        else:
            before = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
            action = "programme.update"
        programme.title, programme.starts_on, programme.ends_on = title.strip(), starts_on, ends_on
        programme.save()
        changes = {
            name: [_plain(before.get(name)), _plain(getattr(programme, name))]
            for name in PROGRAMME_FIELDS
            if before.get(name) != getattr(programme, name)
        }
        if action == "programme.create":
            changes["body"] = body.pk
        audit_record(
            acting_user=acting_user, action=action, target=programme, territory_path=body.path, changes=changes
        )
    return programme


ACTIVITY_FIELDS = (
    "programme",
    "body",
    "kind",
    "theme",
    "starts_on",
    "ends_on",
    "starts_at",
    "commune",
    "venue",
    "partners",
    "planned_participants",
)


def _check_plan(scope: Scope, data: dict) -> None:
    body = data["body"]
    _require(scope, body.path)
    programme = data.get("programme")
    if programme is not None:
        _require(scope, programme.body.path)
        if not body.path.startswith(programme.body.path):
            raise ActivityError(
                "body_outside_programme",
                _("The organizing body must lie in the territory of the programme's body."),
                field="body",
            )
    if data.get("ends_on") is not None and data["ends_on"] < data["starts_on"]:
        raise ActivityError("dates_order", _("The last day comes before the first."), field="ends_on")
    commune = data.get("commune")
    if commune is not None and not (commune.path.startswith(body.path) and scope.covers(commune.path)):
        raise ActivityError(
            "commune_outside_body", _("The commune must lie in the organizing body's territory."), field="commune"
        )


def activity_save(*, acting_user, scope: Scope, activity: Activity | None = None, **data) -> Activity:
    """Plan an activity, or change its plan. `data`: the fields of ACTIVITY_FIELDS (body, kind, theme, starts_on
    required). A changed organizing body must be writable too, as the one it leaves."""
    if activity is not None:
        _require(scope, activity.body.path)
        data = {name: data.get(name, getattr(activity, name)) for name in ACTIVITY_FIELDS}
    if not isinstance(data.get("kind"), ActivityKind) or not str(data.get("theme", "")).strip():
        raise ActivityError("invalid", _("Give the kind and the theme of the activity."), field="theme")
    _check_plan(scope, data)
    data["theme"] = data["theme"].strip()
    with transaction.atomic():
        if activity is None:
            activity = Activity(created_by=acting_user if acting_user and acting_user.pk else None)
            before: dict = {}
            action = "activity.create"
        else:
            before = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
            action = "activity.update"
        for name in ACTIVITY_FIELDS:
            setattr(activity, name, data.get(name, getattr(activity, name, None)))
        activity.save()
        changes = {
            name: [_plain(before.get(name)), _plain(getattr(activity, name))]
            for name in ACTIVITY_FIELDS
            if before.get(name) != getattr(activity, name)
        }
        audit_record(
            acting_user=acting_user,
            action=action,
            target=activity,
            territory_path=activity.body.path,
            changes=changes,
        )
    return activity


def activity_report(
    *,
    acting_user,
    scope: Scope,
    activity: Activity,
    report: str,
    actual_participants: int | None,
    photo_captions: str = "",
    today: dt.date | None = None,
) -> Activity:
    """Record what happened (the activity is then done): the report, how many took part, the photos' captions."""
    _require(scope, activity.body.path)
    today = today or timezone.localdate()
    if activity.cancelled_on is not None:
        raise ActivityError("cancelled", _("This activity was cancelled: it has no report."))
    if activity.starts_on > today:
        raise ActivityError(
            "not_yet_held", _("This activity has not been held yet: its report comes after its day."), field="report"
        )
    if not report.strip():
        raise ActivityError("report_empty", _("Write what the activity did."), field="report")
    with transaction.atomic():
        before = {name: getattr(activity, name) for name in ("report", "actual_participants", "photo_captions")}
        activity.report = report.strip()
        activity.actual_participants = actual_participants
        activity.photo_captions = "\n".join(line.strip() for line in photo_captions.splitlines() if line.strip())
        activity.reported_on = activity.reported_on or today
        activity.save(update_fields=["report", "actual_participants", "photo_captions", "reported_on"])
        audit_record(
            acting_user=acting_user,
            action="activity.report",
            target=activity,
            territory_path=activity.body.path,
            changes={
                name: [before[name], getattr(activity, name)]
                for name in before
                if before[name] != getattr(activity, name)
            },
        )
    return activity


def activity_cancel(
    *, acting_user, scope: Scope, activity: Activity, reason: str, today: dt.date | None = None
) -> Activity:
    """Cancel an activity that has not been reported (it stays in the programme, counted as cancelled)."""
    _require(scope, activity.body.path)
    if activity.report.strip():
        raise ActivityError("already_done", _("This activity was held: its report is recorded."))
    if activity.cancelled_on is not None:
        return activity
    with transaction.atomic():
        activity.cancelled_on = today or timezone.localdate()
        activity.cancelled_reason = reason.strip()[:300]
        activity.save(update_fields=["cancelled_on", "cancelled_reason"])
        audit_record(
            acting_user=acting_user,
            action="activity.cancel",
            target=activity,
            territory_path=activity.body.path,
            changes={"cancelled_reason": activity.cancelled_reason},
        )
    return activity


def participant_add(*, acting_user, scope: Scope, activity: Activity, person, attended: bool) -> Participant:
    """Name a person among an activity's participants (invited, or present). The person was picked through the
    reader's scope; the writer's scope must cover the activity's body."""
    _require(scope, activity.body.path)
    try:
        with transaction.atomic():
            row = Participant.objects.create(activity=activity, person=person, attended=attended)
            audit_record(
                acting_user=acting_user,
                action="activity.participant_add",
                target=activity,
                territory_path=activity.body.path,
                changes={"person": person.pk, "attended": attended},
            )
    except IntegrityError:
        raise ActivityError(
            "participant_taken", _("This person is already among the participants."), field="person"
        ) from None
    return row


def participant_remove(*, acting_user, scope: Scope, participant: Participant) -> None:
    activity = participant.activity
    _require(scope, activity.body.path)
    with transaction.atomic():
        person_id = participant.person_id
        participant.delete()
        audit_record(
            acting_user=acting_user,
            action="activity.participant_remove",
            target=activity,
            territory_path=activity.body.path,
            changes={"person": person_id},
        )
