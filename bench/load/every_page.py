#!/usr/bin/env python
"""Every main page of every role, in process: the diagnosis beside the load test of record.

Each page of `vss.testing.main_pages` (the lists and the fullest record of each role's
scope) is requested through Django's test client, signed in as the role's demo account
with its second factor, once to warm up and then `--requests` times; it prints the median
wall time, the process's CPU time, the time spent in SQL and the number of queries. A
statement that runs longer than `--timeout-ms` is cancelled by PostgreSQL and the page
reported as timed out, so that one slow page does not hold up the rest.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_bench \\
        .venv/bin/python bench/load/every_page.py --json /tmp/pages.json

No network and no server: the figures are the server's own time, to find the pages to
look at; `bench/load/run.py` is the measure of record.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")  # dev settings default to DEBUG, which logs every query

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from vss.accounts.models import User  # noqa: E402
from vss.testing.clients import force_verified_login  # noqa: E402
from vss.testing.main_pages import DEMO_USERNAMES, PAGES, QUERIES, RECORDS  # noqa: E402


def limit_statements(milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(milliseconds)}")


def _timer(spent: list[float]):  # type: ignore[no-untyped-def]
    """A database execute wrapper that adds each statement's time to `spent`."""

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - start)

    return timed


def measure(client: Client, path: str, requests: int) -> dict[str, float]:
    walls, cpus, sqls, queries = [], [], [], 0
    for _ in range(requests):
        spent: list[float] = []
        timed = _timer(spent)
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(timed):
            client.get(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        sqls.append(sum(spent))
        queries = len(spent)
    return {
        "wall_ms": statistics.median(walls) * 1000,
        "cpu_ms": statistics.median(cpus) * 1000,
        "sql_ms": statistics.median(sqls) * 1000,
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", default="", help="comma-separated; every one if empty")
    parser.add_argument("--pages", default="", help="only URL names containing one of these")
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--timeout-ms", type=int, default=5000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    personas = [p for p in args.personas.split(",") if p] or list(PAGES)
    wanted = [p for p in args.pages.split(",") if p]
    rows = []
    for persona in personas:
        user = User.objects.get(username=DEMO_USERNAMES[persona])
        client = Client(HTTP_HOST="127.0.0.1")
        force_verified_login(client, user)
        client.cookies["django_language"] = "km"
        for name in PAGES[persona]:
            if wanted and not any(w in name for w in wanted):
                continue
            limit_statements(args.timeout_ms)
            try:
                path = (
                    reverse(name, args=[RECORDS[name](user)]) if name in RECORDS else reverse(name)
                )
                if name in QUERIES:
                    path = f"{path}?{QUERIES[name](user)}"
                response = client.get(path)
                row = {"persona": persona, "page": name, "status": response.status_code}
                row |= measure(client, path, args.requests)
            except Exception as error:  # a cancelled statement, or a record the data lacks
                connection.close()
                print(f"{persona:15} {name:40} not measured: {str(error)[:80]}", flush=True)
                continue
            rows.append(row)
            print(
                f"{persona:15} {name:40} {row['status']} wall {row['wall_ms']:8.1f} ms"
                f"  cpu {row['cpu_ms']:6.1f}  sql {row['sql_ms']:8.1f}  queries {row['queries']}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
