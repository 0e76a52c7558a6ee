from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "tanzim.territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the scoped-model check)
            declarations,  # noqa: F401  (audit actions, names for the audit page)
        )
