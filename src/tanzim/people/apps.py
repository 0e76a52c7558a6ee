from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tanzim.people"
    verbose_name = _("People")

    def ready(self):
        from . import declarations  # noqa: F401  (audit actions, error codes)
