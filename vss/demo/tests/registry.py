"""The demo data as `make run` loads it (the whole gazetteer, the real cases), for the tests
of what the README's walk promises and of the matcher on it: generated once for a module,
inside a transaction undone at the module's end, so that each test runs in a savepoint
within it. The run comes back with its steps, which know who filed twice."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction

from vss.applications.demo.generator import ApplicationsDemo
from vss.core.demo.steps import DEFAULT_SEED, DemoRun, Options
from vss.demo.runner import demo_data_generate
from vss.people.demo.refilings import Refiling


@contextmanager
def demo_registry(*, applicants: int, seed: int = DEFAULT_SEED) -> Iterator[DemoRun]:
    with transaction.atomic():
        call_command("load_reference_data", stdout=io.StringIO())
        yield demo_data_generate(options=Options(applicants=applicants, seed=seed))
        transaction.set_rollback(True)


def refilings(run: DemoRun) -> list[Refiling]:
    """Which people of the run are one human being filed twice."""
    return run.step(ApplicationsDemo).people.refilings


def refiled_pairs(run: DemoRun) -> set[tuple[int, int]]:
    """The same, as pairs of person ids, the smaller first (as the matcher's queue has them)."""
    return {(min(r.first, r.second), max(r.first, r.second)) for r in refilings(run)}
