import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.territory.capability import Capability
from tanzim.territory.selectors import territory_get

from .models import Gender
from .selectors import person_get, person_list
from .services import person_create

router = Router()


class PersonOut(Schema):
    id: int
    full_name: str
    first_name_ar: str
    last_name_ar: str
    first_name_latin: str
    last_name_latin: str
    gender: str
    commune_code: str | None

    @staticmethod
    def resolve_commune_code(obj) -> str | None:
        return obj.commune.code if obj.commune_id else None


class PersonIn(Schema):
    first_name_ar: str = ""
    last_name_ar: str = ""
    first_name_latin: str = ""
    last_name_latin: str = ""
    gender: Gender
    birth_date: dt.date | None = None
    phone: str = ""
    commune_code: str | None = None


@router.get("", response=list[PersonOut], summary="Search persons")
def list_persons(request, q: str = "", limit: int = 50):
    """Persons in the caller's scope. Every call is recorded in the audit trail (a bulk read of people)."""
    persons = list(person_list(scope=request.scope, text=q)[: max(1, min(limit, 200))])
    audit_record(
        acting_user=request.user,
        action="member.list",
        target_type="people.person",
        territory_path=audit_path_of(request.scope),
        changes={"api": True, "q": q, "shown": len(persons)},
    )
    return persons


@router.get("/{person_id}", response=PersonOut, summary="One person")
def get_person(request, person_id: int):
    return person_get(scope=request.scope, pk=person_id)


class DeniedOut(Schema):
    detail: str


@router.post("", response={201: PersonOut, 403: DeniedOut}, summary="Create a person")
def create_person(request, payload: PersonIn):
    """A person (a future office holder or member) where the caller may record offices or members (403
    otherwise); a birth date and a phone only where the caller may also see personal data (422 otherwise)."""
    commune = territory_get(scope=request.scope, code=payload.commune_code) if payload.commune_code else None
    path = commune.path if commune is not None else None
    if not (
        request.authority.can(Capability.OFFICES_WRITE, path) or request.authority.can(Capability.MEMBERS_WRITE, path)
    ):
        raise PermissionDenied(_("Your responsibilities do not include this action here."))
    if (payload.birth_date or payload.phone.strip()) and not request.authority.can(Capability.PERSONAL_DATA, path):
        raise HttpError(422, _("Your responsibilities do not include personal data in this commune."))
    if not (payload.first_name_ar.strip() or payload.first_name_latin.strip()):
        raise HttpError(422, _("A person needs a first name in Arabic or in Latin script."))
    data = payload.dict(exclude={"commune_code"})
    try:
        person = person_create(acting_user=request.user, commune=commune, **data)
    except ValidationError as error:
        raise HttpError(422, " ".join(m for messages in error.message_dict.values() for m in messages)) from None
    return Status(201, person)
