#!/usr/bin/env python
"""Free text shown to a reader who may not identify protected people: the finder built
once per process (vss.policy.names_in_text) beside what each request did before it, every
protected person's expression compiled and run over each text.

Both run in this process over the same texts (the summaries of contacts and the reasons
of referrals of the data set, which is what a person's and an application's pages show)
and the same protected people, and must give the same text; the figures are per request
of `--texts` texts (an application's page shows about ten).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_bench \\
        .venv/bin/python bench/identity/free_text.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from vss.accounts.models import User  # noqa: E402
from vss.policy import identity  # noqa: E402
from vss.policy.names_in_text import PSEUDONYM_IN_TEXT, names_pattern  # noqa: E402
from vss.support.models import Contact, Referral  # noqa: E402


def before(people, texts: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """A request as it was: every expression compiled, each run over each text."""
    compiled = [
        (pattern, PSEUDONYM_IN_TEXT.format(pseudonym=person.pseudonym))
        for person in people
        if (pattern := names_pattern(person.spellings)) is not None
    ]
    shown = []
    for text in texts:
        for pattern, pseudonym in compiled:
            text = pattern.sub(pseudonym, text)
        shown.append(text)
    return shown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=10, help="free texts on one page")
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()

    reader = User.objects.get(username="intake")
    pool = [
        *Contact.objects.exclude(summary="").values_list("summary", flat=True)[: args.texts * 50],
        *Referral.objects.exclude(reason="").values_list("reason", flat=True)[: args.texts * 50],
    ]
    pages = [pool[i : i + args.texts] for i in range(0, len(pool), args.texts)][: args.pages]

    finder_times, before_times = [], []
    started = time.perf_counter()
    identity.free_text(User.objects.get(pk=reader.pk), "-")  # builds the process's finder
    built = time.perf_counter() - started
    for page in pages:
        fresh = User.objects.get(pk=reader.pk)  # one request, one user object
        started = time.perf_counter()
        now = [identity.free_text(fresh, text) for text in page]
        finder_times.append(time.perf_counter() - started)

        started = time.perf_counter()
        people = identity._protected_names()  # what each request read
        then = before(people, page)
        before_times.append(time.perf_counter() - started)
        assert now == then, "the finder and the expressions disagree"

    protected = len(people)
    median_now = statistics.median(finder_times) * 1000
    median_then = statistics.median(before_times) * 1000
    print(f"{protected:,} protected people; {len(pages)} pages of {args.texts} texts")
    print(f"the process's first request builds the finder: {built * 1000:.1f} ms")
    print(f"before (read every name, compile and run every expression): {median_then:8.1f} ms")
    print(f"finder (read the stamp, pick the people, run theirs):       {median_now:8.1f} ms")
    print("(medians per page)")
    print(f"ratio: {median_then / median_now:.0f}x faster")


if __name__ == "__main__":
    main()
