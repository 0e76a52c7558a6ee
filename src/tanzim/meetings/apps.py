from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tanzim.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from . import declarations, dossier  # noqa: F401  (audit actions, error codes, names, panels; copy and erasure)
