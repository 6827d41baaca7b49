#!/usr/bin/env python
"""Adds to a generated data set what its users would have made before the load test: a
finished duplicates run over the registry, an outreach event to come, a newsletter with
its reach counted and notifications to the lawyers (`vss.testing.main_pages.
main_pages_prepare`), so that `run.py` and `every_page.py` measure those pages too rather
than skip them. The duplicates run and the newsletter's count are done in this process,
as the background worker would do them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_bench \\
        .venv/bin/python bench/load/prepare.py

Run it once per data set: each run adds another duplicates run and newsletter.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from vss.outreach.models import NewsletterReach  # noqa: E402
from vss.outreach.services.newsletters import newsletter_reach_count  # noqa: E402
from vss.testing.main_pages import main_pages_prepare  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    main_pages_prepare()
    print(
        f"duplicates run, event, newsletter, notifications: {time.perf_counter() - started:.1f} s"
    )
    for reach in NewsletterReach.objects.filter(counted_at__isnull=True):
        started = time.perf_counter()
        newsletter_reach_count(newsletter_id=reach.pk)
        print(f"reach of newsletter {reach.newsletter_id}: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
