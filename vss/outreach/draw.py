"""The draw of an event's participants among the people who could come: random, the same
again from the same seed, meeting quotas (at least so many of a value of a dimension, or
a dimension's values in the pool's proportions) and saying which it met and why not the
others. Pure: it knows people only as ids with the values of their dimensions.

How it meets the quotas: the pool is put in a stable order (by id) and shuffled by the
seed. While a quota is short, the one with the least room to spare (people left who
could meet it, less those it still needs) takes the next person of the shuffled order
who meets it, preferring, among the next few, the one who meets most other short
quotas too. Each pick brings one short quota closer, so quotas whose minimums add up to
no more than the size are all met whenever the pool has enough people for each. The
places left are filled in the shuffled order, and the waiting list is the next people
of that order."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice
from operator import methodcaller

# How far ahead of a short quota's next person the draw looks for one who also helps
# other short quotas: far enough to find one, near enough to stay a random draw.
LOOK_AHEAD = 25
NONE: frozenset[str] = frozenset()


class Shortfall(StrEnum):
    # Fewer people in the pool with the value than the quota asks for.
    POOL = "pool"
    # The places ran out first: the quotas together ask for more than the size.
    SIZE = "size"


@dataclass(frozen=True)
class Quota:
    dimension: str
    value: str
    minimum: int
    # Made from "balanced by" the dimension: the value's share of the pool.
    balanced: bool = False


@dataclass(frozen=True)
class Candidate:
    id: int
    # dimension -> the person's values (a person suffered several crimes).
    values: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class QuotaOutcome:
    quota: Quota
    available: int
    drawn: int
    shortfall: Shortfall | None

    @property
    def met(self) -> bool:
        return self.drawn >= self.quota.minimum


@dataclass(frozen=True)
class DrawResult:
    chosen: list[int]
    waiting: list[int]
    outcomes: list[QuotaOutcome]
    pool_size: int
    # The minimums of one dimension add up to more than the size: they cannot all be met
    # (a dimension of one value a person, as sex or province; a person suffered several
    # crimes, so the minimums of crimes may add up to more and all be met).
    over_size: list[str] = field(default_factory=list)


def value_counts(pool: Iterable[Candidate], dimensions: Iterable[str]) -> Counter[tuple[str, str]]:
    """How many people hold each value of the dimensions. People share the sets of their
    values (the pool's reader hands out one set per combination), so the sets are
    counted first and opened once each: a pass over a large pool stays short."""
    counts: Counter[tuple[str, str]] = Counter()
    held_by = [c.values for c in pool]
    for dimension in dimensions:
        held = Counter(map(methodcaller("get", dimension, NONE), held_by))
        for values, n in held.items():
            for value in values:
                counts[dimension, value] += n
    return counts


def balanced_quotas(
    counts: Counter[tuple[str, str]], dimension: str, size: int, pool_size: int
) -> list[Quota]:
    """At least each value's share of the pool, rounded down, among `size` people."""
    if not pool_size:
        return []
    return [
        Quota(dimension, value, size * n // pool_size, balanced=True)
        for (held_dimension, value), n in sorted(counts.items())
        if held_dimension == dimension and size * n // pool_size > 0
    ]


def _merged(quotas: Iterable[Quota]) -> list[Quota]:
    """One quota per value of a dimension: the larger minimum, an explicit one first."""
    kept: dict[tuple[str, str], Quota] = {}
    for quota in quotas:
        if quota.minimum <= 0:
            continue
        key = (quota.dimension, quota.value)
        held = kept.get(key)
        if held is None or quota.minimum > held.minimum:
            kept[key] = quota
    return list(kept.values())


def draw(
    pool: Sequence[Candidate],
    *,
    size: int,
    seed: int,
    quotas: Sequence[Quota] = (),
    balanced_by: Sequence[str] = (),
    waiting: int = 0,
) -> DrawResult:
    order = sorted(pool, key=lambda c: c.id)
    random.Random(seed).shuffle(order)
    counts = value_counts(order, {*balanced_by, *(q.dimension for q in quotas)})
    wanted = _merged(
        [
            *quotas,
            *(q for d in balanced_by for q in balanced_quotas(counts, d, size, len(order))),
        ]
    )
    index = {(q.dimension, q.value): j for j, q in enumerate(wanted)}
    available = [counts[q.dimension, q.value] for q in wanted]
    met_cache: dict[int, list[int]] = {}

    def quotas_met(position: int) -> list[int]:
        # Read for the people the draw looks at, not for the whole pool.
        met = met_cache.get(position)
        if met is None:
            values = order[position].values
            met = [index[d, v] for d, held in values.items() for v in held if (d, v) in index]
            met_cache[position] = met
        return met

    drawn = [0] * len(wanted)
    left = list(available)  # those who meet the quota not yet chosen
    cursor = [0] * len(wanted)  # no one before it meets the quota and is free
    taken: set[int] = set()
    chosen: list[int] = []

    def take(position: int) -> None:
        taken.add(position)
        chosen.append(position)
        for j in quotas_met(position):
            drawn[j] += 1
            left[j] -= 1

    def short(j: int) -> bool:
        return drawn[j] < wanted[j].minimum and left[j] > 0

    def free_and_meeting(j: int, position: int) -> bool:
        return position not in taken and j in quotas_met(position)

    while len(chosen) < size:
        open_quotas = [j for j in range(len(wanted)) if short(j)]
        if not open_quotas:
            break
        scarcest = min(open_quotas, key=lambda j: (left[j] - (wanted[j].minimum - drawn[j]), j))
        while not free_and_meeting(scarcest, cursor[scarcest]):
            cursor[scarcest] += 1
        best, best_score, looked = -1, -1, 0
        for position in range(cursor[scarcest], len(order)):
            if not free_and_meeting(scarcest, position):
                continue
            score = sum(1 for j in quotas_met(position) if short(j))
            if score > best_score:
                best, best_score = position, score
            looked += 1
            if looked >= LOOK_AHEAD:
                break
        take(best)
    rest = (p for p in range(len(order)) if p not in taken)
    for position in islice(rest, max(size - len(chosen), 0)):
        take(position)
    waiting_list = list(islice((p for p in range(len(order)) if p not in taken), waiting))
    outcomes = [
        QuotaOutcome(
            quota=q,
            available=available[j],
            drawn=drawn[j],
            shortfall=None
            if drawn[j] >= q.minimum
            else (Shortfall.POOL if available[j] < q.minimum else Shortfall.SIZE),
        )
        for j, q in enumerate(wanted)
    ]
    sums: dict[str, int] = {}
    for q in wanted:
        sums[q.dimension] = sums.get(q.dimension, 0) + q.minimum
    return DrawResult(
        chosen=[order[p].id for p in chosen],
        waiting=[order[p].id for p in waiting_list],
        outcomes=outcomes,
        pool_size=len(order),
        over_size=sorted(
            d for d, total in sums.items() if total > size and _one_value_each(order, d)
        ),
    )


def _one_value_each(pool: Sequence[Candidate], dimension: str) -> bool:
    return all(len(c.values.get(dimension, NONE)) <= 1 for c in pool)
