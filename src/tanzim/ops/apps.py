from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Tanzim for real: the production server, the background worker, backups and their restore."""

    name = "tanzim.ops"
    verbose_name = _("Operations")
