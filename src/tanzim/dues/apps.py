from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    """Dues: rates per category, an append-only ledger per member, standing, receipts, money passed up."""

    name = "tanzim.dues"
    verbose_name = _("Dues")

    def ready(self):
        from . import declarations  # noqa: F401  (audit actions, error codes, the member panel, dossier, erasure)
