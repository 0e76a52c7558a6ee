import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

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
    return person_list(scope=request.scope, text=q)[: max(1, min(limit, 200))]


@router.get("/{person_id}", response=PersonOut, summary="One person")
def get_person(request, person_id: int):
    return person_get(scope=request.scope, pk=person_id)


@router.post("", response={201: PersonOut}, summary="Create a person")
def create_person(request, payload: PersonIn):
    commune = territory_get(scope=request.scope, code=payload.commune_code) if payload.commune_code else None
    if not (payload.first_name_ar.strip() or payload.first_name_latin.strip()):
        raise HttpError(422, _("A person needs a first name in Arabic or in Latin script."))
    data = payload.dict(exclude={"commune_code"})
    try:
        person = person_create(acting_user=request.user, commune=commune, **data)
    except ValidationError as error:
        raise HttpError(422, " ".join(m for messages in error.message_dict.values() for m in messages)) from None
    return Status(201, person)
