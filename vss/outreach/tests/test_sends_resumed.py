"""Sends taken up again without anyone typing a command: the worker records its progress
on each send, and the check `make run` keeps running beside it queues again only the
sends no worker has been heard from for a while, never one whose task still waits for a
worker, and sends no one a message twice."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vss.outreach.gateways import LoggingSmsGateway
from vss.outreach.management.commands import resume_sends
from vss.outreach.models import Message, MessageKind, MessageStatus, SendJob, SendStatus
from vss.outreach.services import sending
from vss.outreach.tasks import send_messages
from vss.people.models import Person
from vss.testing.factories import ContactPreferenceFactory

pytestmark = pytest.mark.django_db

QUARTER_HOUR = timedelta(minutes=15)


def _job(outreach, key: str, people: int = 2) -> SendJob:
    persons = [ContactPreferenceFactory.create().person for _ in range(people)]
    job = sending.job_start(label="News", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[p.pk for p in persons]),
        content=lambda language, channel: sending.Content(subject="", body="The verdict"),
        key=key,
        news=True,
    )
    return job


def _left_running(job: SendJob, heard: timedelta) -> None:
    """The worker marked the send running, handed its first message over and was killed,
    `heard` ago."""
    last = timezone.now() - heard
    SendJob.objects.filter(pk=job.pk).update(
        status=SendStatus.RUNNING, started_at=last, progress_at=last
    )
    first = Message.objects.filter(job=job).earliest("pk")
    Message.objects.filter(pk=first.pk).update(status=MessageStatus.SENDING)
    LoggingSmsGateway().send(to=first.address, text=first.body, key=first.idempotency_key)


def _each_sent_once(job: SendJob) -> None:
    keys = [entry["key"] for entry in LoggingSmsGateway().entries()]
    mine = set(Message.objects.filter(job=job).values_list("idempotency_key", flat=True))
    assert sorted(k for k in keys if k in mine) == sorted(mine)
    assert set(Message.objects.filter(job=job).values_list("status", flat=True)) == {
        MessageStatus.SENT
    }


def test_the_worker_records_its_progress_on_a_send(outreach):
    job = _job(outreach, "progress")
    before = timezone.now()
    sending.messages_send(job.pk)
    job.refresh_from_db()
    assert job.status == SendStatus.DONE
    assert job.progress_at is not None and job.progress_at >= before


def test_the_check_leaves_a_send_its_worker_is_still_heard_on(
    outreach, django_capture_on_commit_callbacks
):
    silent = _job(outreach, "silent")
    heard = _job(outreach, "heard")
    just_asked = _job(outreach, "just-asked")
    _left_running(silent, heard=QUARTER_HOUR + timedelta(minutes=1))
    _left_running(heard, heard=timedelta(minutes=2))

    with django_capture_on_commit_callbacks(execute=True):
        resumed = sending.sends_resume(silent_for=QUARTER_HOUR)

    assert resumed == [silent.pk]
    _each_sent_once(silent)
    assert SendJob.objects.get(pk=heard.pk).status == SendStatus.RUNNING
    assert SendJob.objects.get(pk=just_asked.pk).status == SendStatus.QUEUED


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_a_send_whose_task_waits_for_a_worker_is_not_queued_twice(
    outreach, django_capture_on_commit_callbacks
):
    job = _job(outreach, "waits")
    _left_running(job, heard=timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.sends_resume() == [job.pk]
    # The task sits in the queue until a worker takes it: checks before then add nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.sends_resume() == []
        assert sending.sends_resume(silent_for=QUARTER_HOUR) == []
    waiting = DBTaskResult.objects.ready().filter(task_path=send_messages.module_path)
    assert [t.args_kwargs["kwargs"] for t in waiting] == [{"job_id": job.pk}]


class _ServerStopped(Exception):
    pass


def test_kept_checking_beside_the_worker_it_takes_up_a_send_once_its_worker_falls_silent(
    outreach, monkeypatch, django_capture_on_commit_callbacks
):
    """`resume_sends --keep-checking`, as `make run` starts it: the send is left alone while
    its worker is heard from, taken up at the first check after it fell silent."""
    job = _job(outreach, "kept")
    _left_running(job, heard=timedelta(minutes=1))
    # Each pause between checks: first the worker falls silent, then the server stops.
    pauses = iter([lambda: _left_running_since(job, QUARTER_HOUR * 2)])
    slept = []

    def a_pause(seconds: float) -> None:
        slept.append(seconds)
        try:
            next(pauses)()
        except StopIteration:
            raise _ServerStopped from None

    monkeypatch.setattr(resume_sends.time, "sleep", a_pause)
    # Between the checks the command lets its connection go; inside the test's transaction
    # that would close the test's own connection (PostgreSQL), so it is only counted.
    released = []
    monkeypatch.setattr(resume_sends, "close_old_connections", lambda: released.append(1))
    out = io.StringIO()
    with pytest.raises(_ServerStopped), django_capture_on_commit_callbacks(execute=True):
        call_command("resume_sends", keep_checking=True, stdout=out)

    assert slept == [resume_sends.CHECK_EVERY_SECONDS] * 2
    assert len(released) == 2
    assert out.getvalue() == f"1 send(s) queued again: {job.pk}\n"
    _each_sent_once(job)


def _left_running_since(job: SendJob, heard: timedelta) -> None:
    last = timezone.now() - heard
    SendJob.objects.filter(pk=job.pk).update(progress_at=last, started_at=last)
