from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    """The voter-registration drive: members on the general electoral lists, the annual revision, targets."""

    name = "tanzim.voters"
    verbose_name = _("Voter registration")

    def ready(self):
        from . import declarations  # noqa: F401  (audit actions, error codes, the member panel, dossier, erasure)
