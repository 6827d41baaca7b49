"""Background work of outreach, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def send_messages(job_id: int) -> None:
    from .services.newsletters import newsletter_mark_sent
    from .services.sending import messages_send

    messages_send(job_id)
    newsletter_mark_sent(job_id=job_id)


@task()
def make_draw(draw_id: int) -> None:
    from .services.choosing import draw_run

    draw_run(draw_id)


@task()
def count_newsletter_reach(newsletter_id: int) -> None:
    from .services.newsletters import newsletter_reach_count

    newsletter_reach_count(newsletter_id=newsletter_id)
