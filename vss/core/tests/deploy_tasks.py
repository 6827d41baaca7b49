"""Tasks the test of several processes (test_deploy_processes.py) gives its workers:
each writes one row when it starts and one when it ends, in a table the test makes, so
that the test counts how often each ran and which worker ran it."""

import os
import time

from django.db import connection
from django_tasks import task

from vss.core import workers

TABLE = "deploy_test_runs"


def _record(key: str, phase: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key, phase, pid, resumed) VALUES (%s, %s, %s, %s)",
            [key, phase, os.getpid(), workers.resumed()],
        )


@task()
def record_run(key: str, seconds: float = 0.0) -> None:
    _record(key, "started")
    time.sleep(seconds)
    _record(key, "finished")
