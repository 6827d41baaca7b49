import datetime

import pytest
from django.utils import timezone

from vss.portal.models import Throttle
from vss.portal.services.throttling import (
    Limit,
    attempt_allowed,
    attempt_count,
    throttle_key,
    throttles_forget,
)

pytestmark = pytest.mark.django_db

STATUS = Limit(action="status", attempts=3, window=datetime.timedelta(minutes=15))
NOON = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)


def test_attempts_are_counted_per_subject_within_a_window():
    assert [attempt_count(limit=STATUS, subject="10.0.0.1", now=NOON) for _ in range(3)] == [
        1,
        2,
        3,
    ]
    assert attempt_count(limit=STATUS, subject="10.0.0.2", now=NOON) == 1


def test_the_fourth_attempt_is_refused_and_the_next_window_starts_afresh():
    allowed = [attempt_allowed(limit=STATUS, subject="ref", now=NOON) for _ in range(4)]
    assert allowed == [True, True, True, False]
    later = NOON + datetime.timedelta(minutes=15)
    assert attempt_allowed(limit=STATUS, subject="ref", now=later) is True


def test_the_same_subject_counts_apart_for_each_action():
    other = Limit(action="signup", attempts=3, window=STATUS.window)
    attempt_count(limit=STATUS, subject="ref", now=NOON)
    assert attempt_count(limit=other, subject="ref", now=NOON) == 1


def test_nothing_counted_is_stored_in_clear():
    attempt_count(limit=STATUS, subject="203.0.113.7", now=NOON)
    (row,) = Throttle.objects.all()
    assert "203.0.113.7" not in row.key
    assert row.key == throttle_key("status", "203.0.113.7")


def test_old_windows_are_forgotten():
    attempt_count(limit=STATUS, subject="a", now=NOON - datetime.timedelta(days=2))
    attempt_count(limit=STATUS, subject="a", now=NOON)
    assert throttles_forget(before=NOON - datetime.timedelta(days=1)) == 1
    assert Throttle.objects.count() == 1


def test_a_window_starts_on_its_boundary_whatever_the_time_of_the_attempt():
    attempt_count(limit=STATUS, subject="b", now=NOON + datetime.timedelta(minutes=14))
    attempt_count(limit=STATUS, subject="b", now=NOON + datetime.timedelta(minutes=1))
    (row,) = Throttle.objects.all()
    assert row.window_start == NOON
    assert row.count == 2
    assert timezone.is_aware(row.window_start)
