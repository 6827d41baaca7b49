"""The whole run: keys, candidate pairs, a model learnt from the data itself, scores,
clusters. It needs no database, so the same code serves the registry's batch run, the
spreadsheet command and the benchmark."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .blocking import candidate_pairs
from .cluster import IMPLAUSIBLE, Scorer, cluster
from .compare import NAME_CLOSE, NAME_DIFFERENT, NAME_EXACT, Comparison, SimilarityCache, compare
from .model import FAMILY, GIVEN, PLACE, SEX, YEAR, Model, train
from .records import MISSING, RecordSet

# A pair is the same person at or above a probability threshold. None (the default): the
# threshold that maximises the pairwise F1 the model expects from its own probabilities
# (expected_f1_threshold); a number fixes it (0.5: more likely than not).
DEFAULT_THRESHOLD: float | None = None
MORE_LIKELY_THAN_NOT = 0.5
# Pairs are scored in slices so that memory stays flat however many there are.
CHUNK = 2_000_000
# Pairs kept for review: above this probability, though below the threshold.
REVIEW_FLOOR = 0.2
# Name levels that count as the same name written again (a slip, a variant).
NAMES_AGREE = (NAME_EXACT, NAME_CLOSE)
# No way of stating an age moves it further: "about 1950" for 1954, off by a few more.
YEARS_APART = 10

Progress = Callable[[str, float], None]


def expected_f1_threshold(probability: np.ndarray, expected_pairs: float) -> float:
    """The threshold that maximises the pairwise F1 the model itself expects: pairs at or
    above t are called duplicates, and of them sum(p) are expected to be right, out of
    `expected_pairs` duplicate pairs in all (the prior times all pairs). No truth is
    involved."""
    ordered = np.sort(probability)[::-1]
    if not len(ordered) or expected_pairs <= 0:
        return MORE_LIKELY_THAN_NOT
    correct = np.cumsum(ordered)
    called = np.arange(1, len(ordered) + 1)
    f1 = 2 * correct / (called + expected_pairs)
    best = int(np.argmax(f1))
    return float(np.clip(ordered[best], REVIEW_FLOOR, 0.95))


def expected_quality(
    probability: np.ndarray, expected_pairs: float, threshold: float
) -> tuple[float, float]:
    """What the model expects of the pairs at or above a threshold: the share of them that
    are one person, and the share of all duplicate pairs they hold."""
    kept = probability >= threshold
    right = float(probability[kept].sum())
    precision = right / max(int(kept.sum()), 1)
    recall = min(right / expected_pairs, 1.0) if expected_pairs > 0 else 0.0
    return precision, recall


@dataclass
class MatchResult:
    records: RecordSet
    model: Model
    labels: np.ndarray
    # Pairs kept for review (at or above REVIEW_FLOOR, or agreeing on every field),
    # strongest first, with their probabilities.
    pair_i: np.ndarray
    pair_j: np.ndarray
    probability: np.ndarray
    timings: dict[str, float] = field(default_factory=dict)
    # What the run chose and why, for the people who read it: how the model learnt
    # (Model.training), the threshold with the precision and recall the model expects of
    # it, and the largest clusters.
    report: dict = field(default_factory=dict)

    def cluster_ids(self) -> list[str]:
        """A stable id per cluster: the record id of its first member."""
        return [self.records.ids[label] for label in self.labels.tolist()]


def _quiet(stage: str, fraction: float) -> None:
    return None


def indistinguishable(comparison: Comparison) -> np.ndarray:
    """Pairs that agree on every field the two forms both give - both names (in some
    script, or as a romanisation of one another), and at least the year or the village,
    neither of them different. The form cannot tell such records apart, so whatever the
    odds a registry's size gives them, a reviewer sees them: the model decides only
    whether they are joined without asking."""
    levels = comparison.levels
    names = np.isin(levels[:, FAMILY], NAMES_AGREE) & np.isin(levels[:, GIVEN], NAMES_AGREE)
    year, place, sex = levels[:, YEAR], levels[:, PLACE], levels[:, SEX]
    return (
        names
        & np.isin(year, (0, 1))
        & np.isin(place, (0, 1))
        & ((year == 1) | (place == 1))
        & (sex != 2)
    )


def implausible(
    records: RecordSet, a: np.ndarray, b: np.ndarray, comparison: Comparison
) -> np.ndarray:
    """Pairs that cannot be one person whatever joins them: given names that differ (not a
    slip or a variant: different names), or birth years further apart than any way of
    stating an age (rounded to five and off by a few) explains."""
    years_a = records.birth_year[a].astype(np.int32)
    years_b = records.birth_year[b].astype(np.int32)
    known = (years_a != MISSING) & (years_b != MISSING)
    far = known & (np.abs(years_a - years_b) > YEARS_APART)
    return far | (comparison.levels[:, GIVEN] == NAME_DIFFERENT)


def pair_scorer(records: RecordSet, model: Model, cache: SimilarityCache) -> Scorer:
    """Log2 odds of arbitrary pairs as the clusters are checked: IMPLAUSIBLE for two
    records that cannot be one person."""

    def score(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.empty(len(a), dtype=np.float64)
        for start in range(0, len(a), CHUNK):
            part = slice(start, start + CHUNK)
            comparison = compare(records, a[part], b[part], cache)
            odds = model.prior_weight + model.field_weights(comparison).sum(axis=1)
            out[part] = np.where(
                implausible(records, a[part], b[part], comparison), IMPLAUSIBLE, odds
            )
        return out

    return score


def largest_clusters(records: RecordSet, labels: np.ndarray, shown: int = 5) -> list[dict]:
    """The biggest clusters (more than two records), largest first: where chaining would
    show, the first thing to read."""
    sizes = np.bincount(labels, minlength=len(labels))
    big = np.flatnonzero(sizes > 2)
    big = big[np.argsort(-sizes[big], kind="stable")][:shown]
    return [
        {
            "size": int(sizes[label]),
            "records": [records.ids[k] for k in np.flatnonzero(labels == label)[:30].tolist()],
        }
        for label in big.tolist()
    ]


def score_pairs(
    records: RecordSet,
    model: Model,
    cache: SimilarityCache,
    i: np.ndarray,
    j: np.ndarray,
    progress: Progress = _quiet,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs worth keeping (at or above REVIEW_FLOOR, or agreeing on every
    field), in their order, with their probabilities. Pairs are independent of one
    another, so any split of the candidates scores to the same pairs."""
    kept_i, kept_j, kept_p = [], [], []
    for start in range(0, len(i), CHUNK):
        ci, cj = i[start : start + CHUNK], j[start : start + CHUNK]
        comparison = compare(records, ci, cj, cache)
        probability = model.probability(model.field_weights(comparison).sum(axis=1))
        keep = (probability >= REVIEW_FLOOR) | indistinguishable(comparison)
        kept_i.append(ci[keep])
        kept_j.append(cj[keep])
        kept_p.append(probability[keep])
        progress("scoring", 0.2 + 0.7 * min(1.0, (start + CHUNK) / max(len(i), 1)))
    pair_i = np.concatenate(kept_i) if kept_i else np.empty(0, dtype=np.int32)
    pair_j = np.concatenate(kept_j) if kept_j else np.empty(0, dtype=np.int32)
    probability = np.concatenate(kept_p) if kept_p else np.empty(0, dtype=np.float64)
    return pair_i, pair_j, probability


def conclude(
    records: RecordSet,
    model: Model,
    cache: SimilarityCache,
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    probability: np.ndarray,
    *,
    candidates: int,
    threshold: float | None = DEFAULT_THRESHOLD,
    timings: dict[str, float] | None = None,
    progress: Progress = _quiet,
) -> MatchResult:
    """From the kept pairs (in the candidates' order) to clusters and the run's report."""
    timings = dict(timings or {})
    started = time.perf_counter()
    progress("clustering", 0.9)
    n = len(records)
    expected_pairs = model.prior * n * (n - 1) / 2
    chosen = threshold is None
    if threshold is None:
        threshold = expected_f1_threshold(probability, expected_pairs)

    labels = cluster(
        n, pair_i, pair_j, probability, threshold, score=pair_scorer(records, model, cache)
    )
    order = np.argsort(-probability, kind="stable")
    timings["clustering"] = time.perf_counter() - started
    timings["candidate_pairs"] = float(candidates)
    timings["threshold"] = float(threshold)
    precision, recall = expected_quality(probability, expected_pairs, threshold)
    report = {
        **model.training,
        "threshold": float(threshold),
        "threshold_source": "expected F1" if chosen else "fixed",
        "expected_duplicate_pairs": float(expected_pairs),
        "expected_precision": precision,
        "expected_recall": recall,
        "largest_clusters": largest_clusters(records, labels),
    }
    progress("done", 1.0)
    return MatchResult(
        records=records,
        model=model,
        labels=labels,
        pair_i=pair_i[order],
        pair_j=pair_j[order],
        probability=probability[order],
        timings=timings,
        report=report,
    )


def match(
    records: RecordSet,
    *,
    threshold: float | None = DEFAULT_THRESHOLD,
    seed: int = 0,
    progress: Progress = _quiet,
) -> MatchResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    cache = SimilarityCache(records.keys.keys)

    progress("blocking", 0.0)
    i, j = candidate_pairs(records)
    timings["blocking"] = time.perf_counter() - started

    progress("training", 0.1)
    model = train(records, i, j, cache, seed=seed)
    timings["training"] = time.perf_counter() - started - sum(timings.values())

    pair_i, pair_j, probability = score_pairs(records, model, cache, i, j, progress)
    timings["scoring"] = time.perf_counter() - started - sum(timings.values())
    return conclude(
        records,
        model,
        cache,
        pair_i,
        pair_j,
        probability,
        candidates=len(i),
        threshold=threshold,
        timings=timings,
        progress=progress,
    )
