"""Background work, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task

from .writing import write_export_now


@task()
def write_export(job_id: int) -> None:
    write_export_now(job_id)
