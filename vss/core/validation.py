import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def not_in_future(day: datetime.date, field: str) -> None:
    """Refuses a date after today (in the court's time zone): what is recorded happened."""
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
