"""A task left running by a worker that died is queued again, and only such a task: one
whose worker still shows signs of life is left to it (vss.core.workers). The workers
themselves, killed part-way, are in test_deploy_processes.py."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from vss.core import workers
from vss.core.models import WorkerBeat

pytestmark = pytest.mark.django_db

SILENT = timedelta(seconds=120)


def _running(worker_ids: list[str], started: timedelta) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {"counting_id": 1}},
        task_path="vss.tallies.tasks.count_figures",
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - started,
        worker_ids=worker_ids,
    )


def _beat(worker_id: str, ago: timedelta, *, started: timedelta = timedelta(hours=1)) -> None:
    WorkerBeat.objects.create(
        worker_id=worker_id,
        host="worker-1",
        pid=42,
        started_at=timezone.now() - started,
        beat_at=timezone.now() - ago,
    )


def _status(result: DBTaskResult) -> str:
    result.refresh_from_db()
    return result.status


def test_a_task_whose_worker_fell_silent_is_queued_again_and_a_live_ones_is_not():
    _beat("alive", timedelta(seconds=5))
    _beat("dead", timedelta(minutes=10))
    alive = _running(["alive"], timedelta(minutes=30))
    dead = _running(["dead"], timedelta(minutes=30))
    never_beat = _running(["gone"], timedelta(minutes=30))
    taken_over = _running(["dead", "alive"], timedelta(minutes=30))

    resumed = workers.tasks_resume(silent_for=SILENT)

    assert sorted(resumed) == sorted([str(dead.pk), str(never_beat.pk)])
    assert _status(dead) == _status(never_beat) == TaskResultStatus.READY
    assert _status(alive) == _status(taken_over) == TaskResultStatus.RUNNING


def test_a_worker_started_again_under_its_old_id_does_not_keep_the_task_it_left():
    _beat("worker@host-1", timedelta(seconds=1), started=timedelta(minutes=5))
    left = _running(["worker@host-1"], timedelta(minutes=30))
    claimed_since = _running(["worker@host-1"], timedelta(minutes=4))

    assert workers.tasks_resume(silent_for=SILENT) == [str(left.pk)]
    assert _status(claimed_since) == TaskResultStatus.RUNNING


def test_a_task_claimed_a_moment_ago_is_left_to_its_worker():
    just_claimed = _running(["new"], timedelta(seconds=1))

    assert workers.tasks_resume(silent_for=SILENT) == []
    assert _status(just_claimed) == TaskResultStatus.RUNNING


def test_the_signs_of_life_of_long_gone_workers_are_dropped_unless_a_task_names_them():
    _beat("long-gone", timedelta(days=2))
    _beat("gone-with-a-task", timedelta(days=2))
    DBTaskResult.objects.filter(pk=_running(["gone-with-a-task"], timedelta(days=2)).pk).update(
        status=TaskResultStatus.RUNNING
    )
    _beat("alive", timedelta(seconds=1))

    workers.tasks_resume(silent_for=timedelta(days=3))

    assert set(WorkerBeat.objects.values_list("worker_id", flat=True)) == {
        "gone-with-a-task",
        "alive",
    }


def test_resume_jobs_says_what_it_queued_again():
    dead = _running(["dead"], timedelta(minutes=30))
    out = StringIO()

    call_command("resume_jobs", "--silent-seconds", "60", stdout=out)

    assert out.getvalue().strip() == f"1 task(s) queued again: {dead.pk}"
    out = StringIO()
    call_command("resume_jobs", stdout=out)
    assert out.getvalue().strip() == "0 task(s) queued again: -"


def test_a_task_is_resumed_only_when_a_worker_before_this_one_took_it(settings):
    assert not workers.resumed()  # outside a task

    class Result:
        backend = "default"

        def __init__(self, worker_ids: list[str]) -> None:
            self.worker_ids = worker_ids

    for worker_ids, resumed in ((["w1"], False), (["w1", "w2"], True)):
        workers.on_task_started(None, task_result=Result(worker_ids))  # type: ignore[arg-type]
        assert workers.resumed() is resumed
        workers.on_task_finished(None, task_result=Result(worker_ids))  # type: ignore[arg-type]
        assert not workers.resumed()
