"""Settings for the test suite: the same database choice as base (DATABASE_URL or SQLite), fast hashing."""

import os

os.environ.setdefault("TANZIM_DEBUG", "0")
os.environ.setdefault("TANZIM_SECRET_KEY", "test-only-key-not-secret")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
LANGUAGE_CODE = "ar"

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Background tasks (member imports) run at once, inside the test transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Undeclared audit actions and error codes fail the test that writes them.
TANZIM_STRICT_DECLARATIONS = True
