"""Settings shared by every environment. Everything that differs between machines comes from the environment.

DATABASE_URL    empty → embedded SQLite in TANZIM_DATA_DIR (WAL mode); postgres://… → PostgreSQL (psycopg 3)
TANZIM_DEBUG    "1" for development (the demo sets it)
TANZIM_SECRET_KEY, TANZIM_ALLOWED_HOSTS (comma-separated), TANZIM_DATA_DIR
TANZIM_LOGIN_FAILURES (5), TANZIM_LOCKOUT_MINUTES (30), TANZIM_SESSION_IDLE_MINUTES (60)
"""

import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("TANZIM_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("TANZIM_DEBUG")
SECRET_KEY = os.environ.get("TANZIM_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Refuse to start a non-debug server with a guessable key rather than sign sessions with it.
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("TANZIM_SECRET_KEY must be set when TANZIM_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-the-demo"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("TANZIM_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # django-ninja's own templates and static files: the API docs page is served from here, not from a CDN.
    "ninja",
    # Named in the reader's language in the administration (config/apps.py).
    "tanzim.config.apps.SignInAttemptsConfig",
    "django_otp",
    "tanzim.config.apps.AuthenticatorAppsConfig",
    "django_tasks",
    "tanzim.config.apps.BackgroundTasksConfig",
    "tanzim.audit",
    "tanzim.territory",
    "tanzim.people",
    "tanzim.organization",
    "tanzim.members",
    "tanzim.access",
    "tanzim.privacy",
    "tanzim.meetings",
    "tanzim.directives",
    "tanzim.dues",
    "tanzim.activities",
    "tanzim.ops",
    "tanzim.evaluation",
    "tanzim.elections",
    "tanzim.voters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, static files and error pages included.
    "tanzim.config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tanzim.config.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Under /api/, a 4xx given before any operation runs (no route, wrong method) in the API's error shape.
    "tanzim.api.middleware.ApiErrorShapeMiddleware",
    # A number past a 64-bit column or a NUL that still reaches the database: 404 or 400, not a server error.
    "tanzim.config.bad_input.BadInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tanzim.config.middleware.PagesLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tanzim.audit.context.AuditAddressMiddleware",
    "tanzim.access.middleware.AccessMiddleware",
    # Reads request.authority: national readers and holders of a confirmed device must pass a second factor.
    "tanzim.access.otp.SecondFactorMiddleware",
    # Last, as django-axes requires: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tanzim.config.urls"
WSGI_APPLICATION = "tanzim.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tanzim.organization.context_processors.party",
            ],
        },
    },
]


def database_from_env() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if db["ENGINE"] == "django.db.backends.postgresql":
            # Test databases are created from template0 in UTF-8 so Arabic text sorts and matches correctly.
            db["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
        return dict(db)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "tanzim.sqlite3",
        "OPTIONS": {
            # WAL lets readers go on while one writer writes; IMMEDIATE avoids "database is locked" upgrades.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            # A request waits this long for another's write (an import's short write phase) before failing.
            "timeout": 30,
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Background work (imports, and every later heavy job) goes through Django's Tasks API. By default the queue is a
# table of the database (works on SQLite and PostgreSQL, no other server): `tanzim worker` runs it. A party that
# outgrows it sets TANZIM_TASKS_REDIS_URL and installs the `redis` extra (django-tasks-rq), then runs `tanzim worker`.
if os.environ.get("TANZIM_TASKS_REDIS_URL"):
    TASKS: dict[str, dict[str, Any]] = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ["TANZIM_TASKS_REDIS_URL"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# What a member file uploaded through the web may hold (the import page states it).
TANZIM_IMPORT_MAX_MB = int(os.environ.get("TANZIM_IMPORT_MAX_MB", "20"))
TANZIM_IMPORT_MAX_ROWS = int(os.environ.get("TANZIM_IMPORT_MAX_ROWS", "200000"))
TANZIM_IMPORT_MAX_COLUMNS = int(os.environ.get("TANZIM_IMPORT_MAX_COLUMNS", "60"))
TANZIM_IMPORT_MAX_CELL = int(os.environ.get("TANZIM_IMPORT_MAX_CELL", "500"))
# Uploads above Django's in-memory limit go to a temporary file, never to memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The CSRF token lives in the session, not in a cookie of its own: a page carries it in its forms and htmx headers,
# and a program using the API sends the session cookie and the X-CSRFToken header (nothing a script could read).
CSRF_USE_SESSIONS = True

# A new login has no password: its holder sets one through a one-time link that works this long.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("TANZIM_ACTIVATION_HOURS", "72")) * 3600

# Axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's login and grants flag with the user (access/backends.py).
    "tanzim.access.backends.TanzimBackend",
]

# Throttling by username, whatever the address: a guess spread over many machines still locks the account.
AXES_FAILURE_LIMIT = int(os.environ.get("TANZIM_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("TANZIM_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks to count by address too. Behind a reverse proxy every request comes from the proxy's address,
# and officials of one office share one: five typos there would lock everybody out. Counting by username is
# the choice here (rotating addresses, user agents or cookies does not reset it), so the warning is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every command; lockouts are still logged
AXES_LOCKOUT_CALLABLE = "tanzim.access.views.lockout"


def _totp_issuer(device) -> str:
    # The name an authenticator app shows next to the code: the party's, read when the device is set up.
    from tanzim.access.otp import totp_issuer

    return totp_issuer(device)


OTP_TOTP_ISSUER = _totp_issuer

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Arabic first, French second. Every user-facing string goes through gettext with English msgids.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A session ends after TANZIM_SESSION_IDLE_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("TANZIM_SESSION_IDLE_MINUTES", "60")) * 60
# The idle clock is wound by SessionTouchMiddleware at most once a minute (a write on every request was a tenth of
# a page's cost), so a session ends between N-1 and N minutes after the last request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TANZIM_LOG_LEVEL", "INFO")},
}

# In development the files are served from the apps' folders as they change; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

TANZIM_RETENTION_YEARS = int(os.environ.get("TANZIM_RETENTION_YEARS", "5"))

# An audit action or an error code that no app declared (audit.actions, tanzim.errors) is refused where it is
# written in development and in the tests; in production the row is still written and the refusal still given.
TANZIM_STRICT_DECLARATIONS = DEBUG
