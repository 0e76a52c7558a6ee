from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Law 09-08: consents, the right of access, erasure and the end of retention."""

    name = "tanzim.privacy"
    verbose_name = _("Personal data (law 09-08)")

    def ready(self):
        from . import declarations  # noqa: F401  (audit actions, error codes, the member page's panel)
