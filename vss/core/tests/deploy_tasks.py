"""Tasks the test of several processes (test_deploy_processes.py) gives its workers:
each writes one row when it starts and one when it ends, in a table the test makes, so
that the test counts how often each ran and which worker ran it (the worker's id, as the
task backend gives it: the database's and RQ's alike)."""

import os
import time

from django.db import connection
from django_tasks import TaskContext, task

from vss.core import workers

TABLE = "deploy_test_runs"


def _record(key: str, phase: str, worker: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key, phase, worker, pid, resumed) VALUES (%s, %s, %s, %s, %s)",
            [key, phase, worker, os.getpid(), workers.resumed()],
        )


@task(takes_context=True)
def record_run(context: TaskContext, key: str, seconds: float = 0.0) -> None:
    worker = context.task_result.worker_ids[-1]
    _record(key, "started", worker)
    time.sleep(seconds)
    _record(key, "finished", worker)
