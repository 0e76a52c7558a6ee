from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tanzim.activities"
    verbose_name = _("Work programmes and activities")

    def ready(self):
        # Audit actions, error codes, names, the body page's panel, the calendar's source, the dossier part.
        from . import declarations, dossier  # noqa: F401
