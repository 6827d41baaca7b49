#!/usr/bin/env python
"""Server time of the Section's figures (`/reports/figures/`) against a large data set:
each aggregate selector the dashboard calls beside the raw SQL GROUP BY that computes the
same figure, then the whole page (as the Chief, through the test Client) beside all those
raw queries run one after the other (see bench/README.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench15_m \\
        .venv/bin/python bench/reports/dashboard.py --requests 200 --json out.json

The figures of applications and representation are read from the counts kept by
vss.tallies: the run first counts them (timed, as the worker counts them), then, for each
of three selections, checks every figure three ways, the selector (from the kept counts),
the raw SQL GROUP BY over the kept counts and the raw SQL GROUP BY over the source tables
(the applications, forms, people, mandates, ...), and stops at the first that differs:
the kept counts against a recount at the registry's size. Then each is timed, and the page
beside the raw SQL over the tables it reads (the kept counts, and the source tables for
the figures that are not kept) and beside the raw SQL over the source tables.

Selections: every application, one case with its segments (`--case`, 002 by default:
002/01 and 002/02 file under it), and a period of receipt in months (`--period`, two
years or less, so the figure over time counts by month).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")  # dev settings default to DEBUG, which logs every query
# The figures are counted at the start; the page must not ask for a count while it is timed.
os.environ.setdefault("VSS_FIGURES_MAX_AGE_SECONDS", str(24 * 3600))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from vss.accounts.models import User  # noqa: E402
from vss.applications import figures as applications  # noqa: E402
from vss.applications.figures import AGE_GROUPS, AGE_UNKNOWN, ApplicationSelection  # noqa: E402
from vss.applications.models import Application  # noqa: E402
from vss.applications.workflow import CIVIL_PARTIES  # noqa: E402
from vss.outreach.models import EventStatus, MessageStatus  # noqa: E402
from vss.outreach.selectors import figures as outreach  # noqa: E402
from vss.proceedings.models import Case  # noqa: E402
from vss.reparations.selectors import figures as reparations  # noqa: E402
from vss.reports.dashboard.figures import BUSIEST_LAWYERS, LARGEST_GAPS  # noqa: E402
from vss.reports.dashboard.forms import DashboardFilterForm  # noqa: E402
from vss.representation.models import LawyerStatus  # noqa: E402
from vss.representation.selectors import figures as representation  # noqa: E402
from vss.support import figures as support  # noqa: E402
from vss.tallies.services import count_every_figure  # noqa: E402

CP = "a.status IN ({})".format(", ".join(f"'{status.value}'" for status in sorted(CIVIL_PARTIES)))

# --- the raw SQL: each figure in one GROUP BY ----------------------------------------------


@dataclass(frozen=True)
class Sql:
    """The applications a selection counts, as FROM and WHERE clauses and their
    parameters; the form and the applicant are joined only where a figure needs them."""

    selection: ApplicationSelection

    def where(self) -> tuple[str, list[Any]]:
        conditions, params = ["TRUE"], []
        if self.selection.case_ids is not None:
            conditions.append("a.case_id = ANY(%s)")
            params.append(list(self.selection.case_ids))
        if self.selection.received_from:
            conditions.append("f.received_on >= %s")
            params.append(self.selection.received_from)
        if self.selection.received_to:
            conditions.append("f.received_on <= %s")
            params.append(self.selection.received_to)
        return " AND ".join(conditions), params

    @property
    def by_period(self) -> bool:
        return bool(self.selection.received_from or self.selection.received_to)

    def applications(self, *, form: bool = False, person: bool = False) -> tuple[str, list[Any]]:
        joins = ""
        if form or self.by_period:
            joins += " JOIN applications_victiminformationform f ON f.id = a.form_id"
        if person:
            joins += " JOIN people_person p ON p.id = a.applicant_id"
        where, params = self.where()
        return f"applications_application a{joins} WHERE {where}", params

    @property
    def narrowed(self) -> bool:
        return self.selection != ApplicationSelection()


def rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_case_status(q: Sql) -> dict[Any, Any]:
    source, params = q.applications()
    found = rows(
        f"SELECT c.number, a.status, COUNT(*) FROM {source.replace(' WHERE ', ' JOIN proceedings_case c ON c.id = a.case_id WHERE ', 1)} "
        "GROUP BY 1, 2",
        params,
    )
    return {(number, status): n for number, status, n in found}


def _tally_sql(q: Sql, key: str, *, form: bool = False, person: bool = False) -> dict[Any, Any]:
    source, params = q.applications(form=form, person=person)
    found = rows(
        f"SELECT {key}, COUNT(*), COUNT(*) FILTER (WHERE {CP}) FROM {source} GROUP BY 1", params
    )
    return {k: (n, cp) for k, n, cp in found}


def sql_province(q: Sql) -> dict[Any, Any]:
    return _tally_sql(q, "a.province_code")


def sql_sex(q: Sql) -> dict[Any, Any]:
    return _tally_sql(q, "p.sex", person=True)


def sql_ethnicity(q: Sql) -> dict[Any, Any]:
    return _tally_sql(q, "p.ethnicity", person=True)


def sql_age(q: Sql, on: datetime.date) -> dict[Any, Any]:
    born = "COALESCE(EXTRACT(YEAR FROM p.birth_date)::int, p.birth_year)"
    whens = [f"WHEN {born} IS NULL THEN '{AGE_UNKNOWN}'"]
    for name, low, high in AGE_GROUPS:
        bounds = []
        if low is not None:
            bounds.append(f"{born} <= {on.year - low}")
        if high is not None:
            bounds.append(f"{born} >= {on.year - high}")
        whens.append(f"WHEN {' AND '.join(bounds)} THEN '{name}'")
    return _tally_sql(q, f"CASE {' '.join(whens)} ELSE '' END", person=True)


def _per_item_sql(q: Sql, table: str, key: str) -> dict[Any, Any]:
    """Applications under each item their form records (crime types, harms), once each,
    None for those with none: the items made distinct per form before the count."""
    source, params = q.applications()
    found = rows(
        f"SELECT x.{key}, COUNT(*), COUNT(*) FILTER (WHERE {CP}) FROM {source.replace(' WHERE ', f' LEFT JOIN (SELECT DISTINCT form_id, {key} FROM {table}) x ON x.form_id = a.form_id WHERE ', 1)} "
        "GROUP BY 1",
        params,
    )
    return {k: (n, cp) for k, n, cp in found}


def sql_crime_type(q: Sql) -> dict[Any, Any]:
    return _per_item_sql(q, "applications_crimesuffered", "crime_type_id")


def sql_harm(q: Sql) -> dict[Any, Any]:
    return _per_item_sql(q, "applications_harm", "kind")


def monthly(selection: ApplicationSelection) -> bool:
    from vss.reports.dashboard.figures import MONTHLY_UP_TO

    start, end = selection.received_from, selection.received_to
    return bool(start and end and end - start < MONTHLY_UP_TO)


def sql_period(q: Sql) -> dict[Any, Any]:
    key = (
        "date_trunc('month', f.received_on)::date"
        if monthly(q.selection)
        else "EXTRACT(YEAR FROM f.received_on)::int"
    )
    return _tally_sql(q, key, form=True)


# The applications a practising lawyer holds a mandate in, read once and hashed.
PRACTISING = (
    "SELECT DISTINCT r.application_id FROM representation_representation r "
    "JOIN representation_lawyer l ON l.id = r.lawyer_id "
    f"WHERE r.ended_on IS NULL AND l.status = '{LawyerStatus.RECOGNISED.value}'"
)


def sql_representation(q: Sql) -> dict[Any, Any]:
    source, params = q.applications()
    joined = source.replace(
        " WHERE ",
        f" JOIN proceedings_case c ON c.id = a.case_id LEFT JOIN ({PRACTISING}) m "
        "ON m.application_id = a.id WHERE ",
        1,
    )
    found = rows(
        "SELECT c.number, COUNT(m.application_id), COUNT(*) - COUNT(m.application_id) "
        f"FROM {joined} AND {CP} GROUP BY 1",
        params,
    )
    return {number: (yes, no) for number, yes, no in found}


def sql_caseloads(q: Sql) -> list[tuple[Any, ...]]:
    if q.narrowed:
        source, params = q.applications()
        within = f" AND r.application_id IN (SELECT a.id FROM {source})"
    else:
        within, params = "", []
    found = rows(
        "SELECT r.lawyer_id, COUNT(*) FROM representation_representation r "
        f"WHERE r.ended_on IS NULL{within} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {BUSIEST_LAWYERS}",
        params,
    )
    return [tuple(row) for row in found]


# --- the raw SQL of the kept counts: the same figures from the rows a count keeps ----------

KCP = "k.status IN ({})".format(", ".join(f"'{status.value}'" for status in sorted(CIVIL_PARTIES)))


def _kept_where(q: Sql, figure: str) -> tuple[str, list[Any]]:
    conditions, params = ["k.figure = %s"], [figure]
    if q.selection.case_ids is not None:
        conditions.append("k.case_id = ANY(%s)")
        params.append(list(q.selection.case_ids))
    first, last = q.selection.months
    if first:
        conditions.append("k.month >= %s")
        params.append(first)
    if last:
        conditions.append("k.month <= %s")
        params.append(last)
    return "tallies_keptcount k WHERE " + " AND ".join(conditions), params


def kept_case_status(q: Sql) -> dict[Any, Any]:
    source, params = _kept_where(q, "applications.every")
    found = rows(
        f"SELECT c.number, k.status, SUM(k.n) FROM {source.replace(' WHERE ', ' JOIN proceedings_case c ON c.id = k.case_id WHERE ', 1)} "
        "GROUP BY 1, 2",
        params,
    )
    return {(number, status): n for number, status, n in found}


def kept_tally(
    figure: str, key: str = "k.value", parties: str = "k.status = 'civil_party'"
) -> Callable[[Sql], dict[Any, Any]]:
    def tally(q: Sql) -> dict[Any, Any]:
        source, params = _kept_where(q, figure)
        found = rows(
            f"SELECT {key}, SUM(k.n), COALESCE(SUM(k.n) FILTER (WHERE {parties}), 0) "
            f"FROM {source} GROUP BY 1",
            params,
        )
        return {k: (n, cp) for k, n, cp in found}

    return tally


def kept_period(q: Sql) -> dict[Any, Any]:
    key = "k.month" if monthly(q.selection) else "EXTRACT(YEAR FROM k.month)::int"
    return kept_tally("applications.every", key, KCP)(q)


def kept_representation(q: Sql) -> dict[Any, Any]:
    source, params = _kept_where(q, "representation.represented")
    found = rows(
        "SELECT c.number, COALESCE(SUM(k.n) FILTER (WHERE k.value = 'with'), 0), "
        "COALESCE(SUM(k.n) FILTER (WHERE k.value = 'without'), 0) "
        f"FROM {source.replace(' WHERE ', ' JOIN proceedings_case c ON c.id = k.case_id WHERE ', 1)} "
        "GROUP BY 1",
        params,
    )
    return {number: (yes, no) for number, yes, no in found}


def kept_caseloads(q: Sql) -> list[tuple[Any, ...]]:
    source, params = _kept_where(q, "representation.caseloads")
    found = rows(
        f"SELECT k.value::int, SUM(k.n) FROM {source} GROUP BY 1 ORDER BY 2 DESC, 1 "
        f"LIMIT {BUSIEST_LAWYERS}",
        params,
    )
    return [tuple(row) for row in found]


def sql_support(q: Sql) -> dict[Any, Any]:
    if q.narrowed:
        source, params = q.applications()
        within = f" WHERE r.person_id IN (SELECT a.applicant_id FROM {source})"
    else:
        within, params = "", []
    found = rows(
        f"SELECT r.partner_id, r.status, COUNT(*) FROM support_referral r{within} GROUP BY 1, 2",
        params,
    )
    counts: dict[Any, dict[str, int]] = {}
    for partner, status, n in found:
        counts.setdefault(partner, {})[status] = n
    return counts


def kept_support(q: Sql) -> dict[Any, Any]:
    """The referrals of people with one application from their case and month; those of
    people with several from the list "case@YYYY-MM,..." that one of must match."""
    source, params = _kept_where(q, "support.referrals")
    found = rows(f"SELECT k.status, SUM(k.n) FROM {source} GROUP BY 1", params)
    conditions, more = ["TRUE"], []
    if q.selection.case_ids is not None:
        conditions.append("split_part(x, '@', 1)::int = ANY(%s)")
        more.append(list(q.selection.case_ids))
    first, last = q.selection.months
    if first:
        conditions.append("split_part(x, '@', 2) >= %s AND split_part(x, '@', 2) <> '-'")
        more.append(first.strftime("%Y-%m"))
    if last:
        conditions.append("split_part(x, '@', 2) <= %s AND split_part(x, '@', 2) <> '-'")
        more.append(last.strftime("%Y-%m"))
    if q.narrowed:
        # With no selection the first sum is every referral; with one, it leaves out the
        # people with several applications (no case, no month), counted here.
        found += rows(
            "SELECT k.status, SUM(k.n) FROM tallies_keptcount k "
            "WHERE k.figure = 'support.referrals' AND k.value IS NOT NULL AND EXISTS "
            "(SELECT 1 FROM unnest(string_to_array(k.value, ',')) AS x "
            f"WHERE {' AND '.join(conditions)}) GROUP BY 1",
            more,
        )
    counts: dict[Any, dict[str, int]] = {}
    for group, n in found:
        partner, status = group.split(":")
        by_status = counts.setdefault(int(partner), {})
        by_status[status] = by_status.get(status, 0) + n
    return counts


def kept_messages(q: Sql) -> dict[Any, Any]:
    source, params = _kept_where(q, "outreach.messages")
    sent: dict[str, int] = dict(rows(f"SELECT k.value, SUM(k.n) FROM {source} GROUP BY 1", params))
    q_all_cases = Sql(
        ApplicationSelection(None, q.selection.received_from, q.selection.received_to)
    )
    source, params = _kept_where(q_all_cases, "outreach.event-messages")
    if q.selection.case_ids is not None:
        source += (
            " AND split_part(k.value, ':', 1)::int IN "
            "(SELECT event_id FROM outreach_event_cases WHERE case_id = ANY(%s))"
        )
        params.append(list(q.selection.case_ids))
    for kind, n in rows(
        f"SELECT split_part(k.value, ':', 2), SUM(k.n) FROM {source} GROUP BY 1", params
    ):
        sent[kind] = sent.get(kind, 0) + n
    return sent


def sql_reparations(q: Sql) -> dict[str, Any]:
    if q.selection.case_ids is not None:
        within = " WHERE p.id IN (SELECT project_id FROM reparations_project_cases WHERE case_id = ANY(%s))"
        params: list[Any] = [list(q.selection.case_ids)]
    else:
        within, params = "", []
    gap = "GREATEST(p.budget_usd - p.secured_usd, 0)"
    largest = rows(
        f"SELECT p.id, p.budget_usd, p.secured_usd, p.received_usd, {gap} FROM reparations_project p"
        f"{within} ORDER BY 5 DESC, p.reference LIMIT {LARGEST_GAPS}",
        params,
    )
    total = rows(
        "SELECT COUNT(*), COALESCE(SUM(p.budget_usd), 0), COALESCE(SUM(p.secured_usd), 0), "
        f"COALESCE(SUM(p.received_usd), 0), COALESCE(SUM({gap}), 0) FROM reparations_project p{within}",
        params,
    )[0]
    return {"largest": [tuple(row) for row in largest], "total": tuple(total)}


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _within_sql(column: str, selection: ApplicationSelection) -> tuple[str, list[Any]]:
    sql, params = "", []
    if selection.received_from:
        sql += f" AND {column} >= %s"
        params.append(_day_start(selection.received_from))
    if selection.received_to:
        sql += f" AND {column} < %s"
        params.append(_day_start(selection.received_to + datetime.timedelta(days=1)))
    return sql, params


def sql_events(q: Sql) -> dict[Any, Any]:
    period, params = _within_sql("e.starts_at", q.selection)
    if q.selection.case_ids is not None:
        period += " AND e.id IN (SELECT event_id FROM outreach_event_cases WHERE case_id = ANY(%s))"
        params.append(list(q.selection.case_ids))
    found = rows(
        "SELECT e.kind, COUNT(DISTINCT e.id), "
        "COUNT(DISTINCT i.id) FILTER (WHERE i.attended_at IS NOT NULL) "
        "FROM outreach_event e LEFT JOIN outreach_invitation i ON i.event_id = e.id "
        f"WHERE e.archived_at IS NULL AND e.status = '{EventStatus.HELD.value}'{period} "
        "GROUP BY 1",
        params,
    )
    return {kind: (events, people) for kind, events, people in found}


def sql_messages(q: Sql) -> dict[Any, Any]:
    period, params = _within_sql("m.sent_at", q.selection)
    joins = ""
    if q.selection.case_ids is not None:
        # Each message's application and court date looked up by key, the event's cases
        # by its few rows: an IN (subquery) under OR is checked row by row against every
        # application of the case.
        joins = (
            " LEFT JOIN applications_application a ON a.id = m.application_id"
            " LEFT JOIN outreach_courtdate d ON d.id = m.court_date_id"
        )
        period += (
            " AND (a.case_id = ANY(%s) OR d.case_id = ANY(%s) OR EXISTS (SELECT 1 FROM "
            "outreach_event_cases ec WHERE ec.event_id = m.event_id AND ec.case_id = ANY(%s)))"
        )
        params += [list(q.selection.case_ids)] * 3
    found = rows(
        f"SELECT m.kind, COUNT(*) FROM outreach_message m{joins} "
        f"WHERE m.status = '{MessageStatus.SENT.value}'{period} GROUP BY 1",
        params,
    )
    return dict(found)


# --- the selectors, as the dashboard calls them, their figures in the SQL's shape ---------


def _tallies(found: list[Any]) -> dict[Any, Any]:
    return {t.key: (t.applications, t.civil_parties) for t in found}


def selectors(user: User, selection: ApplicationSelection, on: datetime.date) -> list[Figure]:
    s = selection
    reach = outreach.Reach(case_ids=s.case_ids, since=s.received_from, until=s.received_to)
    return [
        Figure(
            "applications by case and status",
            lambda: {
                (case.number, status): n
                for case, status, n in applications.application_counts_by_case_and_status(user, s)
            },
            sql_case_status,
            kept_case_status,
        ),
        Figure(
            "by province",
            lambda: _tallies(applications.application_tally_by_province(user, s)),
            sql_province,
            kept_tally("applications.province"),
        ),
        Figure(
            "by sex",
            lambda: _tallies(applications.application_tally_by_sex(user, s)),
            sql_sex,
            kept_tally("applications.sex"),
        ),
        Figure(
            "by age group",
            lambda: _tallies(applications.application_tally_by_age_group(user, s)),
            lambda q: sql_age(q, on),
            kept_tally("applications.age"),
        ),
        Figure(
            "by ethnicity",
            lambda: _tallies(applications.application_tally_by_ethnicity(user, s)),
            sql_ethnicity,
            kept_tally("applications.ethnicity"),
        ),
        Figure(
            "by crime type",
            lambda: {
                (crime.pk if crime else None): (t.applications, t.civil_parties)
                for crime, t in applications.application_tally_by_crime_type(user, s)
            },
            sql_crime_type,
            kept_tally("applications.crime", "k.value::int"),
        ),
        Figure(
            "by harm",
            lambda: _tallies(applications.application_tally_by_harm(user, s)),
            sql_harm,
            kept_tally("applications.harm"),
        ),
        Figure(
            "over time",
            lambda: _tallies(applications.application_tally_by_period(user, s, monthly=monthly(s))),
            sql_period,
            kept_period,
        ),
        Figure(
            "with and without a lawyer",
            lambda: {
                row.case.number: (row.with_lawyer, row.without_lawyer)
                for row in representation.civil_parties_by_representation(user, s)
            },
            sql_representation,
            kept_representation,
        ),
        Figure(
            "busiest lawyers",
            lambda: [
                (lawyer.pk, n)
                for lawyer, n in representation.caseloads_of_busiest_lawyers(
                    user, s, top=BUSIEST_LAWYERS
                )
            ],
            sql_caseloads,
            kept_caseloads,
        ),
        Figure(
            "referrals by partner",
            lambda: {
                row.partner.pk: {status: n for status, n in row.by_status.items() if n}
                for row in support.referrals_by_partner(user, s)
            },
            sql_support,
            kept_support,
        ),
        Figure("reparations funding", lambda: _funding(user, s), sql_reparations),
        Figure(
            "outreach events",
            lambda: {
                row.kind: (row.events, row.people)
                for row in outreach.events_held_by_kind(user, reach)
            },
            sql_events,
        ),
        Figure(
            "outreach messages",
            lambda: dict(outreach.messages_sent_by_kind(user, reach)),
            sql_messages,
            kept_messages,
        ),
    ]


def _funding(user: User, selection: ApplicationSelection) -> dict[str, Any]:
    funding = reparations.programme_funding(
        user, case_ids=selection.case_ids, largest_gaps=LARGEST_GAPS
    )

    def amounts(f: reparations.Funding) -> tuple[Decimal, ...]:
        return (f.budget, f.secured, f.received, f.gap)

    return {
        "largest": [(project.pk, *amounts(f)) for project, f in funding.projects],
        "total": (funding.project_count, *amounts(funding.total)),
    }


@dataclass
class Figure:
    name: str
    selector: Callable[[], Any]
    # The figure from the source tables.
    sql: Callable[[Sql], Any]
    # The figure from the kept counts, for the figures the page reads from them.
    kept_sql: Callable[[Sql], Any] | None = None

    def same_tables(self, q: Sql) -> Any:
        """The raw SQL over the tables the page reads."""
        return (self.kept_sql or self.sql)(q)


# --- measuring -----------------------------------------------------------------------------

SLOW_BUDGET_S = 90
MIN_REQUESTS = 20


@dataclass
class Measure:
    name: str
    call: Callable[[], object]
    timings_ms: list[float] = field(default_factory=list)
    queries: int = 0

    def run(self, requests: int, warmup: int) -> Measure:
        """`requests` timed calls after `warmup`; a slow call is timed as often as
        SLOW_BUDGET_S allows (at least MIN_REQUESTS)."""
        for _ in range(warmup):
            self.call()
        while len(self.timings_ms) < requests:
            started = time.perf_counter()
            self.call()
            self.timings_ms.append((time.perf_counter() - started) * 1000)
            if len(self.timings_ms) == MIN_REQUESTS:
                requests = min(requests, max(MIN_REQUESTS, int(SLOW_BUDGET_S * 1000 / self.p50)))
        with CaptureQueriesContext(connection) as captured:
            self.call()
        self.queries = len(captured)
        return self

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        t = sorted(self.timings_ms)
        return t[max(0, int(len(t) * 0.95) - 1)]

    def summary(self) -> dict[str, Any]:
        return {
            "measure": self.name,
            "requests": len(self.timings_ms),
            "p50_ms": round(self.p50, 1),
            "p95_ms": round(self.p95, 1),
            "max_ms": round(max(self.timings_ms), 1),
            "queries": self.queries,
        }


def line(name: str, m: Measure, extra: str = "") -> None:
    print(
        f"  {name:<44} p50 {m.p50:8.1f} ms  p95 {m.p95:8.1f} ms  "
        f"({len(m.timings_ms)} calls, {m.queries} queries){extra}",
        flush=True,
    )


def normalised(value: Any) -> Any:
    """Figures compared whatever their order and numeric type."""
    if isinstance(value, dict):
        return {str(k): normalised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalised(v) for v in value]
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def run_selection(
    label: str,
    params: dict[str, str],
    user: User,
    client: Client,
    args: argparse.Namespace,
) -> dict[str, Any]:
    form = DashboardFilterForm(QueryDict(mode_params(params)) if params else None)
    if params and not form.is_valid():
        raise SystemExit(f"{label}: the filter is refused: {form.errors.as_text()}")
    selection = form.selection()
    q = Sql(selection)
    on = timezone.localdate()
    figures = selectors(user, selection, on)
    print(f"\n{label}: {params or 'no filter'} -> {selection}", flush=True)
    for figure in figures:
        by_selector, by_sql = normalised(figure.selector()), normalised(figure.sql(q))
        by_kept = normalised(figure.same_tables(q))
        if not by_selector == by_sql == by_kept:
            raise SystemExit(
                f"{label}, {figure.name}: the selector and the SQL differ:\n"
                f"  selector {by_selector}\n  SQL      {by_sql}\n  kept SQL {by_kept}"
            )
    print(
        f"  the {len(figures)} figures are the same by the selectors (kept counts), by the "
        "raw SQL of the kept counts and by the raw SQL of the source tables"
    )
    if args.show:
        for figure in figures:
            print(f"    {figure.name}: {normalised(figure.sql(q))}")

    results: dict[str, Any] = {"selection": label, "params": params, "figures": []}
    if not args.page_only:
        for figure in figures:
            by_sql = Measure("sql", lambda figure=figure: figure.sql(q)).run(
                args.source_requests, 1
            )
            by_same = Measure("same tables", lambda figure=figure: figure.same_tables(q)).run(
                args.requests, args.warmup
            )
            by_selector = Measure("selector", figure.selector).run(args.requests, args.warmup)
            ratio = by_selector.p95 / by_same.p95
            line(f"{figure.name}: raw SQL, source tables", by_sql)
            if figure.kept_sql:
                line(f"{figure.name}: raw SQL, kept counts", by_same)
            line(f"{figure.name}: selector", by_selector, f"  {ratio:.2f} x")
            results["figures"].append(
                {
                    "figure": figure.name,
                    "kept": figure.kept_sql is not None,
                    "sql_source": by_sql.summary(),
                    "sql_same_tables": by_same.summary(),
                    "selector": by_selector.summary(),
                    "p95_ratio_to_same_tables": round(ratio, 2),
                }
            )

    def all_source_sql() -> None:
        for figure in figures:
            figure.sql(q)

    def all_same_sql() -> None:
        for figure in figures:
            figure.same_tables(q)

    url = reverse("reports:dashboard")

    def page() -> None:
        response = client.get(url, params)
        if response.status_code != 200 or b'id="figure-case-status"' not in response.content:
            raise SystemExit(f"{url} {params}: HTTP {response.status_code}, or no figures")

    source_sql = Measure("all raw SQL, source", all_source_sql).run(args.source_requests, 1)
    same_sql = Measure("all raw SQL, same tables", all_same_sql).run(args.requests, args.warmup)
    whole = Measure("page", page).run(args.requests, args.warmup)
    ratio = whole.p95 / same_sql.p95
    line("the raw SQL of every figure, source tables", source_sql)
    line("the raw SQL of every figure, same tables", same_sql)
    line(
        "the page (/reports/figures/)",
        whole,
        f"  {ratio:.2f} x the same tables' SQL, {source_sql.p95 / whole.p95:.0f} x faster than "
        "the source's",
    )
    results |= {
        "all_sql_source": source_sql.summary(),
        "all_sql_same_tables": same_sql.summary(),
        "page": whole.summary(),
        "page_p95_to_same_tables_sql": round(ratio, 2),
        "source_sql_p95_to_page_p95": round(source_sql.p95 / whole.p95, 1),
        "load": os.getloadavg(),
    }
    return results


def time_the_count(runs: int) -> dict[str, Any]:
    """The count that keeps the figures, as the worker runs it (each in its transaction)."""
    timings = []
    kept = 0
    for _ in range(runs):
        started = time.perf_counter()
        with transaction.atomic():
            kept = count_every_figure()
        timings.append(time.perf_counter() - started)
    print(
        f"\nthe count of every kept figure: {kept:,} rows kept; "
        + ", ".join(f"{t:.1f} s" for t in timings),
        flush=True,
    )
    return {"kept_rows": kept, "seconds": [round(t, 1) for t in timings]}


def mode_params(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--source-requests", type=int, default=5, help="calls of the source tables' raw SQL"
    )
    parser.add_argument("--count-runs", type=int, default=2, help="counts of the kept figures")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--user", default="chief")
    parser.add_argument("--case", default="002", help="the case of the filtered run (number)")
    parser.add_argument(
        "--period", default="2009-01:2010-12", help="received from:until, months (YYYY-MM)"
    )
    parser.add_argument("--only", help="the selections whose name holds this text")
    parser.add_argument("--page-only", action="store_true", help="time the page and SQL only")
    parser.add_argument("--show", action="store_true", help="print the figures")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument(
        "--no-jit",
        action="store_true",
        help="turn PostgreSQL's JIT compilation off for the session (it is on by default)",
    )
    parser.add_argument("--work-mem", help="the session's work_mem (4MB by default), e.g. 64MB")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("the figures are PostgreSQL's: set DATABASE_URL to the bench database")
    # The page runs in this process on the same connection: the settings apply to it too.
    with connection.cursor() as cursor:
        if args.no_jit:
            cursor.execute("SET jit = off")
        if args.work_mem:
            cursor.execute("SELECT set_config('work_mem', %s, false)", [args.work_mem])
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]

    user = User.objects.get(username=args.user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    case = Case.objects.get(number=args.case)
    start, end = args.period.split(":")
    print(
        f"{connection.settings_dict['NAME']}: {Application.objects.count():,} applications; "
        f"user {user.username}; load {os.getloadavg()[0]:.2f}; jit {jit}, work_mem {work_mem}",
        flush=True,
    )
    selections = [
        ("unfiltered", {}),
        (f"case {case.number}", {"case": str(case.pk)}),
        (f"period {start} to {end}", {"received_from": start, "received_to": end}),
    ]
    results = []
    started = os.getloadavg()
    count = time_the_count(args.count_runs)
    for label, params in selections:
        if not args.only or args.only in label:
            results.append(run_selection(label, params, user, client, args))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": platform.platform(),
                    "load_at_start": started,
                    "jit": jit,
                    "work_mem": work_mem,
                    "load_at_end": os.getloadavg(),
                    "applications": Application.objects.count(),
                    "count": count,
                    "results": results,
                },
                indent=2,
                default=str,
            )
        )


if __name__ == "__main__":
    main()
