"""/api/v1/activities: programmes and activities of the caller's territory, planned against done; planning an
activity and recording its report (the MINUTES capability of the organizing body's territory). Named participants
are not answered here: the activity page shows them to who may read them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tanzim.api.errors import ERRORS, Count, Day, Id, Refusal
from tanzim.organization.selectors import body_get
from tanzim.territory.capability import Capability
from tanzim.territory.selectors import territory_get

from .selectors import Tally, activity_get, activity_list, kind_list, programme_get, programme_list, tally, tally_by
from .services import ActivityError, activity_report, activity_save

router = Router()
MINUTES = Capability.MINUTES


class TallyOut(Schema):
    planned: int = Field(description="Activities still to come")
    due: int = Field(description="Activities whose day has come, report awaited")
    done: int = Field(description="Activities with their report")
    cancelled: int
    total: int = Field(description="Planned in all: still to come, due and done (the cancelled aside)")


def _tally(t: Tally) -> dict:
    return {"planned": t.planned, "due": t.due, "done": t.done, "cancelled": t.cancelled, "total": t.total}


class ProgrammeOut(Schema):
    id: int
    title: str
    body_id: int
    body: str
    starts_on: dt.date
    ends_on: dt.date
    tally: TallyOut

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.name


class ActivityOut(Schema):
    id: int
    programme_id: int | None
    body_id: int
    body: str
    kind: str
    kind_name: str
    theme: str
    starts_on: dt.date
    ends_on: dt.date | None
    starts_at: dt.time | None
    commune: str | None = Field(description="HCP code of the commune")
    venue: str
    partners: str
    planned_participants: int | None
    actual_participants: int | None
    state: str = Field(description="planned, due, done or cancelled, on today's date")
    report: str
    photo_captions: list[str]

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.name

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.kind.key

    @staticmethod
    def resolve_kind_name(obj) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_commune(obj) -> str | None:
        return obj.commune.code if obj.commune_id else None

    @staticmethod
    def resolve_state(obj) -> str:
        return obj.current_state

    @staticmethod
    def resolve_photo_captions(obj) -> list[str]:
        return obj.captions


class ActivityIn(Schema):
    body_id: Id
    programme_id: Id | None = None
    kind: str = Field(max_length=40, description="Key of a kind of activity (communication_meeting, caravan…)")
    theme: str = Field(max_length=300)
    starts_on: dt.date
    ends_on: dt.date | None = None
    starts_at: dt.time | None = None
    commune: str | None = Field(None, max_length=20, description="HCP code of the commune")
    venue: str = Field("", max_length=200)
    partners: str = Field("", max_length=300)
    planned_participants: Count | None = None


class ReportIn(Schema):
    report: str = Field(max_length=20000)
    actual_participants: Count | None = None
    photo_captions: list[str] = Field(default_factory=list, max_length=100)


def _programmes_out(request, programmes) -> list[dict]:
    programmes = list(programmes)
    counts = tally_by(
        activity_list(scope=request.scope).filter(programme__in=[p.pk for p in programmes]), "programme_id"
    )
    return [
        {
            "id": p.pk,
            "title": p.title,
            "body_id": p.body_id,
            "body": p.body.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "tally": _tally(counts.get(p.pk, Tally())),
        }
        for p in programmes
    ]


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS}, summary="Work programmes, planned vs done")
def list_programmes(request, body_id: Id | None = None):
    body = body_get(scope=request.scope, pk=body_id) if body_id is not None else None
    return _programmes_out(request, programme_list(scope=request.scope, body=body)[:500])


@router.get("/programmes/{id:programme_id}", response={200: ProgrammeOut, **ERRORS}, summary="One work programme")
def get_programme(request, programme_id: Id):
    return _programmes_out(request, [programme_get(scope=request.scope, pk=programme_id)])[0]


@router.get("/tally", response={200: TallyOut, **ERRORS}, summary="Planned against done for a body or everywhere")
def get_tally(request, body_id: Id | None = None, start: Day | None = None, end: Day | None = None):
    """Every activity of the caller's territory (or organized by `body_id`) with a day between `start` and `end`,
    counted by its state today."""
    body = body_get(scope=request.scope, pk=body_id) if body_id is not None else None
    return _tally(tally(activity_list(scope=request.scope, body=body, start=start, end=end)))


@router.get("", response={200: list[ActivityOut], **ERRORS}, summary="Activities")
def list_activities(
    request,
    body_id: Id | None = None,
    programme_id: Id | None = None,
    start: Day | None = None,
    end: Day | None = None,
):
    """Activities of the caller's territory, by date (at most 1000): of a body, of a programme, with a day between
    `start` and `end`."""
    body = body_get(scope=request.scope, pk=body_id) if body_id is not None else None
    programme = programme_get(scope=request.scope, pk=programme_id) if programme_id is not None else None
    return list(activity_list(scope=request.scope, body=body, programme=programme, start=start, end=end)[:1000])


@router.get("/{id:activity_id}", response={200: ActivityOut, **ERRORS}, summary="One activity")
def get_activity(request, activity_id: Id):
    return activity_get(scope=request.scope, pk=activity_id)


def _refuse(error: ActivityError, fields: dict | None = None):
    field = (fields or {}).get(error.field or "", error.field)
    raise Refusal(error.code, error.message, field=field) from None


@router.post("", response={201: ActivityOut, **ERRORS}, summary="Plan an activity")
def create_activity(request, payload: ActivityIn):
    body = body_get(scope=request.scope, pk=payload.body_id)
    request.authority.require(MINUTES, body.path)
    scope = request.authority.scope(MINUTES).intersection(request.scope)
    programme = programme_get(scope=scope, pk=payload.programme_id) if payload.programme_id else None
    kind = kind_list().filter(key=payload.kind).first()
    if kind is None:
        raise Refusal("invalid", _("Unknown kind of activity “%(kind)s”.") % {"kind": payload.kind}, field="kind")
    commune = territory_get(scope=scope, code=payload.commune) if payload.commune else None
    try:
        activity = activity_save(
            acting_user=request.user,
            scope=scope,
            programme=programme,
            body=body,
            kind=kind,
            theme=payload.theme,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            starts_at=payload.starts_at,
            commune=commune,
            venue=payload.venue,
            partners=payload.partners,
            planned_participants=payload.planned_participants,
        )
    except ActivityError as error:
        _refuse(error, {"body": "body_id"})
    return Status(201, activity_get(scope=request.scope, pk=activity.pk))


@router.post("/{id:activity_id}/report", response={200: ActivityOut, **ERRORS}, summary="Record an activity's report")
def report_activity(request, activity_id: Id, payload: ReportIn):
    """The activity is done once its report is recorded (not before its first day; not once cancelled)."""
    activity = activity_get(scope=request.scope, pk=activity_id)
    request.authority.require(MINUTES, activity.body.path)
    try:
        activity_report(
            acting_user=request.user,
            scope=request.authority.scope(MINUTES).intersection(request.scope),
            activity=activity,
            report=payload.report,
            actual_participants=payload.actual_participants,
            photo_captions="\n".join(payload.photo_captions),
            today=timezone.localdate(),
        )
    except ActivityError as error:
        _refuse(error)
    return activity_get(scope=request.scope, pk=activity.pk)
