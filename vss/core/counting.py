"""How many rows a list holds, at a price that does not grow with the table.

COUNT(*) reads every row the filters keep: at a million rows it costs seconds, more than
the page itself. PostgreSQL's planner estimates the same number from its statistics in
about a millisecond, by planning the query without running it. So, on PostgreSQL, a list
the planner expects to be larger than `EXACT_COUNT_LIMIT` shows the estimate, rounded
and marked as such ("about 1,200,000"), and a smaller one its exact count, cheap at that
size. SQLite keeps no such statistics and serves small installations: it always counts.
"""

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

EXACT_COUNT_LIMIT = 20_000
# An estimate is only good to its first figures: more would claim a precision it lacks.
ESTIMATE_SIGNIFICANT_DIGITS = 2


@dataclass(frozen=True)
class ResultCount:
    value: int
    estimated: bool = False


def rounded_estimate(rows: float) -> int:
    """`rows` to its first significant figures: 1,234,567 -> 1,200,000."""
    if rows < 1:
        return 0
    step = 10 ** max(0, math.floor(math.log10(rows)) + 1 - ESTIMATE_SIGNIFICANT_DIGITS)
    return int(round(rows / step) * step)


def choose_count(
    estimate: float | None, exact: Callable[[], int], *, limit: int = EXACT_COUNT_LIMIT
) -> ResultCount:
    """The estimate, rounded, when there is one and it is above `limit`; otherwise the
    exact count (asked only then)."""
    if estimate is not None and estimate > limit:
        return ResultCount(rounded_estimate(estimate), estimated=True)
    return ResultCount(exact())


def postgresql_plan(queryset: QuerySet) -> dict[str, Any] | None:
    """PostgreSQL's plan of `queryset` (its top node), or None: on another engine, or
    when Django knows the answer is empty without asking the database (a filter on an
    empty list of ids), so that there is no query to plan."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    explained = queryset.order_by().explain(format="json")
    if not explained:
        return None
    plan: dict[str, Any] = json.loads(explained)[0]["Plan"]
    return plan


def planner_estimate(queryset: QuerySet) -> float | None:
    """The rows PostgreSQL's planner expects `queryset` to return (None elsewhere, and
    for a query Django knows to be empty, which then counts its nothing at no cost)."""
    plan = postgresql_plan(queryset)
    return None if plan is None else float(plan["Plan Rows"])


def count_results(queryset: QuerySet, *, limit: int = EXACT_COUNT_LIMIT) -> ResultCount:
    rows = queryset.order_by()
    return choose_count(planner_estimate(rows), rows.count, limit=limit)
