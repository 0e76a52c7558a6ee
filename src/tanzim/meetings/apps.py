from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tanzim.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from . import (
            declarations,  # noqa: F401  (audit actions, error codes, names for the audit page, panels)
            documents_declarations,  # noqa: F401  (the documents' actions, codes and panel)
            dossier,  # noqa: F401  (the right of access's copy and erasure)
        )
