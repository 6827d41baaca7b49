"""Background workers on one machine or several: each worker shows it is alive, and a
task left running by a worker that died part-way (killed, out of memory, its machine
restarted) is handed to another.

django-tasks-db marks a task running when a worker claims it and says nothing more until
the task ends, so a worker that dies leaves its task running for ever. Each worker
therefore writes a sign of life (`WorkerBeat`) from a thread of its own every
`VSS_WORKER_BEAT_SECONDS`, whatever its task is doing; `tasks_resume` (`manage.py
resume_jobs`, at start and from cron) puts back in the queue each running task whose
worker has been silent for `VSS_WORKER_SILENT_SECONDS`, and the next free worker runs it
again from its start. Every VSS job is written to be run again so: it takes up a job its
first run left half-done (`resumed()` tells it the job's record was left by a dead worker,
not by one still running it) and never does twice what was done and recorded.

Nothing here runs in the web server: the signals fire in the worker process alone."""

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django_tasks import TaskResult, task_backends
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

logger = logging.getLogger(__name__)

# The task the worker runs now; the worker runs one at a time, in its main thread.
_running = threading.local()
_beating: set[str] = set()
_beating_lock = threading.Lock()
# A worker silent this long with no task running any more is forgotten.
FORGET_AFTER = timedelta(days=1)
# This process's start (the apps load before a worker claims anything): a worker started
# again under the id it had before is not taken for the one that claimed a task before.
PROCESS_STARTED = timezone.now()


def resumed() -> bool:
    """Whether the task this worker runs now was taken up after the worker that began it
    died: its job's record may say it is running, left so by that worker, and the job
    takes it over rather than leaving it to a worker that no longer exists."""
    task_result = getattr(_running, "task_result", None)
    return task_result is not None and len(task_result.worker_ids) > 1


def _beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": PROCESS_STARTED,
            "beat_at": timezone.now(),
        },
    )


def _keep_beating(worker_id: str) -> None:
    while True:
        time.sleep(settings.VSS_WORKER_BEAT_SECONDS)
        try:
            _beat(worker_id)
        except DatabaseError:
            # A database away for a moment: the next beat tries again. Silent long
            # enough, the worker's task is taken up by another, which it is safe to do.
            logger.warning("worker %s could not record its sign of life", worker_id)
        finally:
            # The thread's own connection, not the task's: held open it would count
            # against the database's connections for nothing between beats.
            connections.close_all()


def on_task_started(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    _running.task_result = task_result
    # RQ's workers keep their own heartbeat in Redis; the database's need this one.
    if not task_result.worker_ids or not isinstance(
        task_backends[task_result.backend], DatabaseBackend
    ):
        return
    worker_id = task_result.worker_ids[-1]
    try:
        # At once, so that a task claimed a moment ago is never taken for abandoned.
        _beat(worker_id)
    except DatabaseError:
        logger.warning("worker %s could not record its sign of life", worker_id)
    with _beating_lock:
        if worker_id not in _beating:
            _beating.add(worker_id)
            threading.Thread(
                target=_keep_beating,
                args=(worker_id,),
                name=f"vss-worker-beat-{worker_id}",
                daemon=True,
            ).start()


def on_task_finished(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    _running.task_result = None


def connect_signals() -> None:
    task_started.connect(on_task_started, dispatch_uid="vss.core.workers.started")
    task_finished.connect(on_task_finished, dispatch_uid="vss.core.workers.finished")


def tasks_resume(*, silent_for: timedelta | None = None) -> list[str]:
    """Puts back in the queue each task whose worker died while running it; answers their
    ids. On the database, a worker silent for `silent_for` (by default
    `VSS_WORKER_SILENT_SECONDS`) is taken for dead; on RQ, RQ's own heartbeats decide."""
    if settings.VSS_TASKS_BACKEND == "rq":
        return _rq_tasks_resume()
    return _database_tasks_resume(silent_for=silent_for)


@transaction.atomic
def _database_tasks_resume(*, silent_for: timedelta | None) -> list[str]:
    """Safe at any time and from any machine: a task whose worker is alive is left to it,
    and two checks at once put a task back once (the rows are locked on PostgreSQL)."""
    if silent_for is None:
        silent_for = timedelta(seconds=settings.VSS_WORKER_SILENT_SECONDS)
    now = timezone.now()
    cutoff = now - silent_for
    alive = dict(
        WorkerBeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", "started_at")
    )
    running = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=cutoff)
        .select_for_update(skip_locked=True)
        .only("id", "worker_ids", "started_at")
        .order_by("started_at")
    )
    abandoned = [
        result.pk
        for result in running
        if not result.worker_ids
        # Silent, or alive again under the same id but started since it claimed the task.
        or alive.get(result.worker_ids[-1], now) > result.started_at
    ]
    DBTaskResult.objects.filter(pk__in=abandoned, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY
    )
    still_running = {
        worker
        for worker_ids in DBTaskResult.objects.running().values_list("worker_ids", flat=True)
        for worker in worker_ids[-1:]
    }
    # Signs of life are no record of anyone's: those of long-gone workers are dropped.
    WorkerBeat.objects.filter(beat_at__lt=now - FORGET_AFTER).exclude(
        worker_id__in=still_running
    ).delete()
    return [str(pk) for pk in abandoned]


def _rq_tasks_resume() -> list[str]:
    """RQ finds a job abandoned once its worker's heartbeat has lapsed (a minute and a half
    after the worker died) and files it among the failed; such jobs, and those alone, are
    queued again. A job that failed by raising an error stays failed."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    resumed = []
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name, job_class=Job)
        StartedJobRegistry(queue=queue, job_class=Job).cleanup()
        failed = FailedJobRegistry(queue=queue, job_class=Job)
        for job_id in failed.get_job_ids():
            job = queue.fetch_job(job_id)
            latest = job.latest_result() if job is not None else None
            if latest is not None and "AbandonedJobError" in (latest.exc_string or ""):
                failed.requeue(job_id)
                resumed.append(job_id)
    return resumed
