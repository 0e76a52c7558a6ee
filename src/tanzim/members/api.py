import contextlib
import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tanzim.api.errors import ERRORS, Count, Id, Refusal
from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.organization.selectors import body_list
from tanzim.territory.capability import Capability
from tanzim.territory.selectors import territory_get

from . import parsing
from .selectors import MemberFilters, member_get, member_list, youth_birth_cutoff
from .services import MemberError, member_save

router = Router()

PERSONAL_NOTE = "null unless the caller may see personal data (identity cards, phones, birth dates, addresses) here"


def _personal(obj, context) -> bool:
    """May the caller see this member's personal data? Asked per member: the scopes differ per capability."""
    request = (context or {}).get("request")
    authority = getattr(request, "authority", None)
    return authority is not None and authority.can(Capability.PERSONAL_DATA, obj.path)


class MemberOut(Schema):
    id: int
    card_number: str
    full_name: str
    name_ar: str
    name_latin: str
    gender: str
    commune_code: str | None
    local_body_id: int | None
    status: str
    join_date: dt.date | None
    profession: str
    sector: str
    youth: bool | None = Field(
        None, description="Under the party's youth age limit; null when the birth date is unknown"
    )
    cin: str | None = Field(None, description=f"National identity card; {PERSONAL_NOTE}")
    phone: str | None = Field(None, description=f"Phone in E.164; {PERSONAL_NOTE}")
    birth_date: dt.date | None = Field(None, description=f"Birth date; {PERSONAL_NOTE}")
    address: str | None = Field(None, description=f"Address; {PERSONAL_NOTE}")

    @staticmethod
    def resolve_youth(obj) -> bool | None:
        birth = obj.person.birth_date
        if birth is None:
            return None
        # A list reads the party's youth age once for all its rows (set by list_members), not once per row.
        cutoff = getattr(obj, "youth_cutoff", None) or youth_birth_cutoff()
        return birth > cutoff

    @staticmethod
    def resolve_cin(obj, context) -> str | None:
        return obj.person.cin if _personal(obj, context) else None

    @staticmethod
    def resolve_phone(obj, context) -> str | None:
        return obj.person.phone if _personal(obj, context) else None

    @staticmethod
    def resolve_birth_date(obj, context) -> dt.date | None:
        return obj.person.birth_date if _personal(obj, context) else None

    @staticmethod
    def resolve_address(obj, context) -> str | None:
        return obj.person.address if _personal(obj, context) else None

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_name_ar(obj) -> str:
        return obj.person.full_name_ar

    @staticmethod
    def resolve_name_latin(obj) -> str:
        return obj.person.full_name_latin

    @staticmethod
    def resolve_gender(obj) -> str:
        return obj.person.gender

    @staticmethod
    def resolve_commune_code(obj) -> str | None:
        return obj.person.commune.code if obj.person.commune_id else None


class MemberIn(Schema):
    card_number: str
    first_name_ar: str = ""
    last_name_ar: str = ""
    first_name_latin: str = ""
    last_name_latin: str = ""
    gender: str
    birth_date: str = ""
    cin: str = ""
    phone: str = ""
    commune_code: str
    join_date: str = ""
    profession: str = ""
    sector: str = ""


@router.get("", response={200: list[MemberOut], **ERRORS}, summary="Search and filter members")
def list_members(
    request,
    q: str = "",
    status: str = "",
    territory: str = "",
    sector: str = "",
    youth: bool | None = None,
    women: bool | None = None,
    offset: Count = 0,
    limit: Count = 50,
):
    """Name search accepts Arabic or Latin script and any spelling variant; results stay in the caller's scope.

    A number in `q` matches card numbers, and identity card numbers only where the caller may see personal data.
    Every call is recorded in the audit trail (a bulk read of member data).
    """
    filters = MemberFilters(
        text=q,
        status=status,
        sector=sector,
        youth=youth,
        women=women,
        cin_scope=request.authority.scope(Capability.PERSONAL_DATA),
    )
    if territory:
        filters.territory_path = territory_get(scope=request.scope, code=territory).path
    members = list(
        member_list(scope=request.scope, filters=filters)[max(offset, 0) : max(offset, 0) + min(max(limit, 1), 500)]
    )
    cutoff = youth_birth_cutoff()
    for member in members:
        member.youth_cutoff = cutoff
    audit_record(
        acting_user=request.user,
        action="member.list",
        target_type="members.member",
        territory_path=audit_path_of(request.scope, filters.territory_path),
        changes={"api": True, "q": q, "shown": len(members)},
        address=request.META.get("REMOTE_ADDR"),
    )
    return members


@router.get("/{id:member_id}", response={200: MemberOut, **ERRORS}, summary="One member")
def get_member(request, member_id: Id):
    return member_get(scope=request.scope, pk=member_id)


def _commune(request, code: str):
    text = parsing.clean(code)
    unit = None
    if text and text.isprintable():
        with contextlib.suppress(Http404):
            unit = territory_get(scope=request.scope, code=text)
    if unit is None or unit.level not in ("commune", "arrondissement"):
        raise parsing.CellError("unknown_commune", _("No commune has this HCP code in your territory."))
    return unit


@router.post("", response={201: MemberOut, **ERRORS}, summary="Create a member")
def create_member(request, payload: MemberIn):
    """The same rules as the import and the form, field by field; a refusal (422) names the field and the reason.

    403 when the caller may not add members in the commune. The identity card, phone and birth date may be
    given only where the caller may see personal data (422 on the field otherwise).
    """
    request.authority.require_somewhere(Capability.MEMBERS_WRITE)
    today = timezone.localdate()
    column = "commune_code"
    try:
        commune = _commune(request, payload.commune_code)
        request.authority.require(Capability.MEMBERS_WRITE, commune.path)
        if not request.authority.can(Capability.PERSONAL_DATA, commune.path):
            for column in ("birth_date", "cin", "phone"):
                if getattr(payload, column).strip():
                    message = _("Your responsibilities do not include personal data in this commune.")
                    raise parsing.CellError("personal_data", message)
        column = "card_number"
        card_number = parsing.parse_card_number(payload.card_number)
        names = {}
        for column in parsing.NAME_FIELDS:
            names[column] = parsing.parse_text(getattr(payload, column), column)
        column = "gender"
        gender = parsing.parse_gender(payload.gender)
        column = "birth_date"
        birth = parsing.parse_date(payload.birth_date, today=today)
        column = "cin"
        cin = parsing.parse_cin(payload.cin)
        column = "phone"
        phone = parsing.parse_entered_phone(payload.phone)
        column = "join_date"
        joined = parsing.parse_date(payload.join_date, today=today)
        column = "profession"
        profession = parsing.parse_text(payload.profession, "profession")
        column = "sector"
        sector = parsing.parse_sector(payload.sector)
        column = "first_name_ar"
        parsing.check_first_name(names["first_name_ar"], names["first_name_latin"])
    except parsing.CellError as error:
        raise Refusal(error.code, error.message, field=column) from None
    local_body = (
        body_list(scope=request.scope, level="local", territory=commune).filter(organization__key="party").first()
    )
    try:
        member = member_save(
            acting_user=request.user,
            scope=request.authority.scope(Capability.MEMBERS_WRITE),
            member=None,
            person_data={
                **names,
                "gender": gender,
                "birth_date": birth,
                "cin": cin,
                "phone": phone,
                "commune": commune,
            },
            member_data={
                "card_number": card_number,
                "join_date": joined,
                "profession": profession,
                "sector": sector,
            },
            local_body=local_body,
        )
    except MemberError as error:
        raise Refusal(error.code, error.message, field="card_number") from None
    return Status(201, member)
