from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "tanzim.organization"
    verbose_name = _("Organization")

    def ready(self):
        from . import (
            declarations,  # noqa: F401  (audit actions, error codes, names for the audit page)
            footprint,  # noqa: F401  (what this app holds about persons)
            picker,  # noqa: F401  (current positions in the person pickers)
        )
