"""What `organization` declares to the extension points below it (from `OrganizationConfig.ready`): audit
actions, error codes, and how the audit page names bodies, positions, mandates and renewals."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import ChangeKey, declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors

from .errors import ErrorCode
from .models import BodyStatus, EndReason, OfficeChangeKind, Renewal
from .selectors import body_list, body_type_list, mandate_list, party_profile, position_type_list

declare_actions(
    "organization",
    {
        "body.create": _("Body created"),
        "body.update": _("Body changed"),
        "mandate.create": _("Mandate recorded"),
        "mandate.update": _("Mandate changed"),
        "office.renew": _("Office renewed"),
        "party.create": _("Party profile created"),
        "party.update": _("Party profile changed"),
        "nomenclature.apply": _("Nomenclature applied"),
    },
)

declare_errors("organization", ErrorCode)
declare_errors(
    "organization",
    {
        "unknown_position": _("unknown position"),
        "unknown_person": _("unknown person"),
        "seat_beyond_powers": _("position carrying responsibilities you do not hold"),
    },
)


# --- how the audit page names bodies, positions, mandates and renewals, and reads their rows ----------------


def _bodies(ids, scope):
    return {str(b.pk): b.name for b in body_list(scope=scope).filter(pk__in=ids_of(ids))}


def _body_types(keys, scope):
    # The nomenclature is the party's own vocabulary, the same for every reader.
    return {t.key: t.name for t in body_type_list().filter(key__in=list(keys))}


def _position_types(keys, scope):
    return {p.key: p.name for p in position_type_list().filter(key__in=list(keys))}


def _mandates(ids, scope):
    return {
        str(m.pk): f"{m.title} — {m.person.full_name}" for m in mandate_list(scope=scope).filter(pk__in=ids_of(ids))
    }


def _renewals(ids, scope):
    bodies = body_list(scope=scope).values("pk")
    renewals = Renewal.objects.filter(pk__in=ids_of(ids), body__in=bodies).select_related(*BODY_RELATED_OF_RENEWAL)
    return {str(r.pk): f"{r.body.name} — {r.held_on:%d/%m/%Y}" for r in renewals}


def _holders(ids, scope):
    """Persons holding (or having held) a mandate in a body the reader sees: the body page shows them too."""
    mandates = mandate_list(scope=scope).filter(person_id__in=ids_of(ids))
    return {str(m.person_id): m.person.full_name for m in mandates}


def _party(ids, scope):
    profile = party_profile()  # not territorial: every reader knows which party they are in
    return {str(profile.pk): profile.name} if profile is not None and str(profile.pk) in ids else {}


BODY_RELATED_OF_RENEWAL = ("body__body_type", "body__territory", "body__organization")

declare_names("organization.body", _bodies, app="organization")
declare_names("organization.bodytype.key", _body_types, app="organization")
declare_names("organization.positiontype.key", _position_types, app="organization")
declare_names("organization.mandate", _mandates, app="organization")
declare_names("organization.renewal", _renewals, app="organization")
declare_names("organization.partyprofile", _party, app="organization")
declare_names("people.person", _holders, app="organization")

declare_change_keys(
    "organization",
    {
        "type": ChangeKey(_("Type"), refers_to="organization.bodytype.key"),
        "territory": ChangeKey(_("Territory"), refers_to="territory.code"),
    },
    record_type="organization.body",
)
declare_change_keys(
    "organization",
    {
        "position": ChangeKey(_("Position"), refers_to="organization.positiontype.key"),
        "start": _("Start date"),
        "person": ChangeKey(_("Person"), refers_to="people.person"),
        "kind": ChangeKey(_("Added by"), choices=OfficeChangeKind.choices),
        "change": _("Change of the office (number)"),
        "end_reason": ChangeKey(_("end reason"), choices=EndReason.choices),
    },
    record_type="organization.mandate",
)
SEAT = (None, "organization.positiontype.key", "people.person")  # [mandate id, position key, person id]
declare_change_keys(
    "organization",
    {
        "status": ChangeKey(_("Status of the body"), choices=BodyStatus.choices),
        "ended": ChangeKey(_("Mandates ended"), refers_to=SEAT),
        "started": ChangeKey(_("Mandates started"), refers_to=SEAT),
        "framed_by": ChangeKey(_("framed by"), refers_to="organization.mandate", many=True),
    },
    record_type="organization.renewal",
)
declare_change_keys("organization", {"preset": _("nomenclature preset")})

# The keys of the search a pasted composition makes in the registry (organization/views.py, _read_paste).
declare_change_keys(
    "organization",
    {"paste": _("read from a pasted composition"), "names": _("Names looked up")},
)
