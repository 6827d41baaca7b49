"""Random draws for the demo data: one seeded generator shared by every step, so that a
seed gives the same rows whatever the steps registered."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from django.db.models import Choices


def plain(choices: type[Choices]) -> SimpleNamespace:
    """The choices' values as plain strings, by member name: cheaper to compare than enum
    members, and what the database drivers expect."""
    return SimpleNamespace(**{member.name: str(member.value) for member in choices})


class Draw(random.Random):
    """`random.Random` with cheaper draws: `randint` and `choice` cost ten times a
    `random()`, which matters a million times over."""

    def chance(self, p: float) -> bool:
        return self.random() < p

    def ri(self, lo: int, hi: int) -> int:
        """An integer from lo to hi, both included."""
        return lo + int(self.random() * (hi - lo + 1))

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.random() * len(items))]


class Weighted:
    """Draw items with given weights: one random number and a bisect per draw."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to choose from")
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        i = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]
