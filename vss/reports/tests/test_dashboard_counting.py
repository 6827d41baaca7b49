"""The figures page says as of when its figures were counted, asks for a count when they
are older than they may be (or were never counted), shows a count under way with its
progress while the page polls it, offers the new figures once counted, and lets a reader
ask for a count now, coming back to the same filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditEntry
from vss.tallies.models import Counting, CountingStatus
from vss.tallies.services import counting_now

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
PROGRESS = reverse("reports:dashboard_counting")


def test_a_first_reading_asks_for_a_count_and_says_none_is_there_yet(client, chief):
    client.force_login(chief)
    page = client.get(URL).content.decode()
    assert "The figures have not been counted yet." in page
    assert "being counted again in the background" in page
    assert "Waiting for the background worker" in page
    # The page polls the count's progress while one is on its way.
    assert f'hx-get="{PROGRESS}?shown=' in page
    counting = Counting.objects.get()
    assert counting.status == CountingStatus.QUEUED
    assert counting.requested_by == chief
    entry = AuditEntry.objects.get(object_type="tallies.counting")
    assert entry.object_label == "count of the figures, out of date when read"
    # Reading again joins the count on its way.
    client.get(URL)
    assert Counting.objects.count() == 1


def test_fresh_figures_are_read_as_of_their_count_and_old_ones_counted_again(
    client, chief, settings
):
    settings.VSS_FIGURES_MAX_AGE_SECONDS = 600
    counting = counting_now(user=None)
    client.force_login(chief)
    page = client.get(URL).content.decode()
    assert "Figures as of" in page
    assert "Count again now" in page
    assert "hx-get" not in page
    assert Counting.objects.count() == 1
    Counting.objects.filter(pk=counting.pk).update(
        finished_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    page = client.get(URL).content.decode()
    assert "Figures as of" in page
    assert "being counted again in the background" in page
    assert Counting.objects.filter(status=CountingStatus.QUEUED).count() == 1


def test_a_count_running_shows_how_far_it_is(client, chief):
    counting_now(user=None)
    last = Counting.objects.get()
    took = last.finished_at - last.started_at
    Counting.objects.create(status=CountingStatus.RUNNING, started_at=timezone.now() - took / 2)
    client.force_login(chief)
    fragment = client.get(PROGRESS, {"shown": last.finished_at.isoformat()}).content.decode()
    assert '<progress max="100" value="' in fragment
    assert "The last count took" in fragment
    assert "Show the new figures" not in fragment


def test_the_progress_offers_the_new_figures_with_the_page_filters(client, chief, world_case):
    counting_now(user=None)
    client.force_login(chief)
    fragment = client.get(
        PROGRESS, {"shown": "", "case": world_case.pk, "received_from": "2024-01"}
    ).content.decode()
    assert "Show the new figures" in fragment
    assert f'href="{URL}?case={world_case.pk}&amp;received_from=2024-01"' in fragment
    assert "hx-get" not in fragment


def test_a_reader_asks_for_a_count_now_and_comes_back_to_the_same_filters(
    client, chief, world_case, django_capture_on_commit_callbacks
):
    counting_now(user=None)
    client.force_login(chief)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:dashboard_count") + f"?case={world_case.pk}&received_to=2024-12"
        )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?case={world_case.pk}&received_to=2024-12"
    # The worker took it (the tests' queue runs a task at once).
    asked = Counting.objects.filter(requested_by=chief).get()
    assert asked.status == CountingStatus.DONE
    assert AuditEntry.objects.filter(
        object_type="tallies.counting", object_label="count of the figures, asked for", actor=chief
    ).exists()


@pytest.fixture
def world_case():
    from vss.testing.factories import CaseFactory

    return CaseFactory(number="002", title="Case 002")
