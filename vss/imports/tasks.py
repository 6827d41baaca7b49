"""Background work, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def check_batch(batch_id: int) -> None:
    from .jobs import check_now

    check_now(batch_id)


@task()
def import_batch(batch_id: int) -> None:
    from .jobs import import_now

    import_now(batch_id)
