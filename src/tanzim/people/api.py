import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tanzim.api.errors import ERRORS, Count, Id, Refusal
from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.members import parsing
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


@router.get("", response={200: list[PersonOut], **ERRORS}, summary="Search persons")
def list_persons(request, q: str = "", limit: Count = 50):
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


@router.get("/{id:person_id}", response={200: PersonOut, **ERRORS}, summary="One person")
def get_person(request, person_id: Id):
    return person_get(scope=request.scope, pk=person_id)


@router.post("", response={201: PersonOut, **ERRORS}, summary="Create a person")
def create_person(request, payload: PersonIn):
    """A person (a future office holder or member) where the caller may record offices or members (403
    otherwise); a birth date and a phone only where the caller may also see personal data (422 otherwise).

    Names and phone follow the member registry's rules (the import, the form and the members API): a refusal
    (422) names the field and the reason.
    """
    commune = None
    code = parsing.clean(payload.commune_code or "")
    if code:
        if not code.isprintable():
            raise Refusal("unknown_commune", _("No commune has this HCP code in your territory."), field="commune_code")
        commune = territory_get(scope=request.scope, code=code)
    path = commune.path if commune is not None else None
    if not (
        request.authority.can(Capability.OFFICES_WRITE, path) or request.authority.can(Capability.MEMBERS_WRITE, path)
    ):
        raise PermissionDenied(_("Your responsibilities do not include this action here."))
    if (payload.birth_date or payload.phone.strip()) and not request.authority.can(Capability.PERSONAL_DATA, path):
        message = _("Your responsibilities do not include personal data in this commune.")
        raise Refusal("personal_data", message, field="birth_date" if payload.birth_date else "phone")
    names: dict[str, str] = {}
    try:
        for column in parsing.NAME_FIELDS:
            names[column] = parsing.parse_text(getattr(payload, column), column)
        column = "birth_date"
        birth = parsing.parse_date(payload.birth_date, today=timezone.localdate())
        column = "phone"
        phone = parsing.parse_entered_phone(payload.phone)
        column = "first_name_ar"
        parsing.check_first_name(names["first_name_ar"], names["first_name_latin"])
    except parsing.CellError as error:
        raise Refusal(error.code, error.message, field=column) from None
    try:
        person = person_create(
            acting_user=request.user,
            commune=commune,
            gender=payload.gender,
            birth_date=birth,
            phone=phone,
            first_name_ar=names["first_name_ar"],
            last_name_ar=names["last_name_ar"],
            first_name_latin=names["first_name_latin"],
            last_name_latin=names["last_name_latin"],
        )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise Refusal("invalid", " ".join(messages), field="commune_code" if field == "commune" else field) from None
    return Status(201, person)
