"""Writing messages to many people, and sending them in the background so that a send
re-run after a crash sends no one a message twice.

Each message is written first, with a key made from what it is and to whom (a unique
column): writing the same send again adds nothing. The worker then takes the queued
messages a batch at a time: it marks the batch SENDING and commits before handing any of
it to the gateway, and writes what the gateway answered after. A worker killed between
the two leaves messages SENDING; the next run asks the gateway whether it took each of
them (by its key) and sends only those it did not. An email server cannot be asked: an
email left SENDING is recorded as interrupted and not sent again."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from vss.people.models import Person

from ..gateways import GatewayError, SmsGateway, sms_gateway
from ..models import (
    ContactPreference,
    Message,
    MessageChannel,
    MessageStatus,
    SendJob,
    SendStatus,
    Subscriber,
)

if TYPE_CHECKING:
    from vss.accounts.models import User

WRITE_BATCH = 2000


@dataclass(frozen=True)
class Content:
    """What a message says, in one language for one channel; the way to stop is added
    when it is written."""

    subject: str
    body: str


# Called with (language, channel) and the active language already set to it.
ContentFor = Callable[[str, str], Content]


def new_stop_token() -> str:
    return secrets.token_urlsafe(12)


def stop_url(token: str) -> str:
    return settings.VSS_BASE_URL.rstrip("/") + reverse("outreach:stop", args=[token])


def _stop_line(channel: str, token: str) -> str:
    if channel == MessageChannel.SMS:
        return _("To stop these messages: %(url)s") % {"url": stop_url(token)}
    return _(
        "You receive this message from the Victims Support Section. To stop receiving "
        "messages, open %(url)s or tell the Section."
    ) % {"url": stop_url(token)}


# Stands for the token in a stop line made once per language and channel: a token is
# URL-safe (new_stop_token), so it reads the same in the link as where it stood.
TOKEN_SLOT = "STOP-TOKEN-SLOT"


def _stop_line_for(
    lines: dict[tuple[str, str], str], language: str, channel: str, token: str
) -> str:
    """`_stop_line` in `language`, translated and its link reversed once per language and
    channel of a send rather than once per message."""
    if (language, channel) not in lines:
        with translation.override(language):
            lines[language, channel] = _stop_line(channel, TOKEN_SLOT)
    return lines[language, channel].replace(TOKEN_SLOT, token)


@dataclass(frozen=True)
class Reach:
    channel: str
    address: str
    # Why nothing is sent, or "" when the message goes out.
    why_not: str


def reach_of(person: Person, preference: ContactPreference | None, *, news: bool) -> Reach:
    """By which channel and to which address the person is written to, or why not.
    `news`: a newsletter or news of a case, which needs their consent; a message about
    their own application or an invitation does not."""
    if person.is_deceased:
        return Reach(MessageChannel.NONE, "", _("deceased"))
    if preference is None:
        if news:
            return Reach(MessageChannel.NONE, "", _("no consent to news recorded"))
        if not person.phone:
            return Reach(MessageChannel.NONE, "", _("no phone or address on file"))
        return Reach(MessageChannel.SMS, person.phone, "")
    if preference.stopped_at:
        return Reach(preference.channel, "", _("asked to stop receiving messages"))
    if news and not preference.consents_to_news:
        return Reach(preference.channel, "", _("no consent to news recorded"))
    address: str = {
        MessageChannel.SMS: person.phone,
        MessageChannel.EMAIL: preference.email,
        MessageChannel.POST: preference.postal_address,
    }.get(MessageChannel(preference.channel), "")
    if preference.channel == MessageChannel.NONE:
        return Reach(MessageChannel.NONE, "", _("asked for no messages"))
    if not address:
        return Reach(preference.channel, "", _("no address for the chosen channel"))
    return Reach(preference.channel, address, "")


def _preferences_for(people: list[Person]) -> dict[int, ContactPreference]:
    """Each person's preference; one is made (SMS, no consent to news) for a person
    written to without one, so that the message carries a way to stop."""
    found = {p.person_id: p for p in ContactPreference.objects.filter(person__in=people)}
    missing = [
        ContactPreference(person=person, channel=MessageChannel.SMS, stop_token=new_stop_token())
        for person in people
        if person.pk not in found
    ]
    if missing:
        ContactPreference.objects.bulk_create(missing, ignore_conflicts=True)
        found |= {
            p.person_id: p
            for p in ContactPreference.objects.filter(person__in=[m.person_id for m in missing])
        }
    return found


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def messages_write(
    *,
    job: SendJob,
    kind: str,
    people: QuerySet[Person],
    content: ContentFor,
    key: str,
    news: bool,
    **about: Any,
) -> int:
    """Writes a message to each of `people` by their channel and in their language, or
    one marked SKIPPED with the reason; `key` names the send (the message's key adds the
    person), and `about` the record it is about (newsletter, event, court_date,
    application). Reads the people in batches, so memory stays flat however many.
    Answers how many messages were written."""
    texts: dict[tuple[str, str], Content] = {}
    stop_lines: dict[tuple[str, str], str] = {}
    written = 0
    rows = people.select_related(None).only("pk", "phone", "is_deceased", "preferred_language")
    for batch in _batches(rows.order_by("pk").iterator(chunk_size=WRITE_BATCH), WRITE_BATCH):
        preferences = _preferences_for(batch)
        messages = []
        for person in batch:
            preference = preferences.get(person.pk)
            reach = reach_of(person, preference, news=news)
            language = person.preferred_language
            channel = reach.channel if reach.channel != MessageChannel.NONE else MessageChannel.SMS
            if (language, channel) not in texts:
                with translation.override(language):
                    texts[language, channel] = content(language, channel)
            text = texts[language, channel]
            body = text.body
            if preference is not None and not reach.why_not:
                stop = _stop_line_for(stop_lines, language, channel, preference.stop_token)
                body = f"{body}\n\n{stop}"
            messages.append(
                Message(
                    idempotency_key=f"{key}:p{person.pk}",
                    kind=kind,
                    channel=channel,
                    language=language,
                    person_id=person.pk,
                    address=reach.address,
                    subject=text.subject,
                    body=body,
                    job=job,
                    status=MessageStatus.SKIPPED if reach.why_not else MessageStatus.QUEUED,
                    detail=reach.why_not,
                    **about,
                )
            )
        Message.objects.bulk_create(messages, ignore_conflicts=True)
        written += len(messages)
    _recount(job)
    return written


def subscribers_write(
    *,
    job: SendJob,
    kind: str,
    subscribers: QuerySet[Subscriber],
    content: ContentFor,
    key: str,
    **about: Any,
) -> int:
    """`messages_write` for subscribers: each signed up for the news by one channel, in
    one language, with a stop token of their own, so each is written to as they asked."""
    texts: dict[tuple[str, str], Content] = {}
    stop_lines: dict[tuple[str, str], str] = {}
    written = 0
    rows = subscribers.order_by("pk").iterator(chunk_size=WRITE_BATCH)
    for batch in _batches(rows, WRITE_BATCH):
        messages = []
        for subscriber in batch:
            language, channel = subscriber.language, subscriber.channel
            if (language, channel) not in texts:
                with translation.override(language):
                    text = content(language, channel)
                    texts[language, channel] = text
            text = texts[language, channel]
            stop = _stop_line_for(stop_lines, language, channel, subscriber.stop_token)
            messages.append(
                Message(
                    idempotency_key=f"{key}:s{subscriber.pk}",
                    kind=kind,
                    channel=channel,
                    language=language,
                    subscriber_id=subscriber.pk,
                    address=subscriber.email or subscriber.phone,
                    subject=text.subject,
                    body=f"{text.body}\n\n{stop}",
                    job=job,
                    **about,
                )
            )
        Message.objects.bulk_create(messages, ignore_conflicts=True)
        written += len(messages)
    _recount(job)
    return written


def _recount(job: SendJob) -> None:
    counts = dict(Message.objects.filter(job=job).values_list("status").annotate(n=Count("pk")))
    SendJob.objects.filter(pk=job.pk).update(
        total=sum(counts.values()),
        sent=counts.get(MessageStatus.SENT, 0) + counts.get(MessageStatus.DELIVERED, 0),
        failed=counts.get(MessageStatus.FAILED, 0) + counts.get(MessageStatus.BOUNCED, 0),
        skipped=counts.get(MessageStatus.SKIPPED, 0),
    )


def job_start(*, label: str, user: User) -> SendJob:
    return SendJob.objects.create(label=label, requested_by=user)


def job_queue(job: SendJob) -> None:
    """Sends the job's messages in the background once the writing is committed."""
    from ..tasks import send_messages

    transaction.on_commit(lambda: send_messages.enqueue(job_id=job.pk))


# How long a send may run with no progress recorded before its worker is taken for gone.
# A worker records progress after every batch (VSS_SEND_BATCH messages, 500 by default),
# which takes seconds even through a slow gateway: a quarter of an hour of silence is a
# worker that was killed or lost its machine, not a slow one.
SILENT_AFTER = timedelta(minutes=15)


def _waiting_for_a_worker() -> set[int]:
    """The sends whose task sits in the queue, not yet taken by a worker: queuing them
    again would only add a task with nothing left to do."""
    from ..tasks import send_messages

    queued = DBTaskResult.objects.ready().filter(task_path=send_messages.module_path)
    return {
        job_id
        for arguments in queued.values_list("args_kwargs", flat=True)
        if isinstance(job_id := arguments.get("kwargs", {}).get("job_id"), int)
    }


def sends_resume(*, silent_for: timedelta | None = None) -> list[int]:
    """The sends not finished that still hold messages to send or to check with the
    gateway, each queued again unless its task is still waiting for a worker; answers
    their ids. `silent_for`: only those on which no worker has recorded progress for that
    long (queued sends count from when they were asked for), so that a check run while
    workers send leaves their sends to them. Queuing a send still running is harmless
    anyway: its messages are shared out, none is sent twice."""
    unfinished = Message.objects.filter(
        job__status__in=(SendStatus.QUEUED, SendStatus.RUNNING),
        status__in=(MessageStatus.QUEUED, MessageStatus.SENDING),
        channel__in=SENT_BY_WORKER,
    )
    if silent_for is not None:
        unfinished = unfinished.alias(
            last_heard=Coalesce("job__progress_at", "job__started_at", "job__requested_at")
        ).filter(last_heard__lt=timezone.now() - silent_for)
    candidates = unfinished.values_list("job_id", flat=True).distinct().order_by("job_id")
    waiting = _waiting_for_a_worker()
    resumed = [job_id for job_id in candidates if job_id is not None and job_id not in waiting]
    for job in SendJob.objects.filter(pk__in=resumed):
        job_queue(job)
    return resumed


# --- the worker ------------------------------------------------------------------------


SENT_BY_WORKER = (MessageChannel.SMS, MessageChannel.EMAIL)


def _send_one(message: Message, gateway: SmsGateway) -> tuple[str, str, str]:
    """Hands one message over: answers (status, detail, gateway reference)."""
    try:
        if message.channel == MessageChannel.SMS:
            reference = gateway.send(
                to=message.address, text=message.body, key=message.idempotency_key
            )
        else:
            email = EmailMessage(
                subject=message.subject,
                body=message.body,
                to=[message.address],
                headers={"X-VSS-Message": message.idempotency_key},
            )
            email.send()
            status = getattr(email, "anymail_status", None)
            reference = (status and status.message_id) or message.idempotency_key
    except GatewayError as refused:
        if refused.permanent:
            return MessageStatus.FAILED, str(refused)[:300], ""
        return MessageStatus.QUEUED, str(refused)[:300], ""
    except Exception as error:  # an SMTP or provider error: recorded, never a crash
        return MessageStatus.FAILED, f"{type(error).__name__}: {error}"[:300], ""
    return MessageStatus.SENT, "", str(reference)[:120]


def _reconcile(job: SendJob) -> None:
    """Messages a killed worker left SENDING: those the gateway took are SENT; SMS it did
    not take go back to the queue; emails are recorded as interrupted, not sent again."""
    gateway = sms_gateway()
    now = timezone.now()
    for message in Message.objects.filter(job=job, status=MessageStatus.SENDING):
        if message.channel == MessageChannel.SMS:
            try:
                reference = gateway.taken(message.idempotency_key)
            except GatewayError:
                # The gateway cannot say: left SENDING for a later run, never sent twice.
                continue
            if reference:
                message.status, message.gateway_reference, message.sent_at = (
                    MessageStatus.SENT,
                    reference,
                    now,
                )
            else:
                message.status = MessageStatus.QUEUED
        else:
            message.status = MessageStatus.FAILED
            message.detail = "interrupted while sending; not sent again, to send no duplicate"
        message.status_at = now
        message.save(
            update_fields=["status", "gateway_reference", "sent_at", "detail", "status_at"]
        )


def _read_in_index_order() -> None:
    """Forbids sorting for the rest of the claim's transaction, which leaves PostgreSQL one
    good plan whatever its statistics say: the index on (job, status, id), read from the
    last message taken. Right after a large send is written, and until autovacuum has
    analysed the table again, the statistics do not know the job: PostgreSQL expects one
    queued message, reads them by the job's own index and sorts them all, every message
    of the job for each batch of 500 (2.5 s a claim at a million,
    bench/outreach/newsletter.py). ANALYZE would mend the statistics, but the
    application's role need not own the table (docs/deployment.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")


def _claim(job: SendJob, size: int, after: int) -> list[Message]:
    """The next queued messages of the job, marked SENDING and committed before any is
    sent; on PostgreSQL two workers never take the same ones (SKIP LOCKED). Read from
    after the last batch taken (`after`, a message id): from the start, each batch would
    step over all the job's messages already sent, and a send of a million would slow
    as it went (bench/outreach/newsletter.py)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _read_in_index_order()
        queued = Message.objects.filter(
            job=job, status=MessageStatus.QUEUED, channel__in=SENT_BY_WORKER, pk__gt=after
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        batch = list(queued[:size])
        Message.objects.filter(pk__in=[m.pk for m in batch]).update(
            status=MessageStatus.SENDING, attempts=F("attempts") + 1, status_at=timezone.now()
        )
    return batch


# The first of the two keys of the PostgreSQL advisory locks a worker holds on a job.
JOB_LOCKS = 7_301


def _advisory(function: str, job: SendJob) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [JOB_LOCKS, job.pk])
        return bool(cursor.fetchone()[0]) if function.startswith("pg_try") else True


@contextmanager
def _working_on(job: SendJob) -> Iterator[None]:
    """Puts back what a dead worker left SENDING, then sends. On PostgreSQL each worker
    holds a shared lock on the job while it sends (a killed worker's ends with its
    connection): one that can take the lock exclusively is alone, so what it finds
    SENDING was left by a worker that died, not one still sending it; it then keeps the
    lock shared, beside others. SQLite has one writer, so one worker."""
    if connection.vendor != "postgresql":
        _reconcile(job)
        yield
        return
    if _advisory("pg_try_advisory_lock", job):
        try:
            _reconcile(job)
        finally:
            _advisory("pg_advisory_lock_shared", job)
            _advisory("pg_advisory_unlock", job)
    else:
        _advisory("pg_advisory_lock_shared", job)
    try:
        yield
    finally:
        _advisory("pg_advisory_unlock_shared", job)


def _record_answers(results: list[tuple[Message, str, str, str]], now: datetime) -> None:
    """What the gateway answered for each message of a batch, in one UPDATE from a list of
    values: `bulk_update` builds a CASE per row and field, which took longer than the
    sending itself (bench/outreach/newsletter.py)."""
    table = Message._meta.db_table
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(results))
    sql = (
        f"UPDATE {table} SET status = v.column2, detail = v.column3, "
        "gateway_reference = v.column4, status_at = %s, "
        "sent_at = CASE WHEN v.column2 = %s THEN %s END "
        f"FROM (VALUES {rows}) AS v WHERE {table}.id = v.column1"
    )
    params: list[Any] = [now, MessageStatus.SENT, now]
    for message, status, detail, reference in results:
        params += [message.pk, status, detail, reference]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def messages_send(job_id: int) -> None:
    """Sends a job's queued messages, a batch at a time; safe to run again after a crash,
    and beside another worker."""
    job = SendJob.objects.get(pk=job_id)
    now = timezone.now()
    SendJob.objects.filter(pk=job.pk).update(
        status=SendStatus.RUNNING, started_at=job.started_at or now, progress_at=now
    )
    with _working_on(job):
        _send_queued(job)
    _recount(job)
    SendJob.objects.filter(pk=job.pk).update(status=SendStatus.DONE, finished_at=timezone.now())


def _send_queued(job: SendJob) -> None:
    gateway = sms_gateway()
    after = 0
    while batch := _claim(job, settings.VSS_SEND_BATCH, after):
        after = batch[-1].pk
        # A gateway that can hands the batch over with one flush to disk (see
        # LoggingSmsGateway.batch); the batch is recorded sent only after it returns.
        with getattr(gateway, "batch", nullcontext)():
            results = [(message, *_send_one(message, gateway)) for message in batch]
        with transaction.atomic():
            _record_answers(results, timezone.now())
            sent = sum(1 for r in results if r[1] == MessageStatus.SENT)
            failed = sum(1 for r in results if r[1] == MessageStatus.FAILED)
            SendJob.objects.filter(pk=job.pk).update(
                sent=F("sent") + sent, failed=F("failed") + failed, progress_at=timezone.now()
            )
        if all(r[1] == MessageStatus.QUEUED for r in results):
            break  # the gateway refuses everything for now: leave the rest for a later run
