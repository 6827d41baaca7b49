"""Production: everything comes from the environment; refuse to start without a key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, VSS_SECOND_FACTOR_REQUIRED

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50 characters or more.")
if not VSS_SECOND_FACTOR_REQUIRED:
    raise ImproperlyConfigured(
        "VSS_SECOND_FACTOR_REQUIRED is off: production always asks a second factor of the "
        "roles that see protected identities or health notes."
    )
