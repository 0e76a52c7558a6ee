"""What `members` declares to the extension points below it (from `MembersConfig.ready`): audit actions, error
codes, and how the audit page names members and reads the registry's rows."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import (
    ChangeKey,
    declare_change_keys,
    declare_names,
    declare_record_fields,
    ids_of,
    key_label,
)
from tanzim.errors import declare_errors

from . import conflicts  # noqa: F401  (the erasure step of held import conflicts)
from .selectors import member_list

declare_actions(
    "members",
    {
        "member.create": _("Member added"),
        "member.update": _("Member changed"),
        "member.merge": _("Members merged"),
        "member.verify": _("List verified"),
        "member.import": _("Member file imported"),
        "member.view": _("Member page read"),
        "member.export": _("Member list exported"),
        "member.duplicate_dismiss": _("Duplicate flag dismissed"),
        "member.duplicates": _("Duplicates page read"),
        "member.conflict_resolve": _("Identity conflict of an import decided"),
    },
)

declare_errors(
    "members",
    {
        # Refusals of the registry's services.
        "outside_scope": _("outside your territory"),
        "card_taken": _("card number already taken"),
        "linked_record": _("a linked record prevents the merge"),
        "linked_record_clash": _("both entries hold the same record"),
        "records_beyond": _("named in records of offices beyond the territory"),
        "same_member": _("the same member twice"),
        "flag_closed": _("a duplicate flag already decided"),
        "own_mandates": _("a merge giving the writer positions"),
        "mandates_beyond": _("a merge moving positions beyond your responsibilities"),
        "mandate_clash": _("the same position held by both"),
        "term_order": _("a term that ends before it starts"),
        # A value that cannot be taken (a form, the API, a row of an imported file).
        "unknown_commune": _("unknown commune"),
        "ambiguous_commune": _("ambiguous commune name"),
        "missing_commune": _("commune missing"),
        "control_character": _("invisible control character"),
        "too_long": _("too long"),
        "missing_card_number": _("card number missing"),
        "missing_name": _("first name missing"),
        "bad_date": _("unreadable date"),
        "date_out_of_range": _("impossible date"),
        "bad_cin": _("invalid identity card number"),
        "bad_phone": _("invalid phone number"),
        "bad_gender": _("unknown gender"),
        "bad_status": _("unknown status"),
        "bad_sector": _("unknown sector"),
        "bad_education": _("unknown education level"),
        "bad_years": _("unreadable years of dues"),
        "personal_data": _("personal data beyond your responsibilities"),
        "conflict_decided": _("identity conflict already decided"),
        "bad_decision": _("unknown decision"),
        "conflict_row_refused": _("a refused row can only be set aside"),
    },
)


# --- how the audit page names members and reads the registry's rows -------------------------------------------


def _members(ids, scope):
    members = member_list(scope=scope).filter(pk__in=ids_of(ids)).select_related("person")
    return {str(m.pk): m.person.full_name for m in members}


def _persons_of_members(ids, scope):
    """Persons with a member entry the reader sees (the entry may lie where the person's commune does not)."""
    members = member_list(scope=scope).filter(person_id__in=ids_of(ids)).select_related("person")
    return {str(m.person_id): m.person.full_name for m in members}


def _fields(names, scope):
    """Names of the registry's fields (a merge lists those it filled)."""
    return {name: key_label("members.member", name) for name in names}


declare_names("members.member", _members, app="members")
declare_names("people.person", _persons_of_members, app="members")
declare_names("members.field", _fields, app="members")
# A member's rows name the fields of the member's person too (first names, identity card…).
declare_record_fields("members.member", "people.person")
declare_change_keys(
    "members",
    {
        "count": _("Rows"),
        "format": _("Format"),
        "personal": _("With personal data"),
        "rejections_of": _("Refused rows of the file"),
        "filled": ChangeKey(_("Filled from the merged entry"), refers_to="members.field", many=True),
        "dropped_card": _("Card of the merged entry"),
        "dropped_person": ChangeKey(_("Person of the merged entry"), refers_to="people.person"),
        "dropped_name": _("Name of the merged entry"),
        "members": ChangeKey(_("Members"), refers_to="members.member", many=True),
        "on": _("Verified on"),
        "since": _("Since"),
        "union": _("Trade-union affiliation"),
        "elected": _("Elected mandate"),
        "file": _("File"),
        "read": _("Rows read"),
        "inserted": _("Rows added"),
        "updated": _("Rows updated"),
        "unchanged": _("Rows unchanged"),
        "rejected": _("Rows refused"),
        "held": _("Rows held as identity conflicts"),
        "warned": _("Rows imported with a warning"),
        "decision": _("Decision"),
        "new_card": _("New card number"),
        "row": _("Row of the file"),
    },
)
