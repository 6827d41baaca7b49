"""A count of the kept figures: asked for (audited, once while one waits), run by the
worker in one transaction that replaces every figure's rows, never two at once, and
when it fails, failed with the last counts kept whole."""

import pytest
from django.core.exceptions import PermissionDenied

from vss.audit.models import AuditEntry
from vss.core import workers
from vss.tallies import registry
from vss.tallies.models import Counting, CountingStatus, KeptCount
from vss.tallies.services import counting_now, counting_request, counting_run
from vss.testing.factories import ApplicationFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications():
    case = CaseFactory(number="002", title="Case 002")
    return [ApplicationFactory(case=case) for _ in range(3)]


def _every(case_id: int) -> int:
    rows = KeptCount.objects.filter(figure="applications.every", case_id=case_id)
    return sum(rows.values_list("n", flat=True))


def test_a_count_asked_for_is_audited_and_run_by_the_worker(
    chief, applications, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        counting = counting_request(user=chief)
    counting.refresh_from_db()
    assert counting.status == CountingStatus.DONE
    assert counting.started_at <= counting.finished_at
    assert counting.rows == KeptCount.objects.count() > 0
    assert _every(applications[0].case_id) == 3
    entry = AuditEntry.objects.get(object_type="tallies.counting", object_id=str(counting.pk))
    assert entry.actor == chief
    assert entry.changes["status"]["new"] == CountingStatus.QUEUED


def test_asking_while_a_count_waits_joins_it(chief, outreach):
    first = counting_request(user=chief)
    assert counting_request(user=outreach) == first
    assert Counting.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="tallies.counting").count() == 1


def test_only_readers_of_statistics_ask_for_a_count(lawyer):
    with pytest.raises(PermissionDenied):
        counting_request(user=lawyer)
    assert not Counting.objects.exists()


def test_a_count_replaces_the_rows_of_the_last(applications):
    counting_now(user=None)
    ApplicationFactory(case=applications[0].case)
    assert _every(applications[0].case_id) == 3
    counting_now(user=None)
    assert _every(applications[0].case_id) == 4


def test_a_count_waits_while_another_runs_and_one_taken_is_not_run_again(applications):
    running = Counting.objects.create(status=CountingStatus.RUNNING)
    queued = counting_request(user=None)
    counting_run(counting_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == CountingStatus.QUEUED
    assert not KeptCount.objects.exists()
    Counting.objects.filter(pk=running.pk).update(status=CountingStatus.FAILED)
    counting_run(counting_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == CountingStatus.DONE
    finished = queued.finished_at
    counting_run(counting_id=queued.pk)
    queued.refresh_from_db()
    assert queued.finished_at == finished


def test_a_count_that_fails_keeps_the_last_counts_whole(applications, monkeypatch):
    counting_now(user=None)
    kept = sorted(
        KeptCount.objects.values_list("figure", "case_id", "status", "month", "value", "n")
    )

    def broken():
        raise RuntimeError("the figure's query is wrong")

    figures = [*registry.kept_figures(), registry.KeptFigure("zz.broken", broken)]
    monkeypatch.setattr("vss.tallies.services.kept_figures", lambda: figures)
    counting = counting_request(user=None)
    with pytest.raises(RuntimeError):
        counting_run(counting_id=counting.pk)
    counting.refresh_from_db()
    assert counting.status == CountingStatus.FAILED
    assert counting.detail == "RuntimeError: the figure's query is wrong"
    after = sorted(
        KeptCount.objects.values_list("figure", "case_id", "status", "month", "value", "n")
    )
    assert after == kept


def test_a_figure_is_registered_once():
    figure = registry.kept_figures()[0]
    registry.register_kept_figure(figure.name, figure.rows, tuples=figure.tuples)
    with pytest.raises(ValueError):
        registry.register_kept_figure(figure.name, tuples=lambda: [])
    with pytest.raises(ValueError):
        registry.register_kept_figure("zz.nothing")


def test_a_count_left_running_by_a_worker_that_died_is_counted_when_taken_up(
    applications, monkeypatch
):
    counting = counting_request(user=None)
    Counting.objects.filter(pk=counting.pk).update(status=CountingStatus.RUNNING)
    counting_run(counting_id=counting.pk)
    assert not KeptCount.objects.exists()  # a second task beside a live worker leaves it be

    monkeypatch.setattr(workers, "resumed", lambda: True)
    counting_run(counting_id=counting.pk)

    counting.refresh_from_db()
    assert counting.status == CountingStatus.DONE
    assert _every(applications[0].case_id) == len(applications)
