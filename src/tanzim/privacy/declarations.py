"""What `privacy` declares to the extension points of the apps below it (from `PrivacyConfig.ready`): audit
actions, error codes, its panel on the member page, and how the audit page names consents."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import ChangeKey, declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors
from tanzim.members.selectors import member_list

from . import panels  # noqa: F401  (the privacy card of the member page)
from .selectors import consent_list_of

declare_actions(
    "privacy",
    {
        "member.erase": _("Personal data erased"),
        "member.access_export": _("Personal data handed to the member"),
        "consent.record": _("Consent recorded"),
        "consent.withdraw": _("Consent withdrawn"),
    },
)

declare_errors(
    "privacy",
    {
        "outside_scope": _("outside your territory"),
        "unknown_choice": _("unknown choice"),
        "erased": _("personal data erased"),
        "already_erased": _("personal data already erased"),
        "records_beyond": _("named in records of offices beyond the territory"),
        "future": _("date in the future"),
        "already_given": _("consent already on record"),
        "already_withdrawn": _("consent already withdrawn"),
        "no_reason": _("reason missing"),
    },
)


# --- how the audit page names consents and reads an erasure's row -------------------------------------------


def _consents(ids, scope):
    visible = member_list(scope=scope).values("pk")
    consents = consent_list_of(ids_of(ids), members=visible)
    return {str(c.pk): f"{c.get_purpose_display()} — {c.member.person.full_name}" for c in consents}


declare_names("privacy.consent", _consents, app="privacy")
declare_change_keys(
    "privacy",
    {
        "reason": _("Reason"),
        "unions_removed": _("Trade-union affiliations removed"),
        "duplicate_flags_removed": _("Duplicate flags removed"),
        "audit_rows_redacted": _("Audit rows blanked"),
        "accounts_deactivated": ChangeKey(_("Logins closed"), refers_to="auth.user", many=True),
        "other_records": _("Records of other apps"),
    },
    record_type="members.member",
)
