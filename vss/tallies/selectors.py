"""Reads of the kept counts: a figure's rows summed over the cases and months asked, and
where the counting stands. Kept counts name no one; reading them needs the right to read
statistics, which the figures' own selectors check."""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from vss.core.forms import month_end

from .models import Counting, CountingStatus, KeptCount

# What the rows of a figure may be summed by.
GROUPINGS = {
    "case_id": "case_id",
    "status": "status",
    "month": "month",
    "year": ExtractYear("month"),
    "value": "value",
}


def months_of(
    start: datetime.date | None, end: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and the last month of a period in whole months (either end open), as
    their first days, for `kept_counts`; a period that starts or ends inside a month is
    refused, since the counts are kept by month."""
    if start and start.day != 1:
        raise ValueError("a period of kept counts starts on the first day of a month")
    if end and month_end(end) != end:
        raise ValueError("a period of kept counts ends on the last day of a month")
    return start, end.replace(day=1) if end else None


def kept_counts(
    figure: str,
    *,
    case_ids: Collection[int] | None,
    months: tuple[datetime.date | None, datetime.date | None] = (None, None),
    by: Sequence[str],
    apart: Collection[str] = (),
    values: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """The kept rows of `figure` of these cases (every case when None) and of the months
    from and to (the first days of months, either end open; with either, the rows of no
    month are left out), summed by `by` (keys of GROUPINGS) into `counted`, and into `apart` the
    part of it whose status is one of `apart`; with `values`, the rows of these values
    alone (a figure by a record of its own, such as a group, read for one of them)."""
    rows = KeptCount.objects.filter(figure=figure)
    if values is not None:
        rows = rows.filter(value__in=values)
    if case_ids is not None:
        rows = rows.filter(case_id__in=case_ids)
    first, last = months
    if first:
        rows = rows.filter(month__gte=first)
    if last:
        rows = rows.filter(month__lte=last)
    groups = {name: GROUPINGS[name] for name in by}
    return list(
        rows.annotate(**{name: g for name, g in groups.items() if not isinstance(g, str)})
        .values(*groups)
        .annotate(counted=Sum("n"), apart=Coalesce(Sum("n", filter=Q(status__in=apart)), 0))
        .order_by()
    )


@dataclass(frozen=True)
class CountingState:
    """When the figures were last counted, and whether a count is on its way (and since
    when it runs, with how long the last one took, to say when it may end)."""

    counted_at: datetime.datetime | None
    under_way: bool
    running_since: datetime.datetime | None
    last_took: datetime.timedelta | None

    @property
    def stamp(self) -> str:
        """The moment of the last count as the page sends it back to ask whether a newer
        one is done ("" when none is)."""
        return self.counted_at.isoformat() if self.counted_at else ""

    @property
    def last_took_seconds(self) -> int:
        return max(1, round(self.last_took.total_seconds())) if self.last_took else 0

    @property
    def progress(self) -> int | None:
        """How far the running count is, in percent, reckoned from how long the last one
        took (never 100 before it ends); None when that cannot be said."""
        if self.running_since is None or not self.last_took:
            return None
        elapsed = timezone.now() - self.running_since
        return min(99, int(100 * elapsed / self.last_took))


def counting_state() -> CountingState:
    """In one query: the last count done and any on its way."""
    last_done = (
        Counting.objects.filter(status=CountingStatus.DONE).order_by("-finished_at").values("pk")
    )
    countings = list(
        Counting.objects.filter(
            Q(status__in=(CountingStatus.QUEUED, CountingStatus.RUNNING))
            | Q(pk__in=Subquery(last_done[:1]))
        )
    )
    done = [c for c in countings if c.status == CountingStatus.DONE]
    running = [c for c in countings if c.status == CountingStatus.RUNNING]
    took = None
    if done and done[0].started_at and done[0].finished_at:
        took = done[0].finished_at - done[0].started_at
    return CountingState(
        counted_at=done[0].finished_at if done else None,
        under_way=len(countings) > len(done),
        running_since=running[0].started_at if running else None,
        last_took=took,
    )
