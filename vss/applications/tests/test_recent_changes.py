"""The home page's recent changes: the newest status changes of the user's scope, of the
last RECENT_DAYS days; older ones are history, on each application's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.applications.models import Status, StatusChange
from vss.applications.queues import QUEUE_LENGTH, RECENT_DAYS, work_queue_for_user
from vss.testing.clients import signed_in
from vss.testing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _changed(days_ago: float, actor) -> StatusChange:
    application = ApplicationFactory.create(status=Status.RECEIVED)
    change = StatusChange.objects.create(
        application=application,
        from_status=Status.DRAFT,
        to_status=Status.RECEIVED,
        actor=actor,
        decided_on=timezone.localdate(),
    )
    at = timezone.now() - datetime.timedelta(days=days_ago)
    StatusChange.objects.filter(pk=change.pk).update(at=at)
    change.at = at
    return change


def test_the_newest_changes_of_the_last_days_come_first(intake):
    inside = [_changed(days, intake) for days in (RECENT_DAYS - 1, 0.5, 3)]
    _changed(RECENT_DAYS + 1, intake)
    queue = work_queue_for_user(intake)
    assert queue.recent_changes == sorted(inside, key=lambda c: c.at, reverse=True)


def test_at_most_a_queue_s_length_are_shown(intake):
    changes = [_changed(days, intake) for days in range(QUEUE_LENGTH + 3)]
    assert work_queue_for_user(intake).recent_changes == changes[:QUEUE_LENGTH]


def test_a_scope_with_no_recent_change_says_so(request, intake):
    _changed(RECENT_DAYS + 30, intake)
    page = signed_in(request, "intake").get(reverse("core:home")).content.decode()
    assert f"No change in the last {RECENT_DAYS} days." in page
