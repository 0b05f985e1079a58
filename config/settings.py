"""Settings of Formations, read from the environment (see the README's table).

Without any variable the app runs on its embedded defaults: SQLite, Celery eager, a
local-memory cache and e-mails printed on the console, so `make run` works anywhere.
"""

import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Under pytest the test client and the live server speak plain HTTP and no static files
# are collected; everything else keeps its production value.
TESTING = "pytest" in sys.modules
# A fixed key serves a first run only; production sets SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    # The "django-insecure-" prefix makes `check --deploy` flag it if it ever reaches production.
    SECRET_KEY = "django-insecure-formations-dev-only-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's form templates for the administration's widgets, which are Django templates.
    "django.forms",
    "crispy_forms",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    "dsfr",
    "dsfr_crispy",
    "accounts",
    "notifications",
    "programmes",
    "workshops",
    "requests",
    "funding",
    "exports",
]

MIDDLEWARE = [
    # Security headers (HSTS, nosniff, referrer) on every answer, the 413 below included; it
    # reads no body.
    "django.middleware.security.SecurityMiddleware",
    # A body declared bigger than MAX_REQUEST_BODY_BYTES gets 413 before anything reads it.
    "config.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Widgets (a select's options, above all) render through Django's Jinja2 form renderer and its
# built-in widget templates: the same markup, several times faster than one Django template
# per option. Pages and crispy's field templates stay Django templates; a form template
# Jinja2 does not have (the administration's) is a Django template (config/form_renderer.py).
FORM_RENDERER = "config.form_renderer.WidgetsInJinja2"
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
                "accounts.context_processors.layout",
            ],
        },
    },
    {
        # Hot partials only (requests/jinja2/): rendered with `using="jinja2"`.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "config.jinja2.environment"},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Under tests, persistent connections of the live server threads would block the test
# database's teardown.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if TESTING else 60)
# A health check costs every request a round trip (SELECT 1) to catch a connection the
# database dropped; off by default, as a dropped connection fails one request and is then
# replaced. Turn it on where the database restarts or a proxy cuts idle connections.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)
REDIS_PAUSE_SECONDS = env.float("REDIS_PAUSE_SECONDS", default=30)

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, where a Redis that does not answer is a miss (config/cache.py).
            "BACKEND": "config.cache.RedisCacheOrMiss",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions stay in the database: a Redis outage must not log everybody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Lockout after repeated failed log-ins (django-axes): one counter per account, whatever the
# spelling of its address (accounts.login.axes_username) and from whichever client, so that
# changing addresses earns an attacker no more tries; the client's address is recorded only.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.login.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.login.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes.W006 warns that a lockout without the address lets an attacker rotate user agents or
# cookies: the counter here is the account's alone, so rotating them earns no more tries, and
# a lockout per address would lock a whole school behind its one public address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Reverse proxies in front of the web servers, each appending to X-Forwarded-For: the
# client's address is read that many entries from its right. 0: REMOTE_ADDR, the header is
# ignored (anyone can write it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Password-reset e-mails per hour, to one address and from one client (accounts.login).
PASSWORD_RESET_MAX_PER_ADDRESS = env.int("PASSWORD_RESET_MAX_PER_ADDRESS", default=3)
PASSWORD_RESET_MAX_PER_CLIENT = env.int("PASSWORD_RESET_MAX_PER_CLIENT", default=10)
if (
    TRUSTED_PROXY_COUNT < 0
    or min(PASSWORD_RESET_MAX_PER_ADDRESS, PASSWORD_RESET_MAX_PER_CLIENT) < 1
):
    raise environ.ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT doit être positif ou nul, PASSWORD_RESET_MAX_PER_ADDRESS et "
        "PASSWORD_RESET_MAX_PER_CLIENT au moins 1."
    )

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG and not TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG or TESTING)

# django-filter's empty choice reads "---------" otherwise.
FILTERS_EMPTY_CHOICE_LABEL = _("Tous")
CRISPY_ALLOWED_TEMPLATE_PACKS = ["dsfr_crispy"]
CRISPY_TEMPLATE_PACK = "dsfr_crispy"
# The manifest storage rewrites the DSFR stylesheet: its published checksums no longer match.
DSFR_USE_INTEGRITY_CHECKSUMS = False
DSFR_MARK_OPTIONAL_FIELDS = False

# Formations' own settings.
SITE_TITLE = env.str("SITE_TITLE", default="Formations")
SITE_TAGLINE = env.str("SITE_TAGLINE", default="La formation des personnels de l'académie")
# The Marianne block and "République française" belong to State services only (DOMAIN.md).
STATE_SERVICE = env.bool("STATE_SERVICE", default=False)
STATE_SERVICE_OPERATOR = env.str(
    "STATE_SERVICE_OPERATOR", default="Ministère de l'Éducation nationale"
)
# RGAA compliance stated in the footer and the accessibility page (non/partiellement/totalement).
ACCESSIBILITY_COMPLIANCE = env.str("ACCESSIBILITY_COMPLIANCE", default="partiellement")
if ACCESSIBILITY_COMPLIANCE not in {"non", "partiellement", "totalement"}:
    raise environ.ImproperlyConfigured(
        "ACCESSIBILITY_COMPLIANCE doit valoir non, partiellement ou totalement."
    )
# The key of the HMAC chaining the ANT timelines (requests/workflow.py), kept out of the
# database: whoever can write the database but does not hold it cannot re-forge a chain.
# Unset, it is SECRET_KEY, so a deployment is never without a secret one (and `check --deploy`
# flags the development SECRET_KEY, hence its log key); set it so that SECRET_KEY can be
# rotated without re-keying the log (`verify_ant_log --rekey`, README).
ANT_LOG_KEY = env.str("ANT_LOG_KEY", default="") or SECRET_KEY

# E-mail.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if not env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Formations <ne-pas-repondre@formations.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# `make bench` compares pages with an empty page of the same layout, served only when asked.
BENCH_REFERENCE_PAGE = env.bool("BENCH_REFERENCE_PAGE", default=False)
# Absolute links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Exports: up to these sizes the file is the answer to the request; beyond, a Celery task
# produces it and the user follows its progress on the export's page (exports/).
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=2000)
MISSION_ORDERS_SYNC_MAX_PAGES = env.int("MISSION_ORDERS_SYNC_MAX_PAGES", default=30)
# Files produced in the background are deleted after this many days (beat task).
EXPORTS_KEEP_DAYS = env.int("EXPORTS_KEEP_DAYS", default=7)
if min(EXPORT_SYNC_MAX_ROWS, MISSION_ORDERS_SYNC_MAX_PAGES) < 0 or EXPORTS_KEEP_DAYS < 1:
    raise environ.ImproperlyConfigured(
        "EXPORT_SYNC_MAX_ROWS et MISSION_ORDERS_SYNC_MAX_PAGES doivent être positifs ou nuls, "
        "EXPORTS_KEEP_DAYS au moins 1."
    )

# Outbox delivery: retries with exponential backoff, then the message is marked failed.
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30)
# The sweep only picks messages older than this, so it does not race the after-commit task.
NOTIFICATIONS_SWEEP_AFTER_SECONDS = env.int("NOTIFICATIONS_SWEEP_AFTER_SECONDS", default=60)
# Messages one user may post to one request's thread in any 60 seconds (each notifies the
# other side); beyond, the message is refused and its text kept in the form.
THREAD_MESSAGES_PER_MINUTE = env.int("THREAD_MESSAGES_PER_MINUTE", default=5)
if THREAD_MESSAGES_PER_MINUTE < 1:
    raise environ.ImproperlyConfigured("THREAD_MESSAGES_PER_MINUTE doit valoir au moins 1.")

# Celery: on Redis when REDIS_URL is set, eager (in-process) otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="formations")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A Redis that is down or hung (broker and cache) must not hold a web request: connecting and
# each read give up after REDIS_TIMEOUT seconds, a publish is not retried, and after one
# failure this process leaves Redis alone for REDIS_PAUSE_SECONDS (notifications.broker):
# the cache reads as empty, the outbox rows wait and the sweep sends them once Redis answers.
# Celery workers keep longer timeouts (config/celery.py).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
}
CELERY_TASK_PUBLISH_RETRY = False

# Security. Production (DEBUG off) gets HTTPS-only cookies and HSTS; a proxy terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Request bodies. The biggest upload is an ANT attachment (5 MiB, ANT_ATTACHMENT_MAX_BYTES in
# requests/forms/team.py); a form's other fields take at most DATA_UPLOAD_MAX_MEMORY_SIZE.
# A body declared bigger than both together is answered 413 before it is read
# (config.middleware); the reverse proxy caps bodies too (README, Operations).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
MAX_REQUEST_BODY_BYTES = env.int(
    "MAX_REQUEST_BODY_BYTES", default=5 * 1024 * 1024 + DATA_UPLOAD_MAX_MEMORY_SIZE
)
if MAX_REQUEST_BODY_BYTES < 1:
    raise environ.ImproperlyConfigured("MAX_REQUEST_BODY_BYTES doit valoir au moins 1.")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Structured logs: one JSON object per line on stderr.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # Without Redis tasks run inline: one line per task would drown the server's log.
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
    },
}

# --- programmes: the training record (issue 10) ---
# What a teacher's training record gathers, one dotted path per source: a function
# `entries(users, school_year)` returning, per user id, the trainings followed that year
# (accounts.training_record.Entry). config wires the apps; no app imports another's source.
TRAINING_RECORD_SOURCES = [
    "requests.training_record.entries",
    "programmes.training_record.magistere_entries",
    # --- workshops (issue 11) ---
    "workshops.training_record.entries",
]

# Checks other apps add to an ANT request's transitions: `check(ant, transition_name)` returns
# the reason the transition cannot happen now, or "" (issue 11: sessions not yet done).
ANT_TRANSITION_CHECKS = [
    "workshops.ant.transition_check",
]

# --- funding (issue 12) ---
# Individual participants of funded operations are erased this many years after the
# operation's end, unless an administrator sets another date (DOMAIN.md: the audit trail is
# kept 3 years after the accounts' year for 2014-2020, 5 (to check) for 2021-2027).
FUNDING_PARTICIPANT_RETENTION_YEARS = env.int("FUNDING_PARTICIPANT_RETENTION_YEARS", default=3)
if FUNDING_PARTICIPANT_RETENTION_YEARS < 0:
    raise environ.ImproperlyConfigured(
        "FUNDING_PARTICIPANT_RETENTION_YEARS ne peut pas être négatif."
    )
