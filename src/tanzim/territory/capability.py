"""The capabilities every app's views check, named here beside Scope so any app may name them.

Who holds which capability where is decided above, in `tanzim.access` (mandates, grants); a view only asks the
request's authority `can(Capability.X, path)` or `require(...)`.
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
