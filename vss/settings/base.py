"""Settings shared by every environment; each value that differs per deployment comes
from an environment variable, and the defaults are the safe (production) ones."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "vss.core",
    "vss.accounts",
    "vss.audit",
    "vss.exports",
    "vss.geo",
    "vss.tallies",
    "vss.backups",
    "vss.people",
    "vss.proceedings",
    "vss.applications",
    "vss.matching",
    "vss.representation",
    "vss.support",
    "vss.reparations",
    "vss.outreach",
    "vss.imports",
    "vss.notifications",
    "vss.portal",
    "vss.reports",
    "vss.api",
    "vss.demo",  # listed last: it sits above every app and runs what they register
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vss.accounts.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells from the session whether the user also passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "vss.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vss.audit.middleware.RequestContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A signed-in user who still owes a second factor or a new password reaches only the
    # pages that settle it (vss/accounts/second_factor.py).
    "vss.accounts.second_factor.SecondFactorMiddleware",
    # Turns a sign-in refused for too many failures into the sign-in page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vss.urls"
WSGI_APPLICATION = "vss.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vss" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vss.core.context_processors.navigation",
                "vss.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Django's renderer, with the commonest widgets written in Python (vss/core/form_renderer.py).
FORM_RENDERER = "vss.core.form_renderer.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'vss.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The file, its WAL and journal are created by SQLite with the process's umask:
    # readable by the service's user only, as are var/ and what else the process writes.
    os.umask(0o077)
    Path(DATABASES["default"]["NAME"]).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # WAL lets the list pages read while an import writes; the busy timeout turns a
    # momentary lock into a short wait rather than an error.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it expects to be costly (JIT): 100 to 400 ms spent
    # before it runs, on every request whose plan crosses the threshold, which a page's
    # query at a million applicants does. The pages' queries are read by index; JIT is
    # for long analytical scans, which VSS runs in the background and which gain little.
    #
    # Nor does it start parallel workers for a page's query: starting them costs about
    # 5 ms, more than the indexed reads they would share (a list of 37 follow-ups planned
    # as 8,000 rows took 6 ms instead of 0.2), and under load they take the cores the
    # other requests need. VSS_PG_PARALLEL_WORKERS gives a process them back (a
    # background worker's long counts, for one).
    parallel = int(os.environ.get("VSS_PG_PARALLEL_WORKERS", "0"))
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c max_parallel_workers_per_gather={parallel}"
    )

# Background jobs (matching runs, exports, sends, counts): by default the database is the
# queue, worked by `manage.py db_worker` on this machine or any other that reaches the
# database. VSS_TASKS_BACKEND=rq puts the queue in Redis (VSS_REDIS_URL), worked by
# `manage.py rqworker`, for workers that should not hold database connections while they
# wait. docs/deployment.md says how to run either.
VSS_TASKS_BACKEND = os.environ.get("VSS_TASKS_BACKEND", "database")
VSS_REDIS_URL = os.environ.get("VSS_REDIS_URL", "redis://127.0.0.1:6379/0")
if VSS_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif VSS_TASKS_BACKEND == "rq":
    INSTALLED_APPS[INSTALLED_APPS.index("django_tasks_db") + 1 : 0] = [
        "django_rq",
        "django_tasks_rq",
    ]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # A job may run as long as the registry-wide duplicate search does.
    RQ_QUEUES = {"default": {"URL": VSS_REDIS_URL, "DEFAULT_TIMEOUT": 6 * 60 * 60}}
else:
    raise ImproperlyConfigured(
        f"VSS_TASKS_BACKEND is {VSS_TASKS_BACKEND!r}: it must be 'database' or 'rq'."
    )
# The cache the application's processes share: the dashboard's drawn figures and the
# public figures are then made once for all of them. Unset, each process keeps its own
# in its memory, which `make run` and a single process need, and several processes
# each make them once.
VSS_CACHE_URL = os.environ.get("VSS_CACHE_URL", "")
if VSS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": VSS_CACHE_URL,
        }
    }
# A database worker records a sign of life this often, from a thread of its own; a task
# whose worker has been silent for VSS_WORKER_SILENT_SECONDS is taken for abandoned and
# queued again by `manage.py resume_jobs` (vss.core.workers).
VSS_WORKER_BEAT_SECONDS = float(os.environ.get("VSS_WORKER_BEAT_SECONDS", "10"))
VSS_WORKER_SILENT_SECONDS = float(os.environ.get("VSS_WORKER_SILENT_SECONDS", "120"))
# A registry-wide matching run over more people than this is split into that many
# people's worth of shards, each a task (vss/matching/engine/shards.py), whose files go
# under VSS_MATCHING_WORK_DIR: a directory every worker reaches. 0: never split.
VSS_MATCHING_SHARD_RECORDS = int(os.environ.get("VSS_MATCHING_SHARD_RECORDS", "3000000"))
VSS_MATCHING_WORK_DIR = os.environ.get("VSS_MATCHING_WORK_DIR", str(BASE_DIR / "var" / "matching"))

# Notifications go out by email as well (through the task queue, after the change that
# caused them is committed).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "vss@localhost")
VSS_BASE_URL = os.environ.get("VSS_BASE_URL", "http://127.0.0.1:8000")
# The rounds of PBKDF2 for a receipt's secret code (vss.portal.services.receipts): some
# 30 ms of one core per status check, where a staff password takes Django's 1,000,000.
VSS_RECEIPT_CODE_ITERATIONS = int(os.environ.get("VSS_RECEIPT_CODE_ITERATIONS", "100000"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password guessing: the lockout backend comes first, so that no way of signing in (the
# sign-in page today, an API later) reaches the password check once a username or an
# address has failed too often. The Chief unlocks an account before the cool-off ends.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("VSS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("VSS_LOGIN_COOLOFF_MINUTES", "30")))
# Each counted on its own: a guesser trying one account from many places, or many
# accounts from one place, is stopped either way.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "vss.accounts.views.locked_out"
# The address is the one the deployment vouches for (see VSS_BEHIND_PROXY below). axes's
# AXES_IPWARE_* settings would only apply with django-ipware installed, which VSS is not.
AXES_CLIENT_IP_CALLABLE = "vss.core.network.client_ip"
# Sign-ins are already in VSS's audit log; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# The API's door: refused tokens from one address in a minute before it answers that
# address 429 until the minute is out (vss.api.throttling). A token holder's mistakes
# lock no account and no address out of the pages, as the lockout above would.
VSS_API_REFUSALS_PER_MINUTE = int(os.environ.get("VSS_API_REFUSALS_PER_MINUTE", "30"))

# Two-step sign-in (a code from an authenticator app, or a single-use recovery code) is
# required of every role that sees protected identities or health notes
# (vss.policy.requires_second_factor) and open to every other. Only a developer's machine
# may relax it (vss/settings/dev.py); production refuses to start without it.
VSS_SECOND_FACTOR_REQUIRED = env_bool("VSS_SECOND_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "VSS"
# django-otp's throttle: after each wrong code the next try waits twice as long (1 s, 2 s,
# 4 s...), per device, until a right code. Written out so that no one takes it for off.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Django's validators, with their messages in VSS's catalogues (vss/accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "vss.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "vss.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "vss.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "vss.accounts.passwords.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("km", _("Khmer")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "vss" / "locale"]
FORMAT_MODULE_PATH = ["vss.formats"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Filled by `make build` (collectstatic: every file under a name holding its hash, with
# its gzip and Brotli copies) and served by WhiteNoise from the application itself.
STATIC_ROOT = Path(os.environ.get("VSS_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Supporting documents are never served as static files: only the download
        # view, which checks access and writes the audit entry, reads them.
        "OPTIONS": {"location": os.environ.get("VSS_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Supporting documents: what a VIF may carry, judged by the bytes, not the name.
VSS_UPLOAD_MAX_BYTES = int(os.environ.get("VSS_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# An image is decoded to be drawn again: one with more pixels than this (a 600 dpi A3
# scan has 70 million) is refused before it is decoded, so a small file cannot claim
# gigabytes of memory.
VSS_UPLOAD_MAX_PIXELS = int(os.environ.get("VSS_UPLOAD_MAX_PIXELS", str(80_000_000)))
# Exports of lists: a CSV of up to this many rows is sent as it is read; a longer one,
# and every XLSX (a workbook can be sent only once it is whole), is written in the
# background and downloaded from its page. The files are deleted after this many hours.
VSS_EXPORT_STREAM_ROWS = int(os.environ.get("VSS_EXPORT_STREAM_ROWS", "20000"))
VSS_EXPORT_KEEP_HOURS = int(os.environ.get("VSS_EXPORT_KEEP_HOURS", "24"))
# Backups (manage.py backup) are encrypted to these age public keys (age1…, or files of
# them, comma-separated): the server holds no key that reads them; the operator keeps
# the private key elsewhere (docs/deployment.md).
VSS_BACKUP_RECIPIENTS = [
    value.strip()
    for value in os.environ.get("VSS_BACKUP_RECIPIENTS", "").split(",")
    if value.strip()
]
# How long the public page of figures keeps its counts before counting again: at the
# registry's scale a count of every application takes seconds, and a journalist's link
# shared widely would otherwise run it once per reader. Kept in each process's cache.
VSS_PUBLIC_FIGURES_SECONDS = int(os.environ.get("VSS_PUBLIC_FIGURES_SECONDS", "600"))
# How old the Section's figures (vss.tallies) may be when read: an older count is counted
# again by the worker, while the page shows the last one and says as of when.
VSS_FIGURES_MAX_AGE_SECONDS = int(os.environ.get("VSS_FIGURES_MAX_AGE_SECONDS", "600"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Scans of identity papers and the database are for the service's user alone.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# How an applicant reaches the Section, printed on the acknowledgement of receipt; a line
# left empty is left out.
VSS_SECTION_ADDRESS = os.environ.get("VSS_SECTION_ADDRESS", "")
VSS_SECTION_PHONE = os.environ.get("VSS_SECTION_PHONE", "")
VSS_SECTION_EMAIL = os.environ.get("VSS_SECTION_EMAIL", "")

# Outreach's messages. SMS leave through this gateway (a dotted path to a class with
# `send` and `taken`, vss.outreach.gateways); the logging gateway writes them to a file
# and sends nothing. Email leaves through EMAIL_BACKEND (above): SMTP, or a provider's
# back end from django-anymail.
VSS_SMS_GATEWAY = os.environ.get("VSS_SMS_GATEWAY", "vss.outreach.gateways.LoggingSmsGateway")
VSS_SMS_LOG = os.environ.get("VSS_SMS_LOG", str(BASE_DIR / "var" / "sms.log"))
# Messages handed to the gateway in one go; their statuses are written together after.
VSS_SEND_BATCH = int(os.environ.get("VSS_SEND_BATCH", "500"))
# The HTTP gateway (vss.outreach.gateways.HttpSmsGateway): the provider's address and token.
VSS_SMS_HTTP_URL = os.environ.get("VSS_SMS_HTTP_URL", "")
VSS_SMS_HTTP_TOKEN = os.environ.get("VSS_SMS_HTTP_TOKEN", "")
# The gateway's delivery reports are POSTed to /outreach/webhooks/sms/ with this secret as
# a bearer token; left empty, every report is refused.
VSS_SMS_REPORT_SECRET = os.environ.get("VSS_SMS_REPORT_SECRET", "")
# The email provider's delivery events (bounces, deliveries) arrive at
# /outreach/webhooks/email/ through this django-anymail tracking view, which checks the
# basic-auth secret ANYMAIL_WEBHOOK_SECRET ("user:password").
VSS_EMAIL_TRACKING_WEBHOOK = os.environ.get(
    "VSS_EMAIL_TRACKING_WEBHOOK", "anymail.webhooks.postmark.PostmarkTrackingWebhookView"
)
ANYMAIL = {
    "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
    "POSTMARK_SERVER_TOKEN": os.environ.get("POSTMARK_SERVER_TOKEN", ""),
}

# Rule 23bis: applications are due within this many days of the notice that the
# investigation has ended.
VSS_APPLICATION_DEADLINE_DAYS = 15

SESSION_COOKIE_HTTPONLY = True
# A session left idle this long ends: vss.accounts.sessions.IdleSessionMiddleware saves
# it again as it is used, which moves its expiry forward, so only inactivity lets it run out.
VSS_SESSION_IDLE_MINUTES = int(os.environ.get("VSS_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = VSS_SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: the browser runs and styles only what VSS serves from its own
# static files - no inline script, style attribute or eval - so text that slipped
# through escaping (a name typed into a form, a file's name) cannot run. HTMX is told not
# to add its own <style> (the <meta name="htmx-config"> of base.html); its indicator
# rules are in app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# X-Forwarded-Proto and X-Forwarded-For are believed only behind a proxy that sets them:
# without one, any client could send them, to pass a plain-HTTP request off as HTTPS or
# to dodge the per-address sign-in lockout with a new address at each try. The client's
# address is read by vss.core.network.client_ip (for the lockout and the audit log);
# VSS_PROXY_COUNT is the number of proxies that each append to X-Forwarded-For.
VSS_BEHIND_PROXY = env_bool("VSS_BEHIND_PROXY", False)
VSS_PROXY_COUNT = int(os.environ.get("VSS_PROXY_COUNT", "1"))
if VSS_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes notes every attempt at INFO; its warnings (failures, lockouts) are enough.
    "loggers": {"axes": {"level": "WARNING"}, "pikepdf": {"level": "WARNING"}},
}
