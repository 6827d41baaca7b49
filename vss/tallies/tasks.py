"""Background work, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def count_figures(counting_id: int) -> None:
    from .services import counting_run

    counting_run(counting_id=counting_id)
