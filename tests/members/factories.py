from tanzim.members.models import Member
from tanzim.members.services import member_save
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

EVERYTHING = Scope.everything()


def make_member(
    card: str,
    *,
    first_ar="",
    last_ar="",
    first_latin="",
    last_latin="",
    gender="m",
    commune="01.571.01.11",
    birth_date=None,
    cin="",
    phone="",
    **member_data,
) -> Member:
    """A member through the real service (path, duplicates, audit included)."""
    return member_save(
        acting_user=None,
        scope=EVERYTHING,
        member=None,
        person_data={
            "first_name_ar": first_ar,
            "last_name_ar": last_ar,
            "first_name_latin": first_latin,
            "last_name_latin": last_latin,
            "gender": gender,
            "birth_date": birth_date,
            "cin": cin,
            "phone": phone,
            "commune": Territory.objects.get(code=commune),
        },
        member_data={"card_number": card, **member_data},
        local_body=None,
    )
