#!/usr/bin/env python
"""Server time of the reparations programme's overview figures against a large data set:
the funding gaps by category and by case (the funding area's `funding_overview`) and the
tally of proposals by case, category and province with the share answered (the
consultation area's `tally_for_user`), each beside the raw SQL GROUP BY that computes the
same figures, and the pages that show them (see bench/README.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_rep_bench \\
        .venv/bin/python bench/reparations/overview.py --setup --projects 1000
    DATABASE_URL=... .venv/bin/python bench/reparations/overview.py --requests 200

`--setup` brings the programme up to `--projects` projects (the demo's thirty-odd plus
made-up ones, marked BENCH-, on Case 002's trial segments, some on both) and has each
made-up project answer a share of Case 002's proposals, in two statements; it runs once,
a second run adds nothing. Each measurement checks first that the selector and the SQL
give the same figures, then times `--requests` calls after `--warmup`, and prints p50,
p95 and the ratio of the selector's p95 to the SQL's.
"""

from __future__ import annotations

import argparse
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

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from vss.accounts.models import User  # noqa: E402
from vss.proceedings.models import Case  # noqa: E402
from vss.reparations.models import Category, Project, ProjectStatus, Proposal  # noqa: E402
from vss.reparations.services.consultation import answered_flags_refresh  # noqa: E402

PROJECT = Project._meta.db_table
PROJECT_CASES = Project.cases.through._meta.db_table
PROPOSAL = Proposal._meta.db_table
ANSWERED_BY = Proposal.answered_by.through._meta.db_table
BENCH = "BENCH-"

# --- the raw SQL: the same figures, one GROUP BY each ----------------------------------------

GAP = "GREATEST(p.budget_usd - p.secured_usd, 0)"
TOTALS = f"COUNT(*), SUM(p.budget_usd), SUM(p.secured_usd), SUM(p.received_usd), SUM({GAP})"
GAPS_BY_CATEGORY = f"SELECT p.category, {TOTALS} FROM {PROJECT} p GROUP BY p.category ORDER BY 1"
GAPS_BY_CASE = (
    f"SELECT c.number, {TOTALS} FROM {PROJECT} p "
    f"JOIN {PROJECT_CASES} pc ON pc.project_id = p.id "
    f"JOIN proceedings_case c ON c.id = pc.case_id GROUP BY c.number ORDER BY 1"
)
GAPS_TOTAL = f"SELECT {TOTALS} FROM {PROJECT} p"
# A proposal is answered when a project not abandoned answers it.
ANSWERED = (
    f"EXISTS (SELECT 1 FROM {ANSWERED_BY} ab JOIN {PROJECT} pr ON pr.id = ab.project_id "
    f"WHERE ab.proposal_id = q.id AND pr.status <> '{ProjectStatus.ABANDONED.value}')"
)
TALLY = (
    "SELECT c.number, q.category, q.province_id, COUNT(*), "
    "COUNT(DISTINCT a.applicant_id), "
    "COUNT(*) FILTER (WHERE linked), "
    "COUNT(DISTINCT a.applicant_id) FILTER (WHERE linked) "
    # Recounted from the links, beside the proposal's kept flag `answered`.
    f"FROM (SELECT q.*, {ANSWERED} AS linked FROM {PROPOSAL} q "
    "WHERE q.archived_at IS NULL) q "
    "JOIN proceedings_case c ON c.id = q.case_id "
    "LEFT JOIN applications_application a ON a.id = q.application_id "
    "GROUP BY c.number, q.category, q.province_id ORDER BY 1, 2, 3"
)

# The same figures with the answered proposals read once, as one set the database hashes,
# rather than looked up proposal by proposal.
ANSWERING = (
    f"SELECT ab.proposal_id FROM {ANSWERED_BY} ab JOIN {PROJECT} pr "
    f"ON pr.id = ab.project_id WHERE pr.status <> '{ProjectStatus.ABANDONED.value}'"
)
ANSWERED_SET = ANSWERING.replace("SELECT", "SELECT DISTINCT", 1)
TALLY_HASHED = (
    "SELECT c.number, q.category, q.province_id, COUNT(*), "
    "COUNT(DISTINCT a.applicant_id), "
    "COUNT(x.proposal_id), "
    "COUNT(DISTINCT a.applicant_id) FILTER (WHERE x.proposal_id IS NOT NULL) "
    f"FROM {PROPOSAL} q JOIN proceedings_case c ON c.id = q.case_id "
    "LEFT JOIN applications_application a ON a.id = q.application_id "
    f"LEFT JOIN ({ANSWERED_SET}) x ON x.proposal_id = q.id "
    "WHERE q.archived_at IS NULL "
    "GROUP BY c.number, q.category, q.province_id ORDER BY 1, 2, 3"
)

# The same figures from the flag the services keep (a project not abandoned answers the
# proposal), with Civil Parties counted as the applications named, as the selector does.
TALLY_KEPT = (
    "SELECT c.number, q.category, q.province_id, COUNT(*), COUNT(q.application_id), "
    "COUNT(*) FILTER (WHERE q.answered), COUNT(q.application_id) FILTER (WHERE q.answered) "
    f"FROM {PROPOSAL} q JOIN proceedings_case c ON c.id = q.case_id "
    "WHERE q.archived_at IS NULL "
    "GROUP BY c.number, q.category, q.province_id ORDER BY 1, 2, 3"
)


def sql_rows(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def gaps_by_sql() -> dict[str, Any]:
    return {
        "by_category": sql_rows(GAPS_BY_CATEGORY),
        "by_case": sql_rows(GAPS_BY_CASE),
        "total": sql_rows(GAPS_TOTAL)[0],
    }


def tally_by_sql() -> list[tuple[Any, ...]]:
    return sql_rows(TALLY)


def tally_by_hashed_sql() -> list[tuple[Any, ...]]:
    return sql_rows(TALLY_HASHED)


def tally_by_kept_flag_sql() -> list[tuple[Any, ...]]:
    return sql_rows(TALLY_KEPT)


def same_tally(got: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> bool:
    """The same rows, whatever their order (a blank province sorts apart in each)."""

    def key(row: tuple[Any, ...]) -> tuple[str, ...]:
        return tuple("" if value is None else str(value) for value in row)

    return sorted(got, key=key) == sorted(expected, key=key)


# --- the selectors, as the pages call them ---------------------------------------------------


def _money(value: Any) -> Decimal:
    return Decimal(value or 0)


def gaps_by_selector(user: User) -> dict[str, Any]:
    from vss.reparations.selectors.funding import funding_overview

    overview = funding_overview(user)

    def row(key: object, r: dict[str, Any]) -> tuple[Any, ...]:
        return (key, r["projects"], *(_money(r[k]) for k in ("budget", "secured", "received", "gap")))  # fmt: skip

    return {
        "by_category": [row(r["category"], r) for r in overview.by_category],
        "by_case": [row(r["cases__number"], r) for r in overview.by_case],
        "total": row(None, overview.total)[1:],
        "projects listed": len(overview.projects),
    }


def tally_by_selector(user: User) -> list[tuple[Any, ...]]:
    from vss.reparations.selectors.consultation import tally_for_user

    return [
        (
            r.case_number,
            r.category,
            r.province_id,
            r.proposals,
            r.civil_parties,
            r.answered,
            r.civil_parties_answered,
        )
        for r in tally_for_user(user)
    ]


def same_gaps(sql: dict[str, Any], selector: dict[str, Any]) -> bool:
    def norm(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [(k, n, *(_money(v) for v in rest)) for k, n, *rest in rows]

    return (
        norm(sql["by_category"]) == norm(selector["by_category"])
        and norm(sql["by_case"]) == norm(selector["by_case"])
        and (sql["total"][0], *(_money(v) for v in sql["total"][1:]))
        == (selector["total"][0], *(_money(v) for v in selector["total"][1:]))
    )


# --- the data set ----------------------------------------------------------------------------


def setup(projects: int, answered_share: int) -> None:
    """Bring the programme up to `projects` projects, with a share of Case 002's proposals
    answered by the made-up ones. Made-up projects carry kept totals only (no budget lines,
    pledges or payments): the overview reads the totals."""
    if Project.objects.filter(reference__startswith=BENCH).exists():
        print("set-up: done before, nothing added")
        return
    missing = projects - Project.objects.count()
    if missing <= 0:
        print(f"set-up: {Project.objects.count()} projects already")
        return
    segments = list(Case.objects.filter(number__in=("002/01", "002/02")).order_by("number"))
    case_002 = Case.objects.get(number="002")
    officer = User.objects.get(username="reparations")
    categories = [value for value, _ in Category.choices]
    statuses = [  # weighted as a programme some years on: most at work or done
        *[ProjectStatus.IDEA] * 2,
        *[ProjectStatus.DESIGNED] * 2,
        *[ProjectStatus.FUNDRAISING] * 3,
        *[ProjectStatus.FUNDED] * 2,
        *[ProjectStatus.ENDORSED] * 2,
        *[ProjectStatus.IN_IMPLEMENTATION] * 5,
        *[ProjectStatus.COMPLETED] * 6,
        ProjectStatus.ABANDONED,
    ]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # Budgets of 10,000 to 500,000 USD, secured 0-120 % of them, received most of that.
        cursor.execute(
            f"INSERT INTO {PROJECT} (version, reference, title_km, title_en, title_fr, "
            "description_km, description_en, description_fr, category, status, track, "
            "officer_id, budget_usd, secured_usd, received_usd, created_at, created_by_id) "
            "SELECT 0, %s || LPAD(n::text, 4, '0'), 'គម្រោង ' || n, 'Project ' || n, "
            "'Projet ' || n, '', '', '', (%s::text[])[1 + n %% 4], "
            "(%s::text[])[1 + (n * 7) %% %s], 'judicial', %s, b, s, "
            "ROUND(s * ((n * 37) %% 100) / 100.0, 2), NOW(), %s "
            "FROM (SELECT n, ROUND((10000 + (n * 7919) %% 490000)::numeric, 2) AS b, "
            "ROUND((10000 + (n * 7919) %% 490000) * ((n * 53) %% 121) / 100.0, 2) AS s "
            "FROM generate_series(1, %s) AS n) g",
            [BENCH, categories, [str(s) for s in statuses], len(statuses), officer.pk,
             officer.pk, missing],
        )  # fmt: skip
        # The cases: 002/01 (even ids) or 002/02, one project in ten on both.
        cursor.execute(
            f"INSERT INTO {PROJECT_CASES} (project_id, case_id) "
            f"SELECT id, CASE WHEN id %% 2 = 0 THEN %s ELSE %s END FROM {PROJECT} "
            "WHERE reference LIKE %s "
            f"UNION ALL SELECT id, %s FROM {PROJECT} WHERE reference LIKE %s AND id %% 10 = 0",
            [segments[0].pk, segments[1].pk, BENCH + "%", segments[1].pk, BENCH + "%"],
        )
        # Each made-up project answers the proposals of Case 002 whose id falls to it,
        # `answered_share` in a hundred of them.
        cursor.execute(
            f"INSERT INTO {ANSWERED_BY} (proposal_id, project_id) "
            f"SELECT q.id, p.id FROM {PROPOSAL} q JOIN (SELECT id, ROW_NUMBER() OVER "
            f"(ORDER BY id) - 1 AS k FROM {PROJECT} WHERE reference LIKE %s) p "
            "ON q.id %% %s = p.k WHERE q.case_id = %s AND q.id %% 100 < %s",
            [BENCH + "%", missing, case_002.pk, answered_share],
        )
        linked = cursor.rowcount
        # Links written past the services: their proposals' kept flag is set from them.
        answered_flags_refresh(Proposal.objects.filter(case=case_002))
        for table in (PROJECT, PROJECT_CASES, ANSWERED_BY, PROPOSAL):
            cursor.execute(f"ANALYZE {table}")
    print(
        f"set-up: {missing} projects added, {linked:,} proposals linked to them "
        f"in {time.perf_counter() - started:.1f} s"
    )


# --- measuring -------------------------------------------------------------------------------


SLOW_BUDGET_S = 120
MIN_REQUESTS = 20


@dataclass
class Measure:
    name: str
    call: Callable[[], object]
    timings_ms: list[float] = field(default_factory=list)
    queries: int = 0

    def run(self, requests: int, warmup: int) -> None:
        """`requests` timed calls after `warmup`; a call of seconds is timed fewer times,
        as many as fit in SLOW_BUDGET_S (at least MIN_REQUESTS), so that a slow figure is
        still measured in minutes, not hours."""
        warming = time.perf_counter()
        for _ in range(warmup):
            self.call()
            if time.perf_counter() - warming > SLOW_BUDGET_S / 10:
                break
        while len(self.timings_ms) < requests:
            started = time.perf_counter()
            self.call()
            self.timings_ms.append((time.perf_counter() - started) * 1000)
            if len(self.timings_ms) == MIN_REQUESTS:
                requests = min(requests, max(MIN_REQUESTS, int(SLOW_BUDGET_S * 1000 / self.p50)))
        with CaptureQueriesContext(connection) as captured:
            self.call()
        self.queries = len(captured)

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        t = sorted(self.timings_ms)
        return t[max(0, int(len(t) * 0.95) - 1)]

    def summary(self) -> dict[str, object]:
        return {
            "measure": self.name,
            "requests": len(self.timings_ms),
            "p50_ms": round(self.p50, 1),
            "p95_ms": round(self.p95, 1),
            "max_ms": round(max(self.timings_ms), 1),
            "queries": self.queries,
        }


@dataclass
class Comparison:
    """A selector beside the SQL that computes its figures: checked to agree, then timed."""

    label: str
    sqls: list[tuple[str, Callable[[], Any]]]
    selector: Callable[[], Any]
    same: Callable[[Any, Any], bool]

    def run(self, requests: int, warmup: int) -> list[dict[str, object]]:
        try:
            expected = self.selector()
        except ImportError:
            expected = None
            print(f"{self.label}: its selector is not in this tree; the SQL alone")
        for name, by_sql in self.sqls:
            if expected is not None and not self.same(by_sql(), expected):
                raise SystemExit(f"{self.label}: {name} and the selector give other figures")
        measures = [Measure(f"{self.label}: {name}", by_sql) for name, by_sql in self.sqls]
        if expected is not None:
            measures.append(Measure(f"{self.label}: selector", self.selector))
        baseline = measures[0]
        summaries = []
        for measure in measures:
            measure.run(requests, warmup)
            ratio = measure.p95 / baseline.p95
            summaries.append(measure.summary() | {"p95_to_raw_sql": round(ratio, 2)})
            print(
                f"{measure.name:<62} p50 {measure.p50:8.1f} ms  p95 {measure.p95:8.1f} ms"
                f"  ({len(measure.timings_ms)} requests, {measure.queries} queries; "
                f"p95 {ratio:.2f} x the raw SQL's)"
            )
        return summaries


def page(client: Client, name: str) -> Callable[[], object] | None:
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None

    def get() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response

    return get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="add the made-up projects first")
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument(
        "--answered", type=int, default=40, help="per cent of Case 002's proposals answered"
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--user", default="chief")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--only", help="the measures whose name holds this text")
    parser.add_argument(
        "--no-jit",
        action="store_true",
        help="turn PostgreSQL's JIT compilation off for the session (it is on by default)",
    )
    parser.add_argument(
        "--kept-only",
        action="store_true",
        help="the tally against the raw SQL on the kept flag alone (the recounts from the "
        "links take seconds a call)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("the figures are PostgreSQL's: set DATABASE_URL to the bench database")
    if args.setup:
        setup(args.projects, args.answered)

    if args.no_jit:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
    user = User.objects.get(username=args.user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(
        f"{connection.settings_dict['NAME']}: {Project.objects.count():,} projects, "
        f"{Proposal.objects.count():,} proposals; user {user.username}; "
        f"load {os.getloadavg()[0]:.1f}; JIT {'off' if args.no_jit else 'as configured'}"
    )
    comparisons = [
        Comparison(
            "gaps by category and case",
            [("raw SQL", gaps_by_sql)],
            lambda: gaps_by_selector(user),
            same_gaps,
        ),
        Comparison(
            "tally by case, category, province",
            [("raw SQL, the kept flag", tally_by_kept_flag_sql)]
            if args.kept_only
            else [
                ("raw SQL", tally_by_sql),
                ("raw SQL, answered hashed once", tally_by_hashed_sql),
                ("raw SQL, the kept flag", tally_by_kept_flag_sql),
            ],
            lambda: tally_by_selector(user),
            same_tally,
        ),
    ]
    results: list[dict[str, object]] = []
    for comparison in comparisons:
        if not args.only or args.only in comparison.label:
            results += comparison.run(args.requests, args.warmup)
    for label, name in (
        ("page: funding overview", "reparations:funding"),
        ("page: tally", "reparations:tally"),
        ("page: public list", "reparations:public_list"),
    ):
        if args.only and args.only not in label:
            continue
        get = page(client, name)
        if get is None:
            print(f"{label}: no such page in this tree")
            continue
        measure = Measure(label, get)
        measure.run(args.requests, args.warmup)
        results.append(measure.summary())
        print(
            f"{measure.name:<62} p50 {measure.p50:8.1f} ms  p95 {measure.p95:8.1f} ms"
            f"  ({len(measure.timings_ms)} requests, {measure.queries} queries)"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": platform.platform(),
                    "load": os.getloadavg(),
                    "projects": Project.objects.count(),
                    "proposals": Proposal.objects.count(),
                    "results": results,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
