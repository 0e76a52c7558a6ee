from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "tanzim.elections"
    verbose_name = _("Elections")

    def ready(self):
        # Audit actions, error codes, the audit page's names, the criteria this app can read itself, and the
        # candidacies' part of the right of access and of erasure, and what a merge of two entries does to them.
        from . import declarations, dossier, merging, rules  # noqa: F401
