import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tanzim.api.errors import ERRORS, Id, Refusal
from tanzim.people.selectors import person_list
from tanzim.territory.capability import Capability
from tanzim.territory.selectors import territory_get

from .errors import OrganizationError, SeatBeyondScope
from .models import Body, Mandate
from .renewing import renewer_scope
from .selectors import (
    body_get,
    body_list,
    body_type_list,
    mandate_list,
    office_current,
    organization_list,
    party_profile,
    position_type_list,
    renewal_history,
)
from .services import Seat, office_renew

router = Router()


class OrganizationOut(Schema):
    key: str
    kind: str
    name: str
    name_ar: str
    name_fr: str


class BodyTypeOut(Schema):
    key: str
    level: str
    category: str
    name: str
    name_ar: str
    name_fr: str
    head_title_ar: str
    head_title_fr: str
    parent_type: str | None

    @staticmethod
    def resolve_parent_type(obj) -> str | None:
        return obj.parent_type.key if obj.parent_type_id else None


class PositionOut(Schema):
    key: str
    rank: int
    is_head: bool
    multi_holder: bool
    committee: str
    name: str
    name_ar: str
    name_ar_f: str
    name_fr: str
    name_fr_f: str


class NomenclatureOut(Schema):
    party_name: str
    preset: str
    organizations: list[OrganizationOut]
    body_types: list[BodyTypeOut]
    positions: list[PositionOut]


class BodyOut(Schema):
    id: int
    name: str
    organization: str
    body_type: str
    level: str
    territory_code: str | None
    parent_id: int | None
    status: str

    @staticmethod
    def resolve_organization(obj: Body) -> str:
        return obj.organization.key

    @staticmethod
    def resolve_body_type(obj: Body) -> str:
        return obj.body_type.key

    @staticmethod
    def resolve_territory_code(obj: Body) -> str | None:
        return obj.territory.code if obj.territory is not None else None


class HolderOut(Schema):
    id: int
    name: str
    name_ar: str
    name_latin: str


class MandateOut(Schema):
    id: int
    body_id: int
    position: str
    title: str
    person: HolderOut
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str
    renewal_id: int | None

    @staticmethod
    def resolve_position(obj: Mandate) -> str:
        return obj.position_type.key

    @staticmethod
    def resolve_person(obj: Mandate) -> dict:
        p = obj.person
        return {"id": p.pk, "name": p.full_name, "name_ar": p.full_name_ar, "name_latin": p.full_name_latin}


class BodyDetailOut(BodyOut):
    office: list[MandateOut]

    @staticmethod
    def resolve_office(obj: Body, context) -> list[Mandate]:
        return list(office_current(scope=context["request"].scope, body=obj))


class RenewalOut(Schema):
    id: int
    body_id: int
    held_on: dt.date
    supervised_by_id: int | None
    notes: str
    office: list[MandateOut]


class SeatIn(Schema):
    position: str
    person_id: Id


class RenewalIn(Schema):
    held_on: dt.date
    seats: list[SeatIn]
    supervised_by_id: Id | None = None
    notes: str = ""


@router.get(
    "/nomenclature", response={200: NomenclatureOut, **ERRORS}, summary="The party's words for its bodies and positions"
)
def get_nomenclature(request):
    profile = party_profile()
    return {
        "party_name": profile.name if profile else "",
        "preset": profile.preset if profile else "",
        "organizations": list(organization_list()),
        "body_types": list(body_type_list()),
        "positions": list(position_type_list()),
    }


@router.get("/positions", response={200: list[PositionOut], **ERRORS}, summary="Position types in statutory order")
def list_positions(request):
    return position_type_list()


@router.get("/bodies", response={200: list[BodyOut], **ERRORS}, summary="List bodies")
def list_bodies(
    request,
    organization: str | None = None,
    level: str | None = None,
    territory: str | None = None,
    parent_id: Id | None = None,
    status: str | None = None,
):
    """Bodies in the caller's scope. `territory` (an HCP code) keeps the bodies on that unit or inside it."""
    qs = body_list(scope=request.scope, level=level, status=status)
    if organization:
        qs = qs.filter(organization__key=organization)
    if territory:
        qs = qs.filter(path__startswith=_territory_path(request, territory))
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    return qs.order_by("body_type__order", "territory__code", "id")


def _territory_path(request, code: str) -> str:
    return territory_get(scope=request.scope, code=code).path


@router.get("/bodies/{id:body_id}", response={200: BodyDetailOut, **ERRORS}, summary="One body with its current office")
def get_body(request, body_id: Id):
    return body_get(scope=request.scope, pk=body_id)  # with its current office (BodyDetailOut.resolve_office)


@router.get(
    "/bodies/{id:body_id}/renewals", response={200: list[RenewalOut], **ERRORS}, summary="Renewal history of a body"
)
def list_renewals(request, body_id: Id):
    body = body_get(scope=request.scope, pk=body_id)
    renewals = list(renewal_history(scope=request.scope, body=body))
    for r in renewals:
        r.office = list(r.mandates.all())
    return renewals


@router.get("/mandates", response={200: list[MandateOut], **ERRORS}, summary="List mandates")
def list_mandates(request, body_id: Id | None = None, person_id: Id | None = None, current: bool | None = None):
    body = body_get(scope=request.scope, pk=body_id) if body_id is not None else None
    return mandate_list(scope=request.scope, body=body, person_id=person_id, current=current)


@router.post(
    "/bodies/{id:body_id}/renewals",
    response={201: RenewalOut, **ERRORS},
    summary="Renew the office of a body",
)
def create_renewal(request, body_id: Id, payload: RenewalIn):
    """Ends every current mandate of the body on `held_on` and starts the given composition, atomically.

    A refused renewal answers 422 with an error code and a message in the caller's language, and changes
    nothing. 403 when the caller may read the body but not record its renewals.
    """
    body = body_get(scope=request.scope, pk=body_id)
    request.authority.require(Capability.OFFICES_WRITE, body.path)
    renewer = renewer_scope(request.authority, body)
    positions = {p.key: p for p in position_type_list()}
    persons = {p.pk: p for p in person_list(scope=request.scope).filter(pk__in=[s.person_id for s in payload.seats])}
    seats = []
    for i, seat in enumerate(payload.seats):
        if seat.position not in positions:
            message = _("Unknown position “%(position)s”.") % {"position": seat.position}
            raise Refusal("unknown_position", message, field=f"seats.{i}.position")
        if seat.person_id not in persons:
            message = _("Unknown person #%(id)s.") % {"id": seat.person_id}
            raise Refusal("unknown_person", message, field=f"seats.{i}.person_id")
        seats.append(Seat(position_type=positions[seat.position], person=persons[seat.person_id]))
    supervisor = body_get(scope=request.scope, pk=payload.supervised_by_id) if payload.supervised_by_id else None
    try:
        renewal = office_renew(
            acting_user=request.user,
            body=body,
            held_on=payload.held_on,
            seats=seats,
            supervised_by=supervisor,
            notes=payload.notes,
            scope=renewer,
            authority=request.authority,
        )
    except SeatBeyondScope as error:
        seat_field = f"seats.{error.row}." + ("person_id" if error.field == "person" else "position")
        raise Refusal(error.code, error.message, field=seat_field, status=403) from None
    except OrganizationError as error:
        field = {"supervised_by": "supervised_by_id"}.get(error.field or "", error.field)
        if error.row is not None:
            field = f"seats.{error.row}." + ("person_id" if error.field == "person" else "position")
        raise Refusal(error.code.value, error.message, field=field) from None
    # The renewal as RenewalOut reads it, with the body's office as it now stands.
    answer = {name: getattr(renewal, name) for name in RenewalOut.model_fields if name != "office"}
    return Status(201, answer | {"office": list(office_current(scope=request.scope, body=body))})
