"""What `people` declares to the extension points below it (from `PeopleConfig.ready`): its audit actions, its
error codes, and how the audit page names persons."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors

from .selectors import person_list

declare_actions(
    "people",
    {
        "person.create": _("Person added"),
        # A read of a list of persons or members (the member list, the API's lists): many a day, grouped.
        "member.list": _("Member list read"),
    },
    grouped=["member.list"],
)

declare_errors(
    "people",
    {
        "person_beyond_scope": _("person held beyond your territory"),
        "unknown_commune": _("unknown commune"),
        "personal_data": _("personal data beyond your responsibilities"),
    },
)


# --- how the audit page names persons and says what a person's rows hold ---------------------------------------


def _persons(ids, scope):
    """Persons whose commune the scope covers (the registry and the offices name more, each for its own)."""
    return {str(p.pk): p.full_name for p in person_list(scope=scope).filter(pk__in=ids_of(ids))}


declare_names("people.person", _persons, app="people")
declare_change_keys(
    "people",
    {"name_ar": _("Arabic name"), "name_latin": _("Latin name")},
    record_type="people.person",
)
# The keys of a read of a list (written here by the API's list of persons, and by the registry's lists).
declare_change_keys(
    "people",
    {
        "filters": _("Filters"),
        "page": _("Page"),
        "shown": _("Rows shown"),
        "q": _("Search"),
        "api": _("Through the API"),
    },
)

declare_change_keys("people", {"picker": _("searched from a person picker")})
