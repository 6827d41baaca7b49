"""Limits on what the public may try: each attempt is counted under a key (the action and
who or what it concerns) in a window of time, in the database that every process shares.
The key is a keyed digest, so the table holds no IP address or reference in clear and
cannot be read back by trying every address."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ..models import Throttle


@dataclass(frozen=True)
class Limit:
    """At most `attempts` of one action per subject within `window`."""

    action: str
    attempts: int
    window: datetime.timedelta


def throttle_key(action: str, subject: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{action}\0{subject}".encode(), hashlib.sha256).hexdigest()


def _window_start(now: datetime.datetime, window: datetime.timedelta) -> datetime.datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


# One statement, atomic in both databases: two processes counting the same key at once
# both add to it, neither overwrites the other.
_COUNT_SQL = (
    f"INSERT INTO {Throttle._meta.db_table} (key, window_start, count) VALUES (%s, %s, 1) "
    f"ON CONFLICT (key, window_start) DO UPDATE SET count = {Throttle._meta.db_table}.count + 1 "
    "RETURNING count"
)


def attempt_count(*, limit: Limit, subject: str, now: datetime.datetime | None = None) -> int:
    """Counts one attempt; answers how many the subject has made in this window,
    this one included."""
    start = _window_start(now or timezone.now(), limit.window)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL, [throttle_key(limit.action, subject), start])
        (count,) = cursor.fetchone()
    return int(count)


def attempt_allowed(*, limit: Limit, subject: str, now: datetime.datetime | None = None) -> bool:
    """Counts one attempt and says whether it is within the limit."""
    return attempt_count(limit=limit, subject=subject, now=now) <= limit.attempts


def throttles_forget(*, before: datetime.datetime) -> int:
    """Drops the counts of windows that began before the given time (they limit nothing
    any more); answers how many."""
    deleted, _ = Throttle.objects.filter(window_start__lt=before).delete()
    return deleted
