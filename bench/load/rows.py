#!/usr/bin/env python
"""A page of the list of applications' rows drawn by Django's templates beside the same
rows written in Python (`format_html`, as Django's admin writes its change list's cells):
what writing the rows of the lists in Python would take off a page.

Both run in this process, for the same reader (intake) and the same 50 applications (the
newest, with what the list reads with them), in Khmer, with the same helpers (the
template's `choice_label` and `person_name`, `reverse`, `date_format`); the text of every
cell is checked to be the same before anything is timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_bench .venv/bin/python bench/load/rows.py
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.load.row_markup import ROWS, in_python  # noqa: E402
from vss.accounts.models import User  # noqa: E402
from vss.applications.models import Application  # noqa: E402
from vss.geo.selectors import provinces_by_code  # noqa: E402


def cells(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


def timed(draw, repeats: int) -> float:  # type: ignore[no-untyped-def]
    draw()
    times = []
    for _repeat in range(repeats):
        start = time.perf_counter()
        draw()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    user = User.objects.get(username="intake")
    rows = list(
        Application.objects.select_related("applicant", "case", "form").order_by("-id")[: args.rows]
    )
    request = RequestFactory().get("/")
    request.user = user
    provinces = provinces_by_code()
    template = engines["django"].from_string(ROWS)
    with translation.override("km"):

        def by_template() -> str:
            return template.render({"rows": rows, "provinces": provinces}, request)

        def by_python() -> str:
            return in_python(user, rows, provinces)

        assert cells(by_template()) == cells(by_python()), "the two ways differ"
        template_ms = timed(by_template, args.repeats)
        python_ms = timed(by_python, args.repeats)
    print(f"{len(rows)} rows, median of {args.repeats}:")
    print(f"  Django's template      {template_ms:7.2f} ms")
    print(f"  written in Python      {python_ms:7.2f} ms")
    print(f"  Python / template      {python_ms / template_ms:7.2f}")


if __name__ == "__main__":
    main()
