#!/usr/bin/env python
"""The status check's requests per second beside a minimal view, in this process through
Django's test Client (the whole middleware stack, no network), on a fresh test database.

The receipt's code is hashed with the rounds production uses (VSS_RECEIPT_CODE_ITERATIONS
of vss.settings.base; the test settings swap in fewer): the hash check is the status
check's cost, and it is the same whatever answer is wrong. The baseline beside it is the
same check against a code hashed as Django hashes a staff password (PBKDF2, 1,000,000
rounds). The limits are lifted for the run (each try still counts in the database), else
the fifth try on a reference would be refused.

    DJANGO_SETTINGS_MODULE=vss.settings.test PYTHONPATH=. \\
        .venv/bin/python bench/portal/status_check.py --requests 30

With DATABASE_URL set the test database is made on that server (PostgreSQL)."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.test")

import django
from django.conf import global_settings, settings

from vss.settings.base import VSS_RECEIPT_CODE_ITERATIONS as PRODUCTION_ROUNDS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    settings.VSS_RECEIPT_CODE_ITERATIONS = PRODUCTION_ROUNDS
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from vss.portal.models import Receipt
    from vss.portal.services import following
    from vss.portal.services.receipts import receipt_issue
    from vss.portal.services.throttling import Limit
    from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        unlimited = 10**9
        following.PER_ADDRESS = Limit("follow-ip", unlimited, following.PER_ADDRESS.window)
        following.PER_REFERENCE = Limit("follow-ref", unlimited, following.PER_REFERENCE.window)
        following.EVERYONE = Limit("follow-all", unlimited, following.EVERYONE.window)
        application = ApplicationFactory(
            form=VifFactory(applicant=PersonFactory(birth_year=1958)), status="received"
        )
        issued = receipt_issue(application=application)
        right = {"reference": issued.receipt.reference, "code": issued.code, "birth_year": 1958}
        client = Client(HTTP_ACCEPT_LANGUAGE="km")
        # The baseline: another receipt whose code is hashed as a staff password is.
        other = ApplicationFactory(
            form=VifFactory(applicant=PersonFactory(birth_year=1958)), status="received"
        )
        as_password = receipt_issue(application=other)
        Receipt.objects.filter(pk=as_password.receipt.pk).update(
            code_hash=make_password(as_password.code)
        )
        baseline = {
            "reference": as_password.receipt.reference,
            "code": as_password.code,
            "birth_year": 1958,
        }

        def post(data: dict[str, object]) -> Callable[[], int]:
            return lambda: client.post("/follow/", data).status_code

        scenarios: list[tuple[str, Callable[[], int]]] = [
            ("minimal view (/healthz)", lambda: client.get("/healthz").status_code),
            ("form (GET /follow/)", lambda: client.get("/follow/").status_code),
            ("right answers", post(right)),
            ("right answers, code hashed as a password (baseline)", post(baseline)),
            ("wrong code", post(right | {"code": "ABCDEFGH"})),
            ("unknown reference", post(right | {"reference": "23456-78923"})),
            ("wrong year", post(right | {"birth_year": 1959})),
        ]
        print(
            f"receipt codes: PBKDF2 {settings.VSS_RECEIPT_CODE_ITERATIONS:,} rounds, "
            f"database: {connection.vendor}, {args.requests} requests each"
        )
        print("| request | requests/s | median ms | p95 ms |")
        print("|---|---:|---:|---:|")
        medians: dict[str, float] = {}
        for name, call in scenarios:
            call()  # warm-up: templates, translations
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                status = call()
                times.append(time.perf_counter() - start)
                assert status == 200, (name, status)
            times.sort()
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            medians[name] = statistics.median(times)
            print(
                f"| {name} | {len(times) / sum(times):.1f} | "
                f"{statistics.median(times) * 1000:.1f} | {p95 * 1000:.1f} |"
            )
        ratio = medians[scenarios[3][0]] / medians["right answers"]
        print(f"\nA check takes {ratio:.1f}x less time than against a password's hash.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
