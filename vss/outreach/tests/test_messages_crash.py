"""The real worker (`manage.py db_worker`) sends a job of a few thousand messages through
the logging gateway, is killed (SIGKILL) part-way, and the send is started again: every
recipient got exactly one message and every message ends SENT; so too when the send is
queued again by `resume_sends`, as `make run` does by itself. On PostgreSQL, two workers
at once take disjoint batches (SKIP LOCKED), and still nobody is sent one twice.

The workers are processes of their own: they work on the test's database (on SQLite, a
copy of the in-memory one in a file, copied back once they are done)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from vss.outreach.models import ContactPreference, Message, MessageKind, MessageStatus
from vss.outreach.services import sending
from vss.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

RECIPIENTS = 2000
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def _job(outreach) -> int:
    people = Person.objects.bulk_create(
        Person(family_name_latin="SOK", given_name_latin=f"P{n}", phone=f"012 {n:06d}")
        for n in range(RECIPIENTS)
    )
    ContactPreference.objects.bulk_create(
        ContactPreference(person=p, consents_to_news=True, stop_token=f"crash-{p.pk}")
        for p in people
    )
    job = sending.job_start(label="Verdict news", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[p.pk for p in people]),
        content=lambda language, channel: sending.Content(subject="", body="The verdict"),
        key="crash-test",
        news=True,
    )
    return job.pk


class Workers:
    """Processes of the project against the test's database."""

    def __init__(self, tmp_path: Path) -> None:
        self.log = tmp_path / "sms.log"
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.file = tmp_path / "worker.sqlite3"
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            url = f"sqlite:///{self.file}"
        else:
            db = connection.settings_dict
            url = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            )
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "vss.settings.dev",
            "DATABASE_URL": url,
            "VSS_SMS_LOG": str(self.log),
            "VSS_SEND_BATCH": "50",
            "DB_CONN_MAX_AGE": "0",
        }

    def enqueue(self, job_id: int) -> None:
        code = (
            f"from vss.outreach.tasks import send_messages; send_messages.enqueue(job_id={job_id})"
        )
        subprocess.run(
            [sys.executable, MANAGE, "shell", "-c", code], env=self.env, check=True, timeout=120
        )

    def manage(self, *arguments: str) -> str:
        done = subprocess.run(
            [sys.executable, MANAGE, *arguments],
            env=self.env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def start(self) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                MANAGE,
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def sent(self) -> list[dict]:
        if not self.log.exists():
            return []
        with self.log.open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.endswith("\n")]

    def back(self) -> None:
        """On SQLite, what the workers wrote, read back into the test's database."""
        if self.sqlite:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()


def _kill_when(worker: subprocess.Popen, workers: Workers, sent: int) -> None:
    deadline = time.monotonic() + 60
    while len(workers.sent()) < sent:
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:] if worker.stderr else ""
        assert time.monotonic() < deadline, "the worker sent too little"
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    _wait_for_its_session_to_end()


def _wait_for_its_session_to_end() -> None:
    """PostgreSQL ends a killed worker's session, and with it the worker's lock on the
    send, once it notices the connection closed: on a busy machine, after the next worker
    has started. That worker then rightly takes the messages left SENDING for another
    worker's, and leaves them to a later check; the tests start it when the lock is gone,
    as a worker started by hand or by `make run` a moment later finds it."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                [sending.JOB_LOCKS],
            )
            if cursor.fetchone()[0] == 0:
                return
            assert time.monotonic() < deadline, "the killed worker's session lives on"
            time.sleep(0.05)


def _assert_each_got_one(workers: Workers, job_id: int) -> None:
    workers.back()
    keys = Counter(entry["key"] for entry in workers.sent())
    assert keys.most_common(1)[0][1] == 1, "someone was sent a message twice"
    messages = Message.objects.filter(job_id=job_id)
    assert set(keys) == set(messages.values_list("idempotency_key", flat=True))
    assert set(messages.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len(keys) == RECIPIENTS


def test_a_worker_killed_part_way_and_started_again_sends_each_one_message(outreach, tmp_path):
    job_id = _job(outreach)
    workers = Workers(tmp_path)
    workers.enqueue(job_id)
    _kill_when(workers.start(), workers, RECIPIENTS // 4)
    assert len(workers.sent()) < RECIPIENTS

    # The task the killed worker held is never finished: the send is queued again.
    workers.enqueue(job_id)
    again = workers.start()
    assert again.wait(timeout=120) == 0, (
        again.stderr.read().decode()[-2000:] if again.stderr else ""
    )
    _assert_each_got_one(workers, job_id)


def test_a_send_its_killed_worker_left_is_taken_up_with_no_command_typed(outreach, tmp_path):
    """What `make run` does on its own: `resume_sends` before the worker starts, then the
    check every few minutes beside it (here told the worker is silent at once). The check
    finds the send's task still waiting for the worker and queues nothing more; the worker
    started then finishes the send, each recipient sent one message."""
    job_id = _job(outreach)
    workers = Workers(tmp_path)
    workers.enqueue(job_id)
    _kill_when(workers.start(), workers, RECIPIENTS // 4)
    assert len(workers.sent()) < RECIPIENTS

    assert workers.manage("resume_sends") == f"1 send(s) queued again: {job_id}\n"
    assert workers.manage("resume_sends", "--silent-minutes", "0") == ""
    again = workers.start()
    assert again.wait(timeout=120) == 0, (
        again.stderr.read().decode()[-2000:] if again.stderr else ""
    )
    assert workers.manage("resume_sends", "--silent-minutes", "0") == ""
    _assert_each_got_one(workers, job_id)


@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked,
    reason="two workers share a queue on PostgreSQL (SKIP LOCKED); SQLite takes one writer",
)
def test_two_workers_at_once_take_disjoint_batches(outreach, tmp_path):
    job_id = _job(outreach)
    workers = Workers(tmp_path)
    workers.enqueue(job_id)
    workers.enqueue(job_id)
    both = [workers.start(), workers.start()]
    for worker in both:
        assert worker.wait(timeout=120) == 0
    _assert_each_got_one(workers, job_id)
    # Each worker wrote a part: the batches were shared, not sent twice.
    assert Message.objects.filter(job_id=job_id, attempts=1).count() == RECIPIENTS
