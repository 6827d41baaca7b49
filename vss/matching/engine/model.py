"""A Fellegi-Sunter model: each field's level adds log2(m/u) to a pair's match weight, where
m is how often the level occurs among true duplicates and u among pairs of different people.

Two refinements make it fit Khmer villages:
- Exact name agreement is weighed by how common the agreeing name is (SOK says little, a
  rare name a lot).
- Names are not independent of place: brothers and sisters share a family name and a
  village. So the u of the name fields is measured among pairs of records *from the same
  village* (commune, district) when the pair shares one; sharing a rare family name with
  a neighbour is then ordinary, and only a shared given name, year and sex make a match.

u is measured on random pairs (per place stratum); m is read off the candidate pairs
that the other fields vouch for; the prior comes from EM. Nothing is fixed by hand but
the shape of the levels."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .compare import (
    FIELDS,
    LEVEL_LABELS,
    NAME_CLOSE,
    NAME_EXACT,
    Comparison,
    SimilarityCache,
    compare,
)
from .records import MISSING, RecordSet

FAMILY, GIVEN, YEAR, PLACE, SEX = range(len(FIELDS))
NAME_FIELDS = (FAMILY, GIVEN)
# Place levels (see compare.py) grouped into the strata the name u's are measured in:
# same village, same commune, same district, anything else.
STRATUM_OF_PLACE_LEVEL = np.array([3, 0, 1, 2, 3, 3], dtype=np.int8)
STRATUM_DIVISORS = (1, 100, 10_000)
STRATA = 4
RANDOM_PAIRS = 400_000
EM_SAMPLE = 2_000_000
EM_ITERATIONS = 20
FLOOR = 1e-6


@dataclass
class Model:
    m: list[np.ndarray]  # per field, probability of each level among duplicates
    u: list[np.ndarray]  # per field, among random pairs
    # u of the name fields per place stratum: (STRATA, levels) for family and given
    u_names: list[np.ndarray]
    # u of the birth year between people of one village and one family name: brothers
    # and sisters, whose years are close (twins share one)
    u_year_household: np.ndarray
    prior: float  # probability that two records drawn at random are one person
    frequencies: np.ndarray = field(repr=False)  # share of records carrying each name key

    def field_weights(self, comparison: Comparison) -> np.ndarray:
        """log2(m/u) of each pair's level in each field, (n, len(FIELDS))."""
        levels = comparison.levels
        weights = np.empty(levels.shape, dtype=np.float32)
        for f in range(len(FIELDS)):
            table = np.log2(np.maximum(self.m[f], FLOOR) / np.maximum(self.u[f], FLOOR))
            weights[:, f] = table[levels[:, f]]
        stratum = STRATUM_OF_PLACE_LEVEL[levels[:, PLACE]]
        household = (stratum == 0) & (levels[:, FAMILY] == NAME_EXACT)
        if household.any():
            table = np.log2(
                np.maximum(self.m[YEAR], FLOOR) / np.maximum(self.u_year_household, FLOOR)
            )
            weights[household, YEAR] = table[levels[household, YEAR]]
        for f, keys in zip(NAME_FIELDS, (comparison.family_key, comparison.given_key), strict=True):
            u = self.u_names[f]  # (STRATA, levels)
            table = np.log2(np.maximum(self.m[f], FLOOR)[None, :] / np.maximum(u, FLOOR))
            weights[:, f] = table[stratum, levels[:, f]]
            exact = levels[:, f] == NAME_EXACT
            if exact.any():
                # A name's own frequency, scaled by how much likelier agreement is in this
                # stratum than at random (in one village, family names repeat).
                lift = u[stratum[exact], NAME_EXACT] / max(self.u[f][NAME_EXACT], FLOOR)
                frequency = np.clip(self.frequencies[keys[exact]] * lift, FLOOR, 1.0)
                weights[exact, f] = np.log2(np.maximum(self.m[f][NAME_EXACT], FLOOR) / frequency)
        return weights

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1 - self.prior)))

    def probability(self, total_weight: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp2(-(total_weight + self.prior_weight)))

    def to_json(self) -> dict:
        return {
            "m": [m.tolist() for m in self.m],
            "u": [u.tolist() for u in self.u],
            "u_names": [u.tolist() for u in self.u_names],
            "u_year_household": self.u_year_household.tolist(),
            "prior": self.prior,
        }


def _shares(values: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    counts = np.bincount(values, weights=weights, minlength=size).astype(np.float64)
    return (counts + 0.5) / (counts.sum() + 0.5 * size)


def _level_shares(levels: np.ndarray, weights: np.ndarray | None = None) -> list[np.ndarray]:
    return [
        _shares(levels[:, f], len(LEVEL_LABELS[name]), weights) for f, name in enumerate(FIELDS)
    ]


def _random_pairs(n: int, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    i = rng.integers(0, n, size=size)
    j = rng.integers(0, n, size=size)
    keep = i != j
    return i[keep], j[keep]


def _pairs_sharing(
    groups: np.ndarray, size: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs of distinct records that share a group (village, commune...)."""
    valid = np.flatnonzero(groups != MISSING)
    if len(valid) < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    order = valid[np.argsort(groups[valid], kind="stable")]
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    group_of = np.repeat(np.arange(len(starts)), sizes)
    pick = rng.integers(0, len(order), size=size)
    group = group_of[pick]
    partner = starts[group] + rng.integers(0, sizes[group])
    keep = (sizes[group] > 1) & (partner != pick)
    return order[pick[keep]], order[partner[keep]]


def _likely_same_person(levels: np.ndarray, other_name: int) -> np.ndarray:
    """Pairs sampled to measure u that are probably duplicates (the other name agrees,
    the years are close): in a small village most pairs sharing it are one person filed
    twice, and counting them would make agreement look ordinary among strangers."""
    name_agrees = (levels[:, other_name] >= NAME_EXACT) & (levels[:, other_name] <= NAME_CLOSE)
    return name_agrees & (levels[:, YEAR] <= 2)


def estimate_u(
    records: RecordSet, cache: SimilarityCache, rng: np.random.Generator
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    n = len(records)
    i, j = _random_pairs(n, min(RANDOM_PAIRS, n * (n - 1) // 2), rng)
    overall = compare(records, i, j, cache).levels
    u = _level_shares(overall)
    u_names = [np.empty((STRATA, len(LEVEL_LABELS[FIELDS[f]]))) for f in NAME_FIELDS]
    for stratum, divisor in enumerate(STRATUM_DIVISORS):
        groups = np.where(records.village >= 0, records.village // divisor, MISSING)
        si, sj = _pairs_sharing(groups, RANDOM_PAIRS // 2, rng)
        levels = compare(records, si, sj, cache).levels if len(si) else overall
        for f, other in ((FAMILY, GIVEN), (GIVEN, FAMILY)):
            strangers = levels[~_likely_same_person(levels, other)]
            u_names[f][stratum] = _shares(strangers[:, f], len(LEVEL_LABELS[FIELDS[f]]))
    for f in NAME_FIELDS:
        u_names[f][STRATA - 1] = u[f]

    family = records.family.astype(np.int64)
    households = np.where(
        (records.village >= 0) & (family > 0), records.village * 1_000_003 + family, MISSING
    )
    hi, hj = _pairs_sharing(households, RANDOM_PAIRS // 2, rng)
    u_year_household = u[YEAR]
    if len(hi):
        levels = compare(records, hi, hj, cache).levels
        relatives = levels[~((levels[:, GIVEN] >= NAME_EXACT) & (levels[:, GIVEN] <= NAME_CLOSE))]
        if len(relatives):
            u_year_household = _shares(relatives[:, YEAR], len(LEVEL_LABELS["birth_year"]))
    return u, u_names, u_year_household


# What counts as strong agreement on a field when it vouches for a pair.
STRONG: tuple[frozenset[int], ...] = (
    frozenset({1}),  # family name: same
    frozenset({1}),  # given name: same
    frozenset({1}),  # birth year: same
    frozenset({1}),  # place: same village
    frozenset({0, 1}),  # sex: not different
)
RELAXED: tuple[frozenset[int], ...] = (
    frozenset({1}),
    frozenset({1}),
    frozenset({1, 2}),
    frozenset({1, 2}),
    frozenset({0, 1}),
)
MIN_ANCHORS = 50


def _anchors(levels: np.ndarray, field: int, strong: tuple[frozenset[int], ...]) -> np.ndarray:
    mask = np.ones(len(levels), dtype=bool)
    for f, accepted in enumerate(strong):
        if f != field:
            mask &= np.isin(levels[:, f], list(accepted))
    return mask


# Anchors for a field are pairs whose agreement on the *other* fields would happen by
# chance fewer than this many times in the whole data set.
COINCIDENCES = 0.02


def initial_m(
    comparison: Comparison, u: list[np.ndarray], frequencies: np.ndarray, n: int
) -> list[np.ndarray]:
    """m for each field, from candidate pairs that the other fields vouch for: all agree
    strongly, and that agreement would be a coincidence expected fewer than COINCIDENCES
    times among n records (a common name and a year of birth are shared by strangers by
    the hundred in a registry of millions, and would teach the model that duplicates live
    far apart)."""
    levels = comparison.levels
    log_u = np.column_stack(
        [np.log(np.maximum(u[f], FLOOR))[levels[:, f]] for f in range(len(FIELDS))]
    )
    for f, keys in zip(NAME_FIELDS, (comparison.family_key, comparison.given_key), strict=True):
        exact = levels[:, f] == NAME_EXACT
        log_u[exact, f] = np.log(np.maximum(frequencies[keys[exact]], FLOOR))
    m = []
    for f, name in enumerate(FIELDS):
        anchors = _anchors(levels, f, STRONG)
        chance = np.log(n) + log_u.sum(axis=1) - log_u[:, f]
        unlikely = anchors & (chance < np.log(COINCIDENCES))
        if unlikely.sum() >= MIN_ANCHORS:
            anchors = unlikely
        elif anchors.sum() < MIN_ANCHORS:
            anchors = _anchors(levels, f, RELAXED)
        m.append(_shares(levels[anchors, f], len(LEVEL_LABELS[name])))
    return m


def estimate_prior(
    comparison: Comparison, model: Model, *, candidates: int, all_pairs: int
) -> float:
    """The probability that two records drawn at random are one person - the prior that
    goes with u measured on random pairs - by EM on that one number: the expected
    duplicates among the candidates (nearly all duplicates are candidates) over all pairs.
    m is not re-estimated so: EM over blocked pairs drifts towards calling relatives and
    namesakes duplicates, since they agree on the very fields the blocking selected."""
    weights = model.field_weights(comparison).sum(axis=1)
    prior = model.prior
    for _ in range(EM_ITERATIONS):
        odds = np.log2(prior / (1 - prior)) + weights
        expected = float((1.0 / (1.0 + np.exp2(-np.clip(odds, -60, 60)))).mean()) * candidates
        prior = float(np.clip(expected / max(all_pairs, 1), 1e-12, 0.5))
    return prior


def train(
    records: RecordSet, i: np.ndarray, j: np.ndarray, cache: SimilarityCache, seed: int = 0
) -> Model:
    rng = np.random.default_rng(seed)
    u, u_names, u_year_household = estimate_u(records, cache, rng)
    candidates, n = len(i), len(records)
    if len(i) > EM_SAMPLE:
        pick = rng.choice(len(i), size=EM_SAMPLE, replace=False)
        i, j = i[pick], j[pick]
    comparison = compare(records, i, j, cache)
    frequencies = records.key_frequencies()
    model = Model(
        m=initial_m(comparison, u, frequencies, n),
        u=u,
        u_names=u_names,
        u_year_household=u_year_household,
        prior=min(0.5, candidates / max(n * (n - 1) // 2, 1)),
        frequencies=frequencies,
    )
    model.prior = estimate_prior(
        comparison, model, candidates=candidates, all_pairs=n * (n - 1) // 2
    )
    return model


def explain(model: Model, comparison: Comparison, row: int, keys: list[str]) -> list[dict]:
    """What a reviewer reads: each field's level and how much it added or took away."""
    weights = model.field_weights(comparison)[row]
    lines = []
    for f, name in enumerate(FIELDS):
        level = int(comparison.levels[row, f])
        line: dict = {
            "field": name,
            "level": LEVEL_LABELS[name][level],
            "weight": round(float(weights[f]), 2),
        }
        if f in NAME_FIELDS and level == NAME_EXACT:
            key = int((comparison.family_key if f == FAMILY else comparison.given_key)[row])
            line["share_of_people"] = round(float(model.frequencies[key]), 5)
            line["key"] = keys[key]
        lines.append(line)
    if comparison.swapped[row]:
        lines.append(
            {"field": "name_order", "level": "family and given names swapped", "weight": 0.0}
        )
    return lines
