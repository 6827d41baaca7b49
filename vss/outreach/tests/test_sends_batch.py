"""The logging gateway flushes a batch to disk once, not once per message, and the worker
records a batch sent only after that flush: a message recorded sent is on disk."""

import os

import pytest

from vss.outreach import gateways
from vss.outreach.gateways import LoggingSmsGateway
from vss.outreach.models import Message, MessageKind, MessageStatus
from vss.outreach.services import sending
from vss.people.models import Person
from vss.testing.factories import ContactPreferenceFactory

pytestmark = pytest.mark.django_db


def test_one_flush_per_batch_and_none_recorded_sent_before_it(outreach, settings, monkeypatch):
    settings.VSS_SEND_BATCH = 2
    people = [
        ContactPreferenceFactory.create(person__phone=f"012 555 55{n}").person for n in range(3)
    ]
    job = sending.job_start(label="News", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[p.pk for p in people]),
        content=lambda language, channel: sending.Content(subject="", body="News"),
        key="batched",
        news=True,
    )
    flushes: list[int] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        # What the worker had recorded sent when the batch reached the disk.
        flushes.append(Message.objects.filter(job=job, status=MessageStatus.SENT).count())
        real_fsync(descriptor)

    monkeypatch.setattr(gateways.os, "fsync", fsync)
    sending.messages_send(job.pk)
    assert flushes == [0, 2]
    assert Message.objects.filter(job=job, status=MessageStatus.SENT).count() == 3
    assert len(LoggingSmsGateway().entries()) == 3
