from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "tanzim.access"
    verbose_name = _("Accounts and authority")

    def ready(self):
        from tanzim.members import jobs

        from . import (
            declarations,  # noqa: F401  (audit actions, names for the audit page)
            footprint,  # noqa: F401  (what this app holds about persons)
        )
        from .authority import import_scope_of

        jobs.uploader_scope = import_scope_of
