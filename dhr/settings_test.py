"""Settings for the test suite: the production settings with what a test run needs changed.

Used by pytest (pyproject.toml) and by ``make lint``. DATABASE_URL and CELERY_BROKER_URL still come
from the environment when given (CI points them at the machine's PostgreSQL and Redis); without
them the embedded PostgreSQL and the filesystem broker are used, as in the quick start.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment")
os.environ["DEBUG"] = "false"
# Each test run gets its own broker folder, so a quick start running beside it is not disturbed.
os.environ.setdefault("DHR_TEST_BROKER_DIR", tempfile.mkdtemp(prefix="dhr-test-broker-"))

from dhr.settings import *  # noqa: F403
from dhr.settings import CELERY_BROKER_URL, VAR_DIR
from dhr.settings import STORAGES as _PRODUCTION_STORAGES

# The test client and the live server speak plain http.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# A worker a test starts runs no reminder pass of its own (the test of that turns it on).
DHR_REMINDERS_ON_WORKER_START = os.environ.get("DHR_REMINDERS_ON_WORKER_START") == "1"

# No second factor unless a test asks for it (tests/security_signin): other tests sign in as before.
REQUIRE_TWO_FACTOR = False

# The dashboard is worked out on every request unless a test asks for its snapshots; the cache is
# each test process's memory (a test that keeps something there clears it).
DHR_DASHBOARD_FRESH_MINUTES = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Fast hashing: password strength is not what the tests measure.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No manifest needed: tests and the live server read static files through the finders.
# The default storage as the environment says (DHR_S3_BUCKET: the object store a test started).
STORAGES = {
    "default": _PRODUCTION_STORAGES["default"],
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A process a test starts (a worker, a web server, the backup probe) may be given its own folder.
MEDIA_ROOT = os.environ.get("DHR_TEST_MEDIA_ROOT") or VAR_DIR / "test-media"
# The outbox (dhr.mail) stays the backend; its transport is Django's in-memory one, unless a test
# names another for the worker it starts (EMAIL_BACKEND in that worker's environment).
DHR_EMAIL_TRANSPORT = (
    os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.locmem.EmailBackend"
)

if CELERY_BROKER_URL == "filesystem://":
    _queue = os.path.join(os.environ["DHR_TEST_BROKER_DIR"], "queue")
    os.makedirs(_queue, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue,
        "data_folder_out": _queue,
        "control_folder": os.path.join(os.environ["DHR_TEST_BROKER_DIR"], "control"),
        "store_processed": False,
    }

# A Celery worker that a test starts in a subprocess must use that test's database
# (pytest-django's test_* database, one per xdist process), not the development one.
if os.environ.get("DHR_TEST_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["DHR_TEST_DATABASE_NAME"]  # noqa: F405

# Several test runs side by side (developers' helpers) each name their own test database.
if os.environ.get("DHR_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DHR_TEST_DB_NAME"]}  # noqa: F405

# A Celery worker that a test starts in a subprocess cannot share the test's in-memory outbox:
# such a test names a folder, and the worker writes each e-mail there (Django's file backend).
if os.environ.get("DHR_TEST_EMAIL_FILE_PATH"):
    DHR_EMAIL_TRANSPORT = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["DHR_TEST_EMAIL_FILE_PATH"]

# A worker started by a test listens on a queue of its own (tests/celery_worker.py): the tasks it
# queues itself, such as the outbox's sends, go there too.
if os.environ.get("DHR_TEST_WORKER_QUEUE"):
    CELERY_TASK_DEFAULT_QUEUE = os.environ["DHR_TEST_WORKER_QUEUE"]
    DHR_MAIL_QUEUE = os.environ["DHR_TEST_WORKER_QUEUE"]
