"""The third-party apps that show in the administration, named in the reader's language: their own names are
English words or module names ("AXES", "OTP_TOTP", "Tasks Database Backend")."""

from axes.apps import AppConfig as AxesAppConfig  # type: ignore[import-untyped]
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")


class AuthenticatorAppsConfig(TotpAppConfig):
    verbose_name = _("Authenticator apps (second factor)")


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]
