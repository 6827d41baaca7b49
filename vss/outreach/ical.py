"""The public calendar as an iCalendar feed (RFC 5545) a phone's calendar subscribes to:
the same items as the public page, titled in the reader's language, naming no one."""

import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import CourtDate, Event

if TYPE_CHECKING:
    from .selectors.calendar import CalendarDay


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _folded(line: str) -> Iterator[str]:
    """Lines of at most 75 octets, continued with a space, never splitting a character."""
    encoded = line.encode()
    while len(encoded) > 75:
        cut = 75
        while cut and (encoded[cut] & 0xC0) == 0x80:
            cut -= 1
        yield encoded[:cut].decode()
        encoded = b" " + encoded[cut:]
    yield encoded.decode()


def _item(
    uid: str,
    starts: datetime.datetime,
    ends: datetime.datetime | None,
    summary: str,
    place: str,
    now: str,
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{now}",
        f"DTSTART:{_stamp(starts)}",
    ]
    if ends is not None:
        lines.append(f"DTEND:{_stamp(ends)}")
    lines.append(f"SUMMARY:{_escaped(summary)}")
    if place:
        lines.append(f"LOCATION:{_escaped(place)}")
    lines.append("END:VEVENT")
    return lines


def _court_date_summary(court_date: CourtDate) -> str:
    kind = str(court_date.get_kind_display())
    title = f": {court_date.title}" if court_date.title else ""
    return f"{court_date.case.number} · {kind}{title}"


def _event_place(event: Event) -> str:
    parts = [str(event.village)] if event.village_id else []
    if event.venue:
        parts.append(event.venue)
    return " · ".join(parts)


def calendar_text(days: Iterable["CalendarDay"], *, host: str) -> str:
    now = _stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ECCC Victims Support Section//VSS//EN",
        "CALSCALE:GREGORIAN",
    ]
    for day in days:
        for court_date in day.court_dates:
            lines += _item(
                f"court-date-{court_date.pk}@{host}",
                court_date.starts_at,
                None,
                _court_date_summary(court_date),
                "",
                now,
            )
        for event in day.events:
            lines += _item(
                f"event-{event.pk}@{host}",
                event.starts_at,
                event.ends_at,
                event.title,
                _event_place(event),
                now,
            )
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _folded(line))
