"""Karsaz settings: everything comes from environment variables with safe defaults.

Local default: SQLite under var/, DEBUG off unless DEBUG=1. Production: DEBUG=0, a real SECRET_KEY,
DATABASE_URL pointing at PostgreSQL, ALLOWED_HOSTS set; `manage.py check --deploy` passes.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

from karsaz.core.deploy import debug_refusal

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("KARSAZ_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

# Karsaz's domain apps, in dependency order (demo data is seeded in this order too). A module
# joins the platform by being listed here; what it contributes (pages, API, navigation, periodic
# jobs, demo data, hooks) is declared on its AppConfig, a core.modules.KarsazModule.
KARSAZ_MODULES = (
    "core", "registry", "accounts", "technology", "events", "clinics", "finance", "capital",
    "insights", "notifications",
)  # fmt: skip
KARSAZ_APPS = [name for name in KARSAZ_MODULES if (BASE_DIR / "karsaz" / name / "apps.py").exists()]

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's address as users reach it: links in e-mails (a notification's page) start with it.
KARSAZ_SITE_URL = env.str("KARSAZ_SITE_URL", default="http://127.0.0.1:8000/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    *(f"karsaz.{name}" for name in KARSAZ_APPS),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "karsaz.core.dbrouter.PrimaryPinMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "karsaz.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns locked-out sign-ins into a clear 429 page.
    "axes.middleware.AxesMiddleware",
]

# For measuring (bench/web.py): `X-Query-Count` on every response (karsaz.core.querycount), and
# the floor page `/bench/floor/` (karsaz.core.views.bench_floor), both off unless asked for.
if env.bool("KARSAZ_QUERY_COUNT", default=False):
    MIDDLEWARE.insert(0, "karsaz.core.querycount.QueryCountMiddleware")
KARSAZ_BENCH_FLOOR = env.bool("KARSAZ_BENCH_FLOOR", default=False)

ROOT_URLCONF = "karsaz.urls"
CSRF_FAILURE_VIEW = "karsaz.core.errorpages.csrf_failure"
WSGI_APPLICATION = "karsaz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "karsaz.core.context_processors.navigation",
            ],
            "builtins": ["karsaz.core.templatetags.karsaz"],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'karsaz.sqlite3'}")
}
# DEBUG pages show settings and code: refuse to start with DEBUG on anywhere but a laptop.
if DEBUG and (refusal := debug_refusal(ALLOWED_HOSTS, DATABASES["default"])):
    raise ImproperlyConfigured(refusal)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A PostgreSQL streaming replica for the busy public lists (karsaz/core/dbrouter.py, README,
# Scaling out). A browser that wrote reads only the primary for KARSAZ_REPLICA_PIN_SECONDS, which
# should exceed the replica's usual lag.
DATABASE_ROUTERS = ["karsaz.core.dbrouter.ReplicaRouter"]
KARSAZ_READ_REPLICA = ""
KARSAZ_REPLICA_PIN_SECONDS = env.int("KARSAZ_REPLICA_PIN_SECONDS", default=10)
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url("DATABASE_REPLICA_URL"),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        # Under tests the replica is the test database itself.
        "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
    }
    KARSAZ_READ_REPLICA = "replica"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Reverse proxies in front of the app (0: none, the client is REMOTE_ADDR). With N, the client is
# the N-th address from the right of X-Forwarded-For: sign-in throttling and API throttles use it.
KARSAZ_PROXY_COUNT = env.int("KARSAZ_PROXY_COUNT", default=0)
if KARSAZ_PROXY_COUNT < 0:
    raise ImproperlyConfigured("KARSAZ_PROXY_COUNT must be 0 or more.")

# Repeated failed sign-ins (karsaz/accounts/throttling.py): lock the (username, address) pair
# after AXES_FAILURE_LIMIT failures, and the address after KARSAZ_ADDRESS_FAILURE_LIMIT failures
# over all usernames, for AXES_COOLOFF_HOURS. A password reset by e-mail lifts an account's lock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
KARSAZ_ADDRESS_FAILURE_LIMIT = env.int("KARSAZ_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "karsaz.accounts.throttling.PerAddressHandler"
AXES_CLIENT_IP_CALLABLE = "karsaz.accounts.throttling.client_ip"
# API tokens stop working this many days after they were issued.
KARSAZ_TOKEN_DAYS = env.int("KARSAZ_TOKEN_DAYS", default=30)
AXES_LOCKOUT_CALLABLE = "karsaz.accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Persian first, English second.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "karsaz" / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "karsaz_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (laptop, tests) whitenoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Karsaz <no-reply@karsaz.local>")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)

# One task table on both databases; on PostgreSQL many `db_worker` processes share it safely.
# Queues keep slow work from delaying urgent work: each queue group gets its own worker
# (README, Production; `scripts/serve-dev`): `matching` (record encoding, index compaction),
# `finance` (finance_tick, the ledger check), `events` (scheduler runs), `email`, and `default`
# / `imports` for the rest.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email", "events", "finance", "imports", "matching"],
    }
}
# Seconds a task may run before its worker stops it and marks it failed (`TaskTimeLimitExceeded`,
# karsaz/core/tasklimits.py): by task path where one task needs its own bound, else by queue,
# else the "*" entry.
TASK_TIME_LIMITS = {
    "*": 600,
    "matching": 300,  # one record is bounded work (technology/indexing.py): seconds, not minutes
    "finance": 900,
    "events": 900,  # a scheduler run solves for at most 600 s, then applies its schedule
    "email": 120,
    "karsaz.technology.tasks.encode_missing": 3600,  # every record without a vector, after a seed
    "karsaz.finance.tasks.check_ledger": 3600,  # every posting of the ledger
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "karsaz.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "karsaz.core.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "karsaz.core.parsers.JSONParser",
        "karsaz.core.parsers.FormParser",
        "karsaz.core.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "karsaz.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "karsaz.core.api.exception_handler",
    # open_data: anonymous reads of the public open-data API (karsaz.insights.api), per address.
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min", "open_data": "120/min"},
    # 0: the client is REMOTE_ADDR (DRF's default of None would trust any X-Forwarded-For).
    "NUM_PROXIES": KARSAZ_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Karsaz API",
    "DESCRIPTION": "Registry, programmes and insights of an SME-development agency.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "karsaz.core.schema.partial_rows",
        "karsaz.core.schema.error_responses",
    ],
    # Several modules name a field "status": give each choice set its own stable schema name.
    "ENUM_NAME_OVERRIDES": {
        "TrlEnum": "karsaz.technology.choices.TRL_CHOICES",
        "TechnologyRecordStatusEnum": "karsaz.technology.choices.RecordStatus",
        "ProposalStateEnum": "karsaz.technology.choices.ProposalState",
        "ClinicActionStatusEnum": "karsaz.clinics.choices.ActionStatus",
        "ClinicReferralStatusEnum": "karsaz.clinics.choices.ReferralStatus",
        "ClinicFollowUpStatusEnum": "karsaz.clinics.choices.FollowUpStatus",
        "EventParticipantStatusEnum": "karsaz.events.choices.ParticipantStatus",
        "EventRequestStatusEnum": "karsaz.events.choices.RequestStatus",
        "EventMeetingStatusEnum": "karsaz.events.choices.MeetingStatus",
        "EventRunStatusEnum": "karsaz.events.choices.RunStatus",
        "CapitalMarketEnum": "karsaz.capital.choices.Market",
        "CapitalDocumentKindEnum": "karsaz.capital.choices.DocumentKind",
        "CapitalDocumentStatusEnum": "karsaz.capital.choices.DocumentStatus",
        "CapitalFilingStageEnum": "karsaz.capital.choices.FilingStage",
    },
}

# Enterprise size classes by employees: below each bound is the class named before it.
# Defaults follow the Iranian Ministry of Industry's definition (micro <10, small <50, medium <100).
KARSAZ_SIZE_BOUNDS = tuple(env.list("KARSAZ_SIZE_BOUNDS", cast=int, default=[10, 50, 100]))
KARSAZ_DEMO_SEED = env.int("KARSAZ_DEMO_SEED", default=1405)
# Lists count their rows exactly up to this many; past it PostgreSQL's planner estimate is shown
# as «حدود …» (karsaz/core/pagination.py). The exact count reads up to this many rows on every
# page view: 10,000 cost 42-52 ms on a search matching 50,000 of a million firms, 1,000 cost 4-6.
KARSAZ_EXACT_COUNT_LIMIT = env.int("KARSAZ_EXACT_COUNT_LIMIT", default=1_000)
# Heavy workspace aggregates (karsaz/core/panelcache.py) are kept this long per scope, and dropped
# on writes; 0 turns the cache off. CACHE_URL picks the cache: per process by default, shared
# (README, Scaling out) with several workers or servers.
KARSAZ_PANEL_CACHE_SECONDS = env.int("KARSAZ_PANEL_CACHE_SECONDS", default=60)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://karsaz")}
# The open-data portal's publisher (the pages, the DCAT catalog's dct:publisher and contact
# point): the agency running this deployment. Unset keys keep insights/opendata/datasets.py's.
KARSAZ_OPEN_DATA_PUBLISHER = {
    key: value
    for key, value in {
        "name_fa": env.str("KARSAZ_OPEN_DATA_PUBLISHER_FA", default=""),
        "name_en": env.str("KARSAZ_OPEN_DATA_PUBLISHER_EN", default=""),
        "url": env.str("KARSAZ_OPEN_DATA_PUBLISHER_URL", default=""),
        "email": env.str("KARSAZ_OPEN_DATA_EMAIL", default=""),
    }.items()
    if value
}
# Who hears of what must not wait (a ledger breach): comma-separated e-mail addresses.
ADMINS = [(address, address) for address in env.list("KARSAZ_ADMINS", default=[])]

# Technology matching (karsaz/technology/README.md): the dense stage, how typed queries become
# vectors ("terms": stored word vectors; "model": a transformer pass per query), and how often
# a web process looks for changes made by others.
TECHNOLOGY_DENSE = env.bool("TECHNOLOGY_DENSE", default=True)
TECHNOLOGY_QUERY_VECTORS = env.str("TECHNOLOGY_QUERY_VECTORS", default="terms")
TECHNOLOGY_FRESH_SECONDS = env.float("TECHNOLOGY_FRESH_SECONDS", default=2.0)

# Uploads (README, Configuration). Imports are refused above KARSAZ_IMPORT_MAX_BYTES before any
# parsing and above KARSAZ_IMPORT_MAX_ROWS rows; a dry-run file nobody confirms is deleted after
# KARSAZ_IMPORT_KEEP_HOURS. Invoice documents: PDF, PNG or JPEG up to the given size.
KARSAZ_IMPORT_MAX_BYTES = env.int("KARSAZ_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
KARSAZ_IMPORT_MAX_ROWS = env.int("KARSAZ_IMPORT_MAX_ROWS", default=20_000)
KARSAZ_IMPORT_KEEP_HOURS = env.int("KARSAZ_IMPORT_KEEP_HOURS", default=24)
FINANCE_DOCUMENT_MAX_BYTES = env.int("FINANCE_DOCUMENT_MAX_BYTES", default=5 * 1024 * 1024)
# Admission dossier documents (karsaz/capital/README.md): PDF, PNG or JPEG up to this size.
CAPITAL_DOCUMENT_MAX_BYTES = env.int("CAPITAL_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Production hardening, on whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Scripts, styles, fonts and images from this site only; no inline script or style (htmx's
    # indicator rules live in karsaz.css, page behaviours in karsaz.js). Off under DEBUG, whose
    # error pages are inline.
    MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
    CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    }
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # /healthz is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
