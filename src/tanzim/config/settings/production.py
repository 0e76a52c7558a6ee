"""Production: base settings plus the transport-security switches. TANZIM_SECRET_KEY must be set."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("TANZIM_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("TANZIM_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind the reverse proxy of deploy/nginx.conf: the reader's address comes from the proxy's X-Forwarded-For.
if os.environ.get("TANZIM_BEHIND_PROXY", "0") == "1":
    MIDDLEWARE = ["tanzim.config.middleware.ProxiedAddressMiddleware", *MIDDLEWARE]  # noqa: F405

# Source maps are read by a developer's tools, never by an official's browser: served as they are, not compressed
# (compressing them was most of collectstatic's minute).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "woff", "woff2"),
    "map",
)
