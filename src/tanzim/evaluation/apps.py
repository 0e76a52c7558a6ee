from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "tanzim.evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from . import declarations  # noqa: F401  (its own criteria, the body page's scorecard panel, audit words)
