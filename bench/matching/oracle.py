"""How much of a set's shortfall is the model's learning, and how much the evidence: the
engine run as calibration.py runs it, but with the *truth's* m (each field's levels
among the true pairs) and the truth's prior put into the model after it has trained -
the same u, blocking, scoring and clustering. What the oracle misses, no estimate of m
or of the duplicate rate could find.

    .venv/bin/python bench/matching/oracle.py --data bench/matching/data/court-8k-0.005 \
        [--data DIR ...]

Prints calibration.py's table row for each set. The truth is read to build the model,
so these figures bound the engine; they are never its result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import calibration
import numpy as np

from vss.matching.engine import pipeline
from vss.matching.engine.compare import NAME_EXACT, SimilarityCache, compare
from vss.matching.engine.model import NAME_FIELDS, Model
from vss.matching.engine.records import RecordSet


def true_pairs(person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i < j) of records of one person."""
    order = np.argsort(person, kind="stable")
    starts = np.flatnonzero(np.r_[True, person[order][1:] != person[order][:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    first, second = [], []
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        members = order[start : start + size]
        for x in range(size):
            for y in range(x + 1, size):
                first.append(min(members[x], members[y]))
                second.append(max(members[x], members[y]))
    return np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)


def with_truth(data: Path):  # type: ignore[no-untyped-def]
    """pipeline.train, then the truth's m and prior put in the model."""
    train = pipeline.train

    def oracle(records: RecordSet, i, j, cache: SimilarityCache, seed: int = 0) -> Model:  # type: ignore[no-untyped-def]
        model = train(records, i, j, cache, seed=seed)
        person = calibration.read_truth_for(records.ids, data / "truth.csv")
        a, b = true_pairs(person)
        levels = compare(records, a, b, cache).levels
        for f in range(len(model.m)):
            counts = np.bincount(levels[:, f], minlength=len(model.m[f])) + 0.5
            model.m[f] = counts / counts.sum()
        if model.m_exact is not None:
            for f in NAME_FIELDS:
                # Each frequency class keeps its part of the exact agreements, scaled to
                # the truth's share of them.
                shares = np.asarray(model.m_exact[f])
                model.m_exact[f] = shares / max(shares.sum(), 1e-12) * model.m[f][NAME_EXACT]
        n = len(records)
        model.prior = len(a) / (n * (n - 1) / 2)
        return model

    return oracle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append", required=True)
    args = parser.parse_args()
    rows = []
    original = pipeline.train
    for data in args.data:
        pipeline.train = with_truth(data)
        try:
            rows.append(calibration.calibrate(data, seed=0, threshold=None, full=False))
        finally:
            pipeline.train = original
    print(calibration.table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
