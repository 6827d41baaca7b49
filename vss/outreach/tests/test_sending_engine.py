"""The engine every send goes through: each person is written to by their channel, in
their language, with a way to stop, or the message is kept as not sent with the reason;
a send run again, or after a worker was killed between handing messages over and
recording it, sends no one a message twice."""

import pytest
from django.core import mail
from django.utils import timezone

from vss.outreach.gateways import LoggingSmsGateway
from vss.outreach.models import Message, MessageChannel, MessageKind, MessageStatus, SendJob
from vss.outreach.services import sending
from vss.people.models import Person
from vss.testing.factories import ContactPreferenceFactory

pytestmark = pytest.mark.django_db


def _content(language: str, channel: str) -> sending.Content:
    return sending.Content(subject=f"News ({language})", body=f"Hello in {language}")


@pytest.fixture
def people(outreach):
    sms = ContactPreferenceFactory.create(person__phone="012 111 111").person
    email = ContactPreferenceFactory.create(
        channel=MessageChannel.EMAIL, email="sok@example.org", person__preferred_language="fr"
    ).person
    stopped = ContactPreferenceFactory.create(stopped_at=timezone.now()).person
    no_consent = ContactPreferenceFactory.create(consents_to_news=False).person
    unreachable = ContactPreferenceFactory.create(person__phone="000 999").person
    return {
        "sms": sms,
        "email": email,
        "stopped": stopped,
        "no_consent": no_consent,
        "unreachable": unreachable,
    }


def _send(outreach, people, key="news-1") -> SendJob:
    job = sending.job_start(label="News", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[p.pk for p in people.values()]),
        content=_content,
        key=key,
        news=True,
    )
    sending.messages_send(job.pk)
    job.refresh_from_db()
    return job


def test_each_person_is_reached_by_their_channel_or_told_why_not(outreach, people):
    job = _send(outreach, people)
    by_person = {m.person_id: m for m in Message.objects.filter(job=job)}
    assert by_person[people["sms"].pk].status == MessageStatus.SENT
    assert by_person[people["email"].pk].status == MessageStatus.SENT
    assert by_person[people["stopped"].pk].detail == "asked to stop receiving messages"
    assert by_person[people["no_consent"].pk].status == MessageStatus.SKIPPED
    assert by_person[people["unreachable"].pk].status == MessageStatus.FAILED
    assert (job.total, job.sent, job.failed, job.skipped) == (5, 2, 1, 2)
    [email] = mail.outbox
    assert email.to == ["sok@example.org"] and "Hello in fr" in email.body
    assert "/outreach/stop/" in email.body
    [sms] = LoggingSmsGateway().entries()
    assert sms["to"] == "012 111 111" and "/outreach/stop/" in sms["text"]


def test_a_send_written_and_run_again_sends_nothing_more(outreach, people):
    _send(outreach, people)
    again = _send(outreach, people)
    assert again.total == 0
    assert len(LoggingSmsGateway().entries()) == 1
    assert len(mail.outbox) == 1


def test_after_a_crash_only_what_the_gateway_did_not_take_is_sent(outreach):
    taken, not_taken = (ContactPreferenceFactory.create().person for _ in range(2))
    job = sending.job_start(label="News", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[taken.pk, not_taken.pk]),
        content=_content,
        key="crash",
        news=True,
    )
    # A worker took both, handed the first over and was killed before recording it.
    Message.objects.filter(job=job).update(status=MessageStatus.SENDING)
    first = Message.objects.get(job=job, person=taken)
    LoggingSmsGateway().send(to=first.address, text=first.body, key=first.idempotency_key)

    sending.messages_send(job.pk)

    keys = [entry["key"] for entry in LoggingSmsGateway().entries()]
    assert sorted(keys) == sorted(
        Message.objects.filter(job=job).values_list("idempotency_key", flat=True)
    )
    assert set(Message.objects.filter(job=job).values_list("status", flat=True)) == {
        MessageStatus.SENT
    }


def test_the_stop_link_stops_the_messages(client, outreach, people):
    preference = people["sms"].contact_preference
    page = client.get(f"/outreach/stop/{preference.stop_token}/")
    assert page.status_code == 200
    assert client.post(f"/outreach/stop/{preference.stop_token}/").status_code == 200
    preference.refresh_from_db()
    assert preference.stopped_at is not None
    assert client.get("/outreach/stop/no-such-token/").status_code == 404
    assert client.post("/outreach/stop/no-such-token/").status_code == 404


def test_a_send_its_worker_left_unfinished_is_taken_up_again_without_a_duplicate(
    outreach, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    from vss.outreach.models import SendStatus

    people = [ContactPreferenceFactory.create().person for _ in range(3)]
    job = sending.job_start(label="News", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[p.pk for p in people]),
        content=_content,
        key="resume",
        news=True,
    )
    # The worker marked the send running, handed one message over and was killed.
    SendJob.objects.filter(pk=job.pk).update(status=SendStatus.RUNNING)
    first = Message.objects.filter(job=job).order_by("pk").first()
    Message.objects.filter(pk=first.pk).update(status=MessageStatus.SENDING)
    LoggingSmsGateway().send(to=first.address, text=first.body, key=first.idempotency_key)
    done = sending.job_start(label="Done", user=outreach)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_sends", stdout=out)

    assert f"1 send(s) queued again: {job.pk}" in out.getvalue()
    keys = sorted(entry["key"] for entry in LoggingSmsGateway().entries())
    assert keys == sorted(Message.objects.filter(job=job).values_list("idempotency_key", flat=True))
    assert set(Message.objects.filter(job=job).values_list("status", flat=True)) == {
        MessageStatus.SENT
    }
    assert SendJob.objects.get(pk=done.pk).status == SendStatus.QUEUED  # nothing to send
