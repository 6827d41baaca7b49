"""Writes of the kept counts: asking for a count (a job the background worker takes) and
running one, which replaces every kept figure's rows in one transaction, so that a reader
sees the last count whole until the next is whole."""

import datetime
import itertools
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.core import workers
from vss.policy import Right

from .audit_labels import COUNT_ASKED, COUNT_OUT_OF_DATE
from .models import Counting, CountingStatus, KeptCount
from .registry import COLUMNS, KeptTuple, kept_figures
from .selectors import CountingState, counting_state
from .tasks import count_figures

logger = logging.getLogger(__name__)

TUPLES_BATCH = 2000


def counting_request(*, user: User | None, out_of_date: bool = False) -> Counting:
    """Ask for every kept figure to be counted again: the count already waiting, or a new
    one for the worker. `user` None: asked by the system (the demo data, a schedule)."""
    if user is not None:
        policy.require_right(user, Right.VIEW_STATISTICS)
    waiting = Counting.objects.filter(status=CountingStatus.QUEUED).first()
    if waiting is not None:
        return waiting
    try:
        return _queue_counting(user=user, out_of_date=out_of_date)
    except IntegrityError:
        # Another request queued one between the look and the insert: join it.
        return Counting.objects.get(status=CountingStatus.QUEUED)


@transaction.atomic
def _queue_counting(*, user: User | None, out_of_date: bool) -> Counting:
    counting = Counting.objects.create(requested_by=user)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=counting,
        label=audit_label(COUNT_OUT_OF_DATE if out_of_date else COUNT_ASKED),
        changes=new_values({"status": counting.status}),
    )
    transaction.on_commit(lambda: count_figures.enqueue(counting_id=counting.pk))
    return counting


def counting_request_if_out_of_date(*, user: User) -> CountingState:
    """Ask for a count when the last finished longer ago than the figures may be old
    (`VSS_FIGURES_MAX_AGE_SECONDS`), or there is none, and none is on its way; where the
    counting stands then."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    state = counting_state()
    max_age = datetime.timedelta(seconds=settings.VSS_FIGURES_MAX_AGE_SECONDS)
    if state.under_way or (state.counted_at and timezone.now() - state.counted_at < max_age):
        return state
    counting_request(user=user, out_of_date=True)
    return counting_state()


def counting_for_reader(*, user: User) -> CountingState:
    """Where the counting stands, for a page that shows this reader kept counts: a reader
    of figures asks for a count when they are out of date (`counting_request_if_out_of_date`);
    any other reader is told when they were counted, the count being left to the schedule
    and to those readers."""
    if policy.can_view_statistics(user):
        return counting_request_if_out_of_date(user=user)
    return counting_state()


def counting_run(*, counting_id: int) -> None:
    """Run a queued count. A count already taken is left alone; one that finds another
    running waits its turn in the queue."""
    with transaction.atomic():
        counting = Counting.objects.select_for_update().get(pk=counting_id)
        # A count left running by a worker that died is counted again: it replaces every
        # kept figure in one transaction, so nothing of it was written.
        resumed = workers.resumed() and counting.status == CountingStatus.RUNNING
        if counting.status != CountingStatus.QUEUED and not resumed:
            return
        if Counting.objects.filter(status=CountingStatus.RUNNING).exclude(pk=counting_id).exists():
            transaction.on_commit(
                lambda: count_figures.using(
                    run_after=timezone.now() + datetime.timedelta(seconds=30)
                ).enqueue(counting_id=counting_id)
            )
            return
        counting.status = CountingStatus.RUNNING
        counting.started_at = timezone.now()
        counting.save(update_fields=["status", "started_at"])
    started = time.monotonic()
    try:
        with transaction.atomic():
            rows = count_every_figure()
            counting.status = CountingStatus.DONE
            counting.finished_at = timezone.now()
            counting.rows = rows
            counting.save(update_fields=["status", "finished_at", "rows"])
    except Exception as error:
        logger.exception("count %s failed", counting_id)
        counting.status = CountingStatus.FAILED
        counting.finished_at = timezone.now()
        counting.detail = f"{type(error).__name__}: {error}"[:300]
        counting.save(update_fields=["status", "finished_at", "detail"])
        raise
    logger.info("count %s: %s rows in %.1f s", counting_id, rows, time.monotonic() - started)


def count_every_figure() -> int:
    """Replace the rows of every kept figure by a count of now, in the caller's
    transaction; the number of rows kept."""
    insert = (
        f"INSERT INTO {KeptCount._meta.db_table} (figure, case_id, status, month, value, n) "
        f"SELECT %s, {', '.join(COLUMNS)} FROM "
    )
    # Kept counts are derived rows, replaced whole: deleting them removes no record.
    KeptCount.objects.all().delete()
    kept = 0
    with connection.cursor() as cursor:
        for figure in kept_figures():
            if figure.rows is not None:
                sql, params = figure.rows().query.sql_with_params()
                # Joined, not formatted: the figure's SQL may hold braces of its own.
                cursor.execute(f"{insert}({sql}) AS kept", [figure.name, *params])
                kept += max(cursor.rowcount, 0)
            if figure.tuples is not None:
                kept += _keep_tuples(figure.name, figure.tuples())
    return kept


def _keep_tuples(figure: str, tuples: Iterable[KeptTuple]) -> int:
    rows = (
        KeptCount(figure=figure, case_id=case, status=status, month=month, value=value, n=n)
        for case, status, month, value, n in tuples
    )
    kept = 0
    while batch := list(itertools.islice(rows, TUPLES_BATCH)):
        KeptCount.objects.bulk_create(batch)
        kept += len(batch)
    return kept


def counting_now(*, user: User | None) -> Counting:
    """Count every kept figure in this process, now (after the demo data is written, or
    from a schedule with no worker); the count as it ended."""
    counting = counting_request(user=user)
    counting_run(counting_id=counting.pk)
    counting.refresh_from_db()
    return counting
