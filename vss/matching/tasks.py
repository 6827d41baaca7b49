"""Background work, run by the django-tasks worker (`manage.py db_worker`): the database
is the queue, so a single machine needs no other server."""

from django_tasks import task

from .batch import run_matching_now


@task()
def run_matching(run_id: int) -> None:
    run_matching_now(run_id)
