"""Reads of sends (a newsletter's, or any other written through the engine) and of their
messages: the progress their page shows, the failures it lists by name (an audited read),
and the letters and labels printed for post."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.audit.labels import audit_label
from vss.audit.services import audit_read
from vss.policy import Right

from ..audit_labels import SEND_FAILURES
from ..models import Message, MessageChannel, MessageStatus, Newsletter, SendJob, SendStatus

if TYPE_CHECKING:
    from vss.accounts.models import User

FAILURES_SHOWN = 50
FAILED = (MessageStatus.FAILED, MessageStatus.BOUNCED)


def send_get_for_user(user: User, pk: int) -> SendJob:
    policy.require_right(user, Right.SEND_MESSAGES)
    return get_object_or_404(policy.send_jobs_in_scope(user, SendJob.objects.all()), pk=pk)


@dataclass(frozen=True)
class Progress:
    job: SendJob
    # Letters by post: the worker leaves them to be printed.
    to_print: int
    printed: int

    @property
    def finished(self) -> bool:
        return self.job.status in (SendStatus.DONE, SendStatus.FAILED)

    @property
    def handled(self) -> int:
        job = self.job
        return job.sent + job.failed + job.skipped + self.to_print + self.printed

    @property
    def percent(self) -> int:
        if not self.job.total:
            return 100 if self.finished else 0
        return min(100, self.handled * 100 // self.job.total)


def send_progress(job: SendJob) -> Progress:
    """The job's own counters (the worker keeps them) and its letters by post, counted
    on the job's index."""
    post = dict(
        Message.objects.filter(
            job=job,
            status__in=(MessageStatus.QUEUED, MessageStatus.PRINTED),
            channel=MessageChannel.POST,
        )
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Progress(
        job=job,
        to_print=post.get(MessageStatus.QUEUED, 0),
        printed=post.get(MessageStatus.PRINTED, 0),
    )


@dataclass(frozen=True)
class Failure:
    name: str
    channel: str
    address: str
    detail: str


def send_failures(user: User, job: SendJob) -> list[Failure]:
    """The first failures of the send, named as the user may see the person (a
    subscriber by their address alone); the read is audited."""
    messages = list(
        Message.objects.filter(job=job, status__in=FAILED)
        .select_related("person")
        .order_by("pk")[:FAILURES_SHOWN]
    )
    failures = [
        Failure(
            name=policy.display_name(user, m.person) if m.person is not None else "",
            channel=m.get_channel_display(),
            address=m.address,
            detail=m.detail,
        )
        for m in messages
    ]
    if failures:
        audit_read(
            actor=user,
            object_type="outreach.sendjob",
            obj=job,
            label=audit_label(SEND_FAILURES, job=job.pk),
            shown=len(failures),
        )
    return failures


# --- printed post ------------------------------------------------------------------------
# A send's letters by post wait for the officer to print them, whatever the send: a
# newsletter's, the invitations to an event, the pick-up notices, a court date's notice.


def _post(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.filter(
        channel=MessageChannel.POST,
        status__in=(MessageStatus.QUEUED, MessageStatus.PRINTED),
    )


def _counts(messages: QuerySet[Message]) -> dict[str, int]:
    # Counting the language, which the index holds, lets PostgreSQL read the index alone.
    return dict(messages.values_list("language").annotate(n=Count("language")).order_by("language"))


def _letters(messages: QuerySet[Message], language: str) -> list[Message]:
    return list(
        messages.filter(language=language)
        .only("subject", "body", "language")
        .order_by("language", "pk")
    )


def post_counts(newsletter: Newsletter) -> dict[str, int]:
    """Its letters by post per language, to print or printed already."""
    return _counts(_post(Message.objects.filter(newsletter=newsletter)))


def post_letters(newsletter: Newsletter, language: str) -> list[Message]:
    """The letters in one language, in the order their labels are printed in."""
    return _letters(_post(Message.objects.filter(newsletter=newsletter)), language)


def send_post_counts(job: SendJob) -> dict[str, int]:
    """The send's letters by post per language, to print or printed already."""
    return _counts(_post(Message.objects.filter(job=job)))


def send_post_letters(job: SendJob, language: str) -> list[Message]:
    """The send's letters in one language, in the order their labels are printed in."""
    return _letters(_post(Message.objects.filter(job=job)), language)


@dataclass(frozen=True)
class Label:
    name: str
    address: str
    language: str


def _labels(user: User, messages: QuerySet[Message]) -> list[Label]:
    return [
        Label(
            name=policy.display_name(user, m.person) if m.person is not None else "",
            address=m.address,
            language=m.get_language_display(),
        )
        for m in messages.select_related("person").order_by("language", "pk")
    ]


def post_labels(user: User, newsletter: Newsletter) -> list[Label]:
    """Each letter's label: the name as the user may see it (a protected person by
    pseudonym unless the right) and the postal address it goes to."""
    return _labels(user, _post(Message.objects.filter(newsletter=newsletter)))


def send_post_labels(user: User, job: SendJob) -> list[Label]:
    """The labels of the send's letters, each name as the user may see it."""
    return _labels(user, _post(Message.objects.filter(job=job)))
