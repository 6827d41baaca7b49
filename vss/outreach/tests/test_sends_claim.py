"""The worker's claim reads a send's queued messages in order from the index on (job,
status, id) even when PostgreSQL's statistics predate the send, as they do right after a
large one is written: it then expected one message, read them all by the job's own index
and sorted them, for each batch (bench/outreach/newsletter.py)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from vss.outreach.models import Message, MessageKind, MessageStatus
from vss.outreach.services import sending
from vss.people.models import Person
from vss.testing.factories import ContactPreferenceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the plan and its statistics are PostgreSQL's"
    ),
]


def _write(outreach, key: str, count: int):
    people = [
        ContactPreferenceFactory.create(person__phone=f"012 {key[:3]} {n:03}").person
        for n in range(count)
    ]
    job = sending.job_start(label=key, user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[p.pk for p in people]),
        content=lambda language, channel: sending.Content(subject="", body="News"),
        key=key,
        news=True,
    )
    return job


def _plan(statements: list[str]) -> str:
    """The plan of the claim's SELECT, under what the claim set before it in its
    transaction."""
    *before, select = statements
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in before:
            cursor.execute(statement)
        cursor.execute(f"EXPLAIN {select}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


def test_the_claim_reads_the_jobs_index_in_order_with_statistics_older_than_the_send(outreach):
    earlier = _write(outreach, "earlier", 3)
    Message.objects.filter(job=earlier).update(status=MessageStatus.SENT)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Message._meta.db_table}")
    job = _write(outreach, "later", 3)

    with CaptureQueriesContext(connection) as queries:
        taken = sending._claim(job, 500, 0)

    assert [m.pk for m in taken] == list(
        Message.objects.filter(job=job).order_by("pk").values_list("pk", flat=True)
    )
    statements = [q["sql"] for q in queries.captured_queries]
    select = next(i for i, sql in enumerate(statements) if sql.startswith("SELECT"))
    plan = _plan(statements[: select + 1])
    assert "message_job_status_idx" in plan, plan
    assert "Sort" not in plan, plan
