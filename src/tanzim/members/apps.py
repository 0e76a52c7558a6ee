from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tanzim.members"
    verbose_name = _("Members")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            declarations,  # noqa: F401  (audit actions, error codes, names for the audit page)
            footprint,  # noqa: F401  (what this app holds about persons)
            picker,  # noqa: F401  (card numbers in the person pickers)
        )
