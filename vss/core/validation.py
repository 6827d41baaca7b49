import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Bounds that any column of the database can hold: a number beyond them would make the
# database refuse the query rather than find nothing.
LARGEST_ID = 2**63 - 1


def not_in_future(day: datetime.date, field: str) -> None:
    """Refuses a date after today (in the court's time zone): what is recorded happened."""
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def whole_number(text: str | None, *, minimum: int = 0, maximum: int = LARGEST_ID) -> int | None:
    """The number written in `text` in ASCII digits, or None when it is not one or lies
    outside [minimum, maximum]. str.isdigit() accepts superscripts ('²') and other
    scripts' digits that int() refuses or reads unexpectedly, so only 0-9 count here."""
    text = (text or "").strip()
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def record_id(text: str | None) -> int | None:
    """A record's id as a query parameter or form value gives it, or None."""
    return whole_number(text, minimum=1)


def ticked_ids(data: Any, name: str) -> list[int | None]:
    """The record ids of the boxes ticked under `name` on a list (None for a value that
    is not one)."""
    values = data.getlist(name) if hasattr(data, "getlist") else []
    return [record_id(value) for value in values]


def year(text: str | None, *, earliest: int = 1000, latest: int = 9999) -> int | None:
    """A year of four ASCII digits within [earliest, latest], or None."""
    return whole_number(text, minimum=earliest, maximum=latest)
