"""What a holder of a position may do inside the territory of their body.

Authority is read off current mandates: a position carries capabilities, the body's territory says where they
apply. Only executive offices of the party confer authority (a council deliberates, it does not run the
registry); anyone else gets what an explicit, dated grant gives them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(models.TextChoices):
    READ = "read", _("Read the structure and the member lists")
    PERSONAL_DATA = "personal_data", _("See identity card numbers, phones, birth dates and addresses")
    MEMBERS_WRITE = "members_write", _("Add, edit and import members")
    EXPORT = "export", _("Export member lists")
    OFFICES_WRITE = "offices_write", _("Record office renewals")
    DUES = "dues", _("Manage dues")
    MINUTES = "minutes", _("Write minutes")
    COMMUNIQUES = "communiques", _("Publish communiqués")
    AUDIT_READ = "audit_read", _("Read the audit log")
    ACCOUNTS = "accounts", _("Manage accounts and grants")
    DATA_PROTECTION = "data_protection", _("Answer access and erasure requests (law 09-08)")


ALL = frozenset(Capability.values)
_READ = frozenset({Capability.READ})

# Position type key → capabilities, unless the party overrides them (PositionCapabilities in the admin).
DEFAULT_POSITION_CAPABILITIES: dict[str, frozenset[str]] = {
    "head": ALL,
    "deputy_head": ALL - {Capability.ACCOUNTS},
    "treasurer": _READ | {Capability.PERSONAL_DATA, Capability.DUES, Capability.EXPORT},
    "deputy_treasurer": _READ | {Capability.PERSONAL_DATA, Capability.DUES},
    "rapporteur": _READ | {Capability.MINUTES},
    "deputy_rapporteur": _READ | {Capability.MINUTES},
    "media_officer": _READ | {Capability.COMMUNIQUES},
}


def default_capabilities(position_key: str) -> frozenset[str]:
    """Committee members, advisors and members of an office read; the table above says the rest."""
    return DEFAULT_POSITION_CAPABILITIES.get(position_key, _READ)
