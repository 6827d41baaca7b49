"""Local use on one machine: `make run` serves plain HTTP on 127.0.0.1 with SQLite."""

import os

from .base import *  # noqa: F403
from .base import env_bool

# Off unless asked for (DEBUG=1): the run shows the pages a user meets (the project's 403,
# 404 and 500 pages, in the user's language), not Django's debug pages. Static files are
# served by WhiteNoise from the apps' folders either way.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-key-not-for-production-" + "x" * 32
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
# An edited stylesheet is served at once, as on a developer's machine it should be.
WHITENOISE_AUTOREFRESH = True
# Emails are written to the console that `make run` shows, not sent.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# `make run` lets every demo account in with its password alone; each may still enrol a
# second factor, and VSS_SECOND_FACTOR_REQUIRED=1 makes the run ask for it as production does.
VSS_SECOND_FACTOR_REQUIRED = env_bool("VSS_SECOND_FACTOR_REQUIRED", False)
# The acknowledgement of receipt says how to reach the Section: made-up details that say
# they are, so that a demo receipt shows where they go and is never taken for real.
VSS_SECTION_ADDRESS = (
    os.environ.get("VSS_SECTION_ADDRESS") or "DEMO ADDRESS (not real): 1 Example Street, Phnom Penh"
)
VSS_SECTION_PHONE = os.environ.get("VSS_SECTION_PHONE") or "+855 00 000 000 (DEMO)"
VSS_SECTION_EMAIL = os.environ.get("VSS_SECTION_EMAIL") or "vss-demo@example.org"
