"""Background work, run by the django-tasks worker (`manage.py db_worker`): the database
is the queue, so a single machine needs no other server. A registry too big for one
worker's memory is matched in steps (engine/shards.py), each a task of its own, so that
every worker takes a share."""

from pathlib import Path

from django_tasks import task

from .batch import StepQueue, run_matching_now, run_step_now


def _queue(run_id: int | None) -> StepQueue:
    def put(directory: str, stage: str, number: int) -> None:
        match_step.enqueue(run_id=run_id, directory=directory, stage=stage, number=number)

    return put


@task()
def run_matching(run_id: int) -> None:
    run_matching_now(run_id, queue=_queue(run_id))


@task()
def match_step(run_id: int | None, directory: str, stage: str, number: int) -> None:
    run_step_now(run_id, Path(directory), stage, number, queue=_queue(run_id))
