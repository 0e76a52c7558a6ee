"""What `access` declares to the extension points below it (from `AccessConfig.ready`): its audit actions (the
admin's changes to logins, grants and capabilities are audited as `<record>.create|update|delete`), and how the
audit page names logins."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import ChangeKey, declare_change_keys, declare_names, ids_of

from .capabilities import Capability
from .selectors import account_list, usernames

declare_actions(
    "access",
    {
        "account.create": _("Account created"),
        "account.deactivate": _("Account closed"),
        "account.activation_link": _("Activation link issued"),
        "account.activate": _("Password set through an activation link"),
        "account.update": _("Account changed"),
        "account.delete": _("Account deleted"),
        "grant.create": _("Authority granted"),
        "grant.end": _("Grant ended"),
        "grant.update": _("Grant changed"),
        "grant.delete": _("Grant deleted"),
        "otp.enable": _("Two-factor authentication enabled"),
        "otp.disable": _("Two-factor authentication removed"),
        "position_capabilities.create": _("Capabilities of a position set"),
        "position_capabilities.update": _("Capabilities of a position changed"),
        "position_capabilities.delete": _("Capabilities of a position reset"),
    },
)


# --- how the audit page names logins -----------------------------------------------------------------------------


def _users(ids, scope):
    """Logins whose person the scope covers; a login of no person (the platform's administrators) is a national
    record, named to a reader of everything only."""
    wanted = ids_of(ids)
    found = {str(a.user_id): a.user.get_username() for a in account_list(scope=scope).filter(user_id__in=wanted)}
    if scope.is_everything:
        found |= {str(pk): name for pk, name in usernames(wanted)}
    return found


def _accounts(ids, scope):
    return {str(a.pk): a.user.get_username() for a in account_list(scope=scope).filter(pk__in=ids_of(ids))}


declare_names("auth.user", _users, app="access")
declare_names("access.account", _accounts, app="access")
declare_change_keys("access", {"username": _("Username")}, record_type="access.account")
declare_change_keys(
    "access",
    {"capabilities": ChangeKey(_("Capabilities"), choices=Capability.choices, many=True)},
    record_type="access.grant",
)
declare_change_keys(
    "access",
    {
        "capabilities": ChangeKey(_("Capabilities"), choices=Capability.choices, many=True),
    },
    record_type="access.positioncapabilities",
)
declare_change_keys(
    "access",
    {"device": _("Authenticator app"), "replaced": _("Apps replaced"), "removed": _("Apps removed")},
    record_type="auth.user",
)
