from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "tanzim.organization"
    verbose_name = _("Organization")

    def ready(self):
        from . import (
            footprint,  # noqa: F401  (what this app holds about persons)
            picker,  # noqa: F401  (current positions in the person pickers)
        )
