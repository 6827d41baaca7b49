"""The whole run: keys, candidate pairs, a model learnt from the data itself, scores,
clusters. It needs no database, so the same code serves the registry's batch run, the
spreadsheet command and the benchmark."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .blocking import candidate_pairs
from .cluster import cluster
from .compare import SimilarityCache, compare
from .model import Model, train
from .records import RecordSet

# A pair is the same person at or above a probability threshold. None (the default): the
# threshold that maximises the pairwise F1 the model expects from its own probabilities
# (expected_f1_threshold); a number fixes it (0.5: more likely than not).
DEFAULT_THRESHOLD: float | None = None
MORE_LIKELY_THAN_NOT = 0.5
# Pairs are scored in slices so that memory stays flat however many there are.
CHUNK = 2_000_000
# Pairs kept for review: above this probability, though below the threshold.
REVIEW_FLOOR = 0.2

Progress = Callable[[str, float], None]


def expected_f1_threshold(probability: np.ndarray, expected_pairs: float) -> float:
    """The threshold that maximises the pairwise F1 the model itself expects: pairs at or
    above t are called duplicates, and of them sum(p) are expected to be right, out of
    `expected_pairs` duplicate pairs in all (the prior times all pairs). With calibrated
    probabilities this is about half the best F1; no truth is involved."""
    ordered = np.sort(probability)[::-1]
    if not len(ordered) or expected_pairs <= 0:
        return MORE_LIKELY_THAN_NOT
    correct = np.cumsum(ordered)
    called = np.arange(1, len(ordered) + 1)
    f1 = 2 * correct / (called + expected_pairs)
    best = int(np.argmax(f1))
    return float(np.clip(ordered[best], REVIEW_FLOOR, 0.95))


@dataclass
class MatchResult:
    records: RecordSet
    model: Model
    labels: np.ndarray
    # Pairs at or above REVIEW_FLOOR, strongest first, with their probabilities.
    pair_i: np.ndarray
    pair_j: np.ndarray
    probability: np.ndarray
    timings: dict[str, float] = field(default_factory=dict)

    def cluster_ids(self) -> list[str]:
        """A stable id per cluster: the record id of its first member."""
        return [self.records.ids[label] for label in self.labels.tolist()]


def _quiet(stage: str, fraction: float) -> None:
    return None


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

    kept_i, kept_j, kept_p = [], [], []
    for start in range(0, len(i), CHUNK):
        ci, cj = i[start : start + CHUNK], j[start : start + CHUNK]
        comparison = compare(records, ci, cj, cache)
        probability = model.probability(model.field_weights(comparison).sum(axis=1))
        keep = probability >= REVIEW_FLOOR
        kept_i.append(ci[keep])
        kept_j.append(cj[keep])
        kept_p.append(probability[keep])
        progress("scoring", 0.2 + 0.7 * min(1.0, (start + CHUNK) / max(len(i), 1)))
    pair_i = np.concatenate(kept_i) if kept_i else np.empty(0, dtype=np.int32)
    pair_j = np.concatenate(kept_j) if kept_j else np.empty(0, dtype=np.int32)
    probability = np.concatenate(kept_p) if kept_p else np.empty(0, dtype=np.float64)
    timings["scoring"] = time.perf_counter() - started - sum(timings.values())

    progress("clustering", 0.9)
    if threshold is None:
        n = len(records)
        threshold = expected_f1_threshold(probability, model.prior * n * (n - 1) / 2)

    def score(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.empty(len(a), dtype=np.float64)
        for start in range(0, len(a), CHUNK):
            part = slice(start, start + CHUNK)
            comparison = compare(records, a[part], b[part], cache)
            out[part] = model.prior_weight + model.field_weights(comparison).sum(axis=1)
        return out

    labels = cluster(len(records), pair_i, pair_j, probability, threshold, score=score)
    order = np.argsort(-probability, kind="stable")
    timings["clustering"] = time.perf_counter() - started - sum(timings.values())
    timings["candidate_pairs"] = float(len(i))
    timings["threshold"] = float(threshold)
    progress("done", 1.0)
    return MatchResult(
        records=records,
        model=model,
        labels=labels,
        pair_i=pair_i[order],
        pair_j=pair_j[order],
        probability=probability[order],
        timings=timings,
    )
