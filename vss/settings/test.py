"""Tests: the database comes from DATABASE_URL (SQLite file by default, PostgreSQL in CI)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-" + "t" * 50
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VSS_RECEIPT_CODE_ITERATIONS = 1000
# Each test counts its own data; the test of the cache turns it on.
VSS_PUBLIC_FIGURES_SECONDS = 0
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="vss-test-media-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="vss-test-static-"))
WHITENOISE_USE_FINDERS = True
# Jobs run at once, inside the test that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test run writes its SMS to a file of its own.
VSS_SMS_LOG = str(Path(tempfile.mkdtemp(prefix="vss-test-sms-")) / "sms.log")
