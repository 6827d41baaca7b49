"""What a step of the demo data is, the run it takes part in, and the registry the apps
fill from their `AppConfig.ready()`.

The registry lives here, at the bottom of the layers, so that an app can register its step
without importing what runs it (vss.demo, at the top). A run has two phases: every step
`prepare`s (reads the reference data it needs, creates the fixed rows such as accounts,
declares the tables it writes), then every step `write`s, in order. Every random draw is
made in `write`, from the one generator of the run, so the order of the steps is the
order of the draws: a seed gives the same rows as long as the steps keep their order.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.utils import timezone

from .draw import Draw
from .writer import Writer

DEFAULT_SEED = 1979
BASE_APPLICANTS = 5_000  # the court's real size
DAY_MINUTES = 1440
OPENS, CLOSES = 8 * 60, 17 * 60  # office hours, in minutes after midnight


class NoReferenceData(Exception):
    """The reference data a step needs (cases, ...) is not in the database."""


@dataclass
class Options:
    applicants: int = BASE_APPLICANTS
    seed: int = DEFAULT_SEED
    batch_size: int = 5_000
    use_copy: bool | None = None  # None: COPY on PostgreSQL, INSERT elsewhere
    today: datetime.date | None = None
    progress: Callable[[str], None] | None = None


@dataclass
class Result:
    applicants: int = 0
    applications: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class DemoRun:
    """What the steps of one run share: the options, the random generator, the clock, the
    writer, and each step by its class (the demo accounts are the accounts' step's).

    Days are ordinals (`date.toordinal()`) and moments minutes since day 0 in the office's
    time zone, cheap to compute with; `day()` and `moment()` format them for the database."""

    def __init__(self, options: Options, *, password: str) -> None:
        self.options = options
        self.started = time.monotonic()
        self.password = password  # of every demo account
        self.rng = Draw(options.seed)
        local = timezone.localtime()
        self.today = options.today or local.date()
        self.today_ord = self.today.toordinal()
        offset = local.utcoffset() or datetime.timedelta(0)
        self.offset = int(offset.total_seconds() // 60)
        self.now = (
            local.toordinal() * DAY_MINUTES + local.hour * 60 + local.minute
            if options.today is None
            else self.today_ord * DAY_MINUTES + CLOSES
        )
        self.writer = Writer(connection, self.offset, options.use_copy)
        self.day = self.writer.day
        self.moment = self.writer.moment
        self.result = Result()
        # The people (applicant indexes) each demo account works with, for the steps that
        # give those accounts something to do (a lawyer's clients, a partner's referrals).
        self.caseload: dict[str, list[int]] = {}
        self.steps: list[DemoStep] = []

    def step(self, kind: type[StepT]) -> StepT:
        """The step of this run of the given class (one registered below the caller)."""
        for step in self.steps:
            if isinstance(step, kind):
                return step
        raise LookupError(f"no demo step {kind.__name__} in this run")

    def at(self, day: int) -> Any:
        """A moment in office hours on the day."""
        return self.moment(day * DAY_MINUTES + self.rng.ri(OPENS, CLOSES))

    def progress(self, line: str) -> None:
        if self.options.progress:
            self.options.progress(line)


class DemoStep:
    """One app's part of the demo data. `label` names it in the progress lines."""

    label = ""

    def __init__(self, run: DemoRun) -> None:
        self.run = run

    def prepare(self) -> None:
        """Reference data, fixed rows and tables; no random draw."""

    def write(self) -> None:
        """The generated rows, drawn from `run.rng`."""


StepT = TypeVar("StepT", bound=DemoStep)


@dataclass(frozen=True)
class Registration:
    order: int
    step: type[DemoStep]


class DemoSteps:
    def __init__(self) -> None:
        self._registered: dict[str, Registration] = {}

    def register(self, order: int, step: type[DemoStep]) -> None:
        """Run `step` at `order` (smaller first). An app registers a step that reads
        another app's rows with an order above that app's."""
        name = f"{step.__module__}.{step.__qualname__}"
        clash = [r for n, r in self._registered.items() if r.order == order and n != name]
        if clash:
            raise ValueError(f"demo step order {order} is taken by {clash[0].step.__name__}")
        self._registered[name] = Registration(order, step)

    def in_order(self) -> list[type[DemoStep]]:
        return [r.step for r in sorted(self._registered.values(), key=lambda r: r.order)]


demo_steps = DemoSteps()
