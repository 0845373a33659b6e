"""Settings for Secondment, read from the environment (see docs/operations.md, "Settings").

Without DATABASE_URL the app runs on a SQLite file and without REDIS_URL Celery runs every
task eagerly in the calling process: the embedded default of the quick start.
"""
import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(Path(env_str("ENV_FILE", str(BASE_DIR / ".env"))))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
# Without a key, management commands (migrate, makemigrations, check) still run on a throwaway
# key; the WSGI/ASGI entry points that serve traffic refuse to start (secondment/wsgi.py).
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    SECRET_KEY = (
        "dev-only-insecure-key-do-not-use-in-production-0123456789"
        if DEBUG
        else get_random_secret_key()
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "simple_history",
    "secondment",  # the project package: its management commands (backup, restore_drill)
    "accounts",
    "programs",
    "cadres",
    "placements",
    "reports",
    "imports",
    "notices",
    "documents",
    "evaluations",
    "demo",
    # Last, as django-cleanup asks: it hooks every FileField model registered before it.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.ThirdPartyStylesMiddleware",
    "core.middleware.NoStoreMiddleware",
    "core.middleware.RefuseNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail's who and from where (core.audit).
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.DeniedRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it answers for a sign-in that was refused because the account is locked.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "secondment.urls"
WSGI_APPLICATION = "secondment.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "secondment.navigation.menu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # One request, one core: a parallel plan's workers fight the other requests' for the
        # same cores. On 2 cores with 2 clients, the nation's achievements figure answered in
        # p95 383 ms with parallel plans and 208 ms without (one client alone: 123 → 150 ms).
        # PG_PARALLEL_WORKERS raises it for a database server with cores to spare.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, (
            options.get("options"),
            f"-c max_parallel_workers_per_gather={env_int('PG_PARALLEL_WORKERS', 0)}")))
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Sign-in: django-axes first, so a locked account is refused before its password is even
# hashed; then Django's own.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The 6th wrong password in a row locks the account (by username, from any address) for 30
# minutes; a failure older than 30 minutes no longer counts. The sign-in form, the admin's
# and the API's token endpoint all pass through it.
AXES_FAILURE_LIMIT = env_int("LOCKOUT_FAILURES", 6)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# By account, not by address: a county's offices sign in from one NAT address, and six typos
# there must not lock the whole department out. The address is limited by the API's sign-in
# throttle instead.
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # The diary indexes' INCLUDE columns serve PostgreSQL; the SQLite demo just goes without.
    "models.W040",
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False
# And per address, on the sign-in pages: failed sign-ins a minute (accounts.security).
SIGN_IN_FAILURES_PER_MINUTE = env_int("SIGN_IN_FAILURES_PER_MINUTE", 10)
# API tokens last 12 hours from their issue (TokenAuthentication of accounts.authentication),
# end with DELETE auth/token/ and with any change of the password.
API_TOKEN_HOURS = env_int("API_TOKEN_HOURS", 12)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Hashed file names (cached for a year by browsers) when collected; the quick start and the
# tests serve the files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage")},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# --- Messages leaving the app ----------------------------------------------------------
# Each in-app message may also go out by these hooks (notices.delivery), e.g.
# MESSAGE_DELIVERY=notices.delivery.EmailDelivery,notices.delivery.SmsGatewayDelivery; empty,
# nothing leaves the app (the default, and the tests'). E-mail goes through Django's own
# EMAIL_* settings; the SMS hook POSTs to the department's gateway.
MESSAGE_DELIVERY = env_list("MESSAGE_DELIVERY", [])
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SITE_URL = env_str("SITE_URL", "").rstrip("/")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")

# --- Celery -----------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker process dies is handed to another worker, not dropped.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# No task outlives its lease: the hard limit is below the report lease and the broker's
# visibility timeout, so a message held by a worker that vanished (killed, machine lost) is
# redelivered once that timeout passes, and never while its first delivery still runs.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
REPORT_LEASE_SECONDS = env_int("REPORT_LEASE_SECONDS", 660)
# Imports: a file up to this size is checked and applied in the request; a larger one on the
# workers, with progress on its page (about 2,000 cadre rows per 200 KB).
IMPORT_INLINE_BYTES = env_int("IMPORT_INLINE_BYTES", 200 * 1024)
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 10)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# Uploaded files and their row errors hold personal data: deleted after this many days.
IMPORT_KEEP_DAYS = env_int("IMPORT_KEEP_DAYS", 30)
# Lists count exactly up to this many rows, and estimate past it; their `next` links switch
# to keyset positions past the first KEYSET_FROM rows (core/api/pagination.py).
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 5000)
KEYSET_FROM = env_int("KEYSET_FROM", 1000)
# A list page's export stops here (narrow the filters for more); a report has no such limit.
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 50000)
# What writes a list page's export (core.pages.ObjectListView.export).
LIST_EXPORTER = "imports.exporting.export_list"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 720),
    # Look for messages of vanished workers every 10 s (kombu's default scans every ~100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # With Redis down, publishing fails within seconds instead of blocking a web request.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_RESULT_EXPIRES = 24 * 3600
# Periodic jobs live in the database (django-celery-beat), editable in the admin; the
# defaults are installed by reports/migrations (see reports/schedules.py).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The cache is Redis's when there is one (CACHE_URL, else REDIS_URL): sign-in throttles and
# lockouts are then shared by every worker. No answer of the API or the pages is cached: each
# is built from the database when asked (NetBox dropped its query cache in 3.0 likewise).
CACHE_URL = env_str("CACHE_URL", REDIS_URL)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Sign-in counters (the token endpoint's throttle, failed sign-ins per address) live in
    # the database, shared by every worker: signing in must not depend on Redis being up.
    # The table is made by accounts/migrations/0006.
    "sign_in": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "accounts_sign_in_counter"},
}

# Behind reverse proxies that append the client's address to X-Forwarded-For: how many.
# 0 (the default): the header is ignored — anyone can send it — and the connection's
# address is the client's, for the lockout, the sign-in limits and the security log.
BEHIND_PROXY = env_int("BEHIND_PROXY", 0)
AXES_IPWARE_PROXY_COUNT = BEHIND_PROXY or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_PROXY
                                     else ("REMOTE_ADDR",))

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The throttles' client address (DRF trusts X-Forwarded-For when this is unset).
    "NUM_PROXIES": BEHIND_PROXY,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes an anonymous request a 401.
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "core.api.base.exception_handler",
    "VIEW_NAME_FUNCTION": "core.api.base.view_name",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Sign-in by token: besides the lockout per account, at most 10 tries a minute from one
    # address (password hashing is what an attacker would make the server spend).
    "DEFAULT_THROTTLE_RATES": {"sign_in": env_str("SIGN_IN_RATE", "10/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Secondment API",
    "DESCRIPTION": "干部挂职交流管理系统 REST API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RankEnum": "cadres.choices.Rank",
        "EducationEnum": "cadres.choices.Education",
        "DegreeEnum": "cadres.choices.Degree",
        # A diary review's decision, on the single and the bulk review alike.
        "ReviewDecisionEnum": ["accepted", "needs_more"],
        # A yes or no on a request: a leave, an order in bulk, a recall.
        "ApproveRejectEnum": ["approve", "reject"],
        "WorkLogCategoryEnum": "placements.choices.WorkLogCategory",
        "AchievementCategoryEnum": "placements.choices.AchievementCategory",
        "ReportKindEnum": "reports.choices.ReportKind",
        "ImportKindEnum": "imports.kinds.KIND_CHOICES",
    },
}

# --- Security (production mode is DEBUG off) ------------------------------------------------
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only;
# no inline script anywhere (the pages' scripts are files in static/js), no plugins, no
# framing, forms post only here. Browsers report a violation in their console, which the
# browser tests read.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
# A session ends after 30 idle minutes (renewed by the requests, at most once a minute) and
# 12 hours after sign-in at the latest (core.middleware.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_RENEW_SECONDS = 60
# The database store, retrying its write once on a fresh connection (core/sessions.py).
SESSION_ENGINE = "core.sessions"
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# A new login's invitation (a password-reset link, accounts.services) lasts a week: org staff
# hand it over at the start of a placement.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# Argon2id first (memory-hard), at 64 MiB, one pass, two lanes (accounts.hashers): 80 ms a
# sign-in on this machine, where Django's Argon2 defaults took 220 ms and PBKDF2's 1,000,000
# rounds 0.58 s. Older hashes still verify and are made again at the next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if env_bool("FAST_PASSWORD_HASHER", False):
    # Only for the test suite: PBKDF2 with its real iteration count dominates test time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["vote_tokens"],
                             "level": env_str("LOG_LEVEL", "INFO")}},
    # A 民主测评 sheet's token is its vote: no log line carries one (core.logging).
    "filters": {"vote_tokens": {"()": "core.logging.HideVoteTokens"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every step of every PDF at INFO, axes every failure.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}
