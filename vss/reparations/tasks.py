"""Background work of the programme, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def bring_in_wishes(job_id: int) -> None:
    from .services.consultation import proposal_import_run

    proposal_import_run(job_id)
