#!/usr/bin/env python
"""Server time of the busiest pages against a large data set (see bench/README.md).

Each request goes through Django's test Client, in this process: the whole middleware
stack, the view, its queries and the template, but no network and no HTTP server, so the
figure is the server's own time. Each scenario runs `--warmup` requests, then
`--requests` measured ones, rotating through a pool of different URLs (names, provinces,
applications) so that one lucky query does not stand for the page. The detail page and a
minimal view (bench_urls.minimal, same middleware, same logged-in user) are then run in
turn to compare their requests per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_bench \\
        .venv/bin/python bench/app_bench.py --requests 200 --json bench/results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_plus, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")  # dev settings default to DEBUG, which logs every query

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vss.accounts.models import User  # noqa: E402
from vss.applications.models import Application, Status  # noqa: E402
from vss.geo.models import Province  # noqa: E402
from vss.people.models import Person, PersonName  # noqa: E402
from vss.proceedings.models import Case  # noqa: E402

settings.ROOT_URLCONF = "bench_urls"

# Name searches, by kind. Common: the head of the Zipf-like name lists; rare: their tail
# and the names of minorities; variants: other romanisations of common names.
COMMON = ["SOK", "chea", "Keo", "HENG Sophea", "sok theary", "Ly Dara", "CHAN Sokha", "mao"]
VARIANTS = ["SOKH", "CHEAR Sophear", "PAUV", "sok teary", "KEOV Vicheth", "Chhoeum"]
RARE = [
    "PEANG Savoeun",
    "KHOEM Sokhoeun",
    "SANN Hean",
    "RUOS Makara",
    "SALEH Fatimah",
    "NGUYEN Thi",
    "Eang Pheakdey",
    "CHOUM Rattha",
]
KHMER = ["សុខ", "ជា សុភា", "កែវ ធារី", "ពាង", "ខឹម សុខឿន", "ហេង ដារ៉ា"]


@dataclass
class Scenario:
    name: str
    urls: list[str]
    user: str = "intake"
    timings_ms: list[float] = field(default_factory=list)
    by_url: dict[str, list[float]] = field(default_factory=dict)
    queries: int = 0
    slowest_sql: str = ""
    slowest_sql_ms: float = 0.0

    def summary(self) -> dict[str, object]:
        t = sorted(self.timings_ms)
        return {
            "scenario": self.name,
            "user": self.user,
            "requests": len(t),
            "p50_ms": round(statistics.median(t), 1),
            "p95_ms": round(t[max(0, int(len(t) * 0.95) - 1)], 1),
            "max_ms": round(t[-1], 1),
            "mean_ms": round(statistics.fmean(t), 1),
            "queries": self.queries,
            "slowest_query_ms": round(self.slowest_sql_ms, 1),
            "slowest_urls": [
                {"url": url, "median_ms": round(statistics.median(times), 1)}
                for url, times in sorted(
                    self.by_url.items(), key=lambda item: -statistics.median(item[1])
                )[:3]
            ],
        }


def _list(**params: object) -> str:
    return "/applications/?" + urlencode({k: v for k, v in params.items() if v is not None})


def scenarios(rng: random.Random) -> list[Scenario]:
    cases = {c.number: c.pk for c in Case.objects.all()}
    provinces = sorted(Province.objects.values_list("code", flat=True))
    combos = [
        ("002", Status.ADMITTED),
        ("002", Status.ADMITTED_ON_APPEAL),
        ("004", Status.CASE_TERMINATED),
        ("004/02", Status.TRANSMITTED),
        ("001", Status.ADMITTED),
        ("002", Status.INCOMPLETE),
        ("003", Status.CASE_TERMINATED),
        ("004/01", Status.APPEALED),
    ]
    last = Application.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = [rng.randint(1, last) for _ in range(400)]
    aliases = list(
        PersonName.objects.filter(
            is_alias=True, id__in=[rng.randint(1, last * 2) for _ in range(3000)]
        ).values_list("family_name", "given_name")[:40]
    )
    pseudonyms = list(
        Person.objects.filter(is_protected=True).values_list("pseudonym", flat=True)[:20]
    )

    def q(words: list[str]) -> list[str]:
        return [_list(q=w) for w in words]

    result = [
        Scenario("list: default", ["/applications/"]),
        Scenario("list: page 20", [_list(page=20)]),
        Scenario(
            "list: case + status",
            [_list(case=cases[n], status=s) for n, s in combos if n in cases],
        ),
        Scenario("list: province", [_list(province=p) for p in provinces]),
        Scenario("search: common names", q(COMMON)),
        Scenario("search: romanisation variants", q(VARIANTS)),
        Scenario("search: rare names", q(RARE)),
        Scenario("search: Khmer script", q(KHMER)),
        Scenario("search: alias", q([f"{f} {g}" for f, g in aliases] or ["SOKH"])),
        Scenario("search: pseudonym", q(pseudonyms or ["PS-00001"])),
        Scenario("search: common names (chief)", q(COMMON), user="chief"),
        Scenario("search: rare names (chief)", q(RARE), user="chief"),
        Scenario("detail", [f"/applications/{i}/" for i in ids]),
        # Representation (issue 4) over the whole registry: the consolidated group of each
        # case (Case 002 holds most Civil Parties), the Civil Parties still without a
        # lawyer, and the cases with their group counts.
        Scenario(
            "consolidated group (chief)",
            [f"/representation/cases/{pk}/consolidated/" for pk in cases.values()],
            user="chief",
        ),
        Scenario(
            "without a lawyer (chief)",
            ["/representation/without-a-lawyer/"]
            + [f"/representation/without-a-lawyer/?case={pk}" for pk in cases.values()],
            user="chief",
        ),
        Scenario("groups by case (chief)", ["/representation/groups/"], user="chief"),
        Scenario("minimal view", ["/bench/minimal/"]),
    ]
    return result


def use_baseline_search(commit: str) -> None:
    """Swap in the name search of an earlier commit (read with git show)."""
    import subprocess
    import types

    from vss.applications import selectors as application_selectors

    source = subprocess.run(
        ["git", "show", f"{commit}:vss/people/selectors.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("baseline_people_selectors")
    module.__package__ = "vss.people"
    exec(compile(source, f"{commit}:vss/people/selectors.py", "exec"), module.__dict__)
    application_selectors.person_filter_by_name = module.person_filter_by_name  # type: ignore[attr-defined]
    print(f"baseline: name search of {commit}")


def run(scenario: Scenario, client: Client, requests: int, warmup: int) -> None:
    urls = scenario.urls
    for i in range(warmup):
        client.get(urls[i % len(urls)])
    for i in range(requests):
        url = urls[(i + warmup) % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        scenario.timings_ms.append(elapsed)
        scenario.by_url.setdefault(url, []).append(elapsed)
        if response.status_code not in (200, 404):
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    # Queries of one request (the slowest pool URL would be better, the first is enough).
    worst = max(range(min(len(urls), 20)), key=lambda i: scenario.timings_ms[i])
    with CaptureQueriesContext(connection) as captured:
        client.get(urls[(worst + warmup) % len(urls)])
    scenario.queries = len(captured)
    slowest = max(captured.captured_queries, key=lambda c: float(c["time"]), default=None)
    if slowest:
        scenario.slowest_sql = slowest["sql"]
        scenario.slowest_sql_ms = float(slowest["time"]) * 1000


def rps(client: Client, urls: list[str], seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        client.get(urls[count % len(urls)])
        count += 1
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rps-seconds", type=float, default=15.0)
    parser.add_argument(
        "--only", help="run the scenarios whose name contains this (several: comma-separated)"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--baseline",
        metavar="COMMIT",
        help="measure the name search of vss/people/selectors.py as it was at COMMIT "
        "(the baseline: 046314c), on a database with that commit's indexes",
    )
    args = parser.parse_args()
    if args.baseline:
        use_baseline_search(args.baseline)

    rng = random.Random(args.seed)
    applications = Application.objects.count()
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: {applications:,} applications, "
        f"{Person.objects.count():,} people; DEBUG={settings.DEBUG}"
    )
    clients: dict[str, Client] = {}
    for username in ("intake", "chief"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        clients[username] = client

    results = []
    load_at_start = os.getloadavg()
    wanted = args.only.split(",") if args.only else []
    todo = [s for s in scenarios(rng) if not wanted or any(w in s.name for w in wanted)]
    for scenario in todo:
        run(scenario, clients[scenario.user], args.requests, args.warmup)
        summary = scenario.summary()
        results.append(summary)
        print(
            f"{scenario.name:<36} p50 {summary['p50_ms']:>7} ms  p95 {summary['p95_ms']:>7} ms  "
            f"max {summary['max_ms']:>7} ms  {summary['queries']:>2} queries, slowest "
            f"{summary['slowest_query_ms']} ms",
            flush=True,
        )
        if len(scenario.by_url) > 1:
            worst = ", ".join(
                f"{unquote_plus(u['url'].split('?', 1)[-1])} {u['median_ms']} ms"
                for u in summary["slowest_urls"]  # type: ignore[attr-defined]
            )
            print(f"{'':<36} slowest: {worst}")
        if args.explain and scenario.slowest_sql:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + scenario.slowest_sql)
                print("\n".join("    " + row[0] for row in cursor.fetchall()))

    by_name = {s.name: s for s in todo}
    comparison = {}
    if "detail" in by_name and "minimal view" in by_name:
        client = clients["intake"]
        detail_urls = by_name["detail"].urls
        # Alternate to share any drift (caches, autovacuum) between the two.
        detail, minimal = [], []
        for _ in range(3):
            detail.append(rps(client, detail_urls, args.rps_seconds / 3))
            minimal.append(rps(client, ["/bench/minimal/"], args.rps_seconds / 3))
        comparison = {
            "detail_rps": round(statistics.fmean(detail), 1),
            "minimal_rps": round(statistics.fmean(minimal), 1),
        }
        comparison["ratio"] = round(comparison["detail_rps"] / comparison["minimal_rps"], 2)
        print(
            f"requests per second (one process, sequential): detail {comparison['detail_rps']}, "
            f"minimal view {comparison['minimal_rps']}, ratio {comparison['ratio']}"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "database": connection.vendor,
                    "applications": applications,
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    # The machine is shared: the load says how much of it the run had.
                    "load_average_start": load_at_start,
                    "load_average_end": os.getloadavg(),
                    "args": vars(args),
                    "scenarios": results,
                    "rps": comparison,
                    "queries": {s.name: s.slowest_sql for s in todo},
                },
                indent=2,
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
