"""Production: everything comes from the environment; refuse to start without what no
deployment may go without."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    SECRET_KEY,
    VSS_SECOND_FACTOR_REQUIRED,
    VSS_SECTION_ADDRESS,
    VSS_SECTION_PHONE,
)

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50 characters or more.")
if not VSS_SECOND_FACTOR_REQUIRED:
    raise ImproperlyConfigured(
        "VSS_SECOND_FACTOR_REQUIRED is off: production always asks a second factor of the "
        "roles that see protected identities or health notes."
    )
# Refused at start rather than warned of by a system check: checks run with manage.py,
# not under the application server, and a receipt already handed to an applicant with
# no way to reach the Section cannot be taken back. Most applicants live far from the
# court and many do not read: a phone number and a place to go are what they use; an
# email address is optional.
_missing = [
    name
    for name, value in (
        ("VSS_SECTION_ADDRESS", VSS_SECTION_ADDRESS),
        ("VSS_SECTION_PHONE", VSS_SECTION_PHONE),
    )
    if not value.strip()
]
if _missing:
    raise ImproperlyConfigured(
        f"{' and '.join(_missing)} must be set: the acknowledgement of receipt tells the "
        "applicant how to reach the Section."
    )
