from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "tanzim.directives"
    verbose_name = _("Directives")

    def ready(self):
        from . import declarations  # noqa: F401  (audit actions, error codes, names for the audit page)
