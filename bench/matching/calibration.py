"""How well the matcher chooses its own threshold, set by set: the engine runs in this
process on each data set, and its clusters are compared with the best any threshold
could have given from the same scored pairs.

    .venv/bin/python bench/matching/calibration.py --data bench/matching/data/court-8k-0.005 \
        [--data DIR ...] [--json OUT] [--seed 0] [--threshold T] [--full]
    .venv/bin/python bench/matching/calibration.py --self-check

Per set it prints: records and true pairs; the threshold the run chose and the pairwise
precision, recall and F1 of the run's own clusters (`MatchResult.labels`); the best
threshold of a sweep from 0.20 to 0.99 and its figures, each threshold re-clustering the
run's pairs (p >= 0.2) with the engine's `cluster`, scored as the pipeline scores them
(every 0.05, then every 0.01 around the best; --full: every 0.01);
the largest cluster and the largest true person; the model's prior (the share of all
pairs it takes for duplicates) beside the truth's; how the pairs' probabilities compare
with the share of them that are true (by probability band); the run's report when the
engine gives one; wall times. The truth is read only to measure.

The sweep must reproduce the run at the run's own threshold: it says so, or warns when
the pipeline clusters otherwise than `cluster` with the pipeline's scorer.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from evaluate import pair_metrics  # noqa: E402

from vss.matching.csvio import read_records  # noqa: E402
from vss.matching.engine.cluster import cluster  # noqa: E402
from vss.matching.engine.compare import SimilarityCache  # noqa: E402
from vss.matching.engine.pipeline import (  # noqa: E402
    REVIEW_FLOOR,
    MatchResult,
    match,
    pair_scorer,
)
from vss.matching.engine.records import RecordSet, build_record_set  # noqa: E402

# Probability bands of the calibration table (lower bounds; the last band ends at 1).
BANDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)

Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


# --------------------------------------------------------------------------------------
# Measuring a clustering (no engine involved)
# --------------------------------------------------------------------------------------
def _pairs(sizes: np.ndarray) -> int:
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def label_metrics(labels: np.ndarray, person: np.ndarray) -> dict:
    """Pairwise precision, recall and F1 of a label per record against the true person
    of each record (both small non-negative ints), as evaluate.py counts them."""
    labels = np.asarray(labels, dtype=np.int64)
    person = np.asarray(person, dtype=np.int64)
    cluster_sizes = np.bincount(labels)
    both = labels * (int(person.max(initial=0)) + 1) + person
    out = pair_metrics(
        true_pairs=_pairs(np.bincount(person)),
        predicted_pairs=_pairs(cluster_sizes),
        correct_pairs=_pairs(np.unique(both, return_counts=True)[1]),
    )
    out["largest_cluster"] = int(cluster_sizes.max(initial=1))
    return out


HIGHEST = 0.99
FINE, COARSE = 0.01, 0.05


def thresholds(step: float, low: float = REVIEW_FLOOR, high: float = HIGHEST) -> list[float]:
    """low, low + step, ... up to high, and high itself (the run keeps no pair below
    REVIEW_FLOOR, so no threshold below it can be tried)."""
    low, high = max(low, REVIEW_FLOOR), min(high, HIGHEST)
    grid = [round(low + k * step, 6) for k in range(int((high - low) / step + 1e-9) + 1)]
    return grid + ([high] if grid[-1] < high else [])


def sweep(
    n: int,
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    probability: np.ndarray,
    person: np.ndarray,
    grid: list[float],
    score: Scorer | None,
) -> list[dict]:
    """The metrics of re-clustering the pairs at each threshold of the grid."""
    rows = []
    for threshold in grid:
        labels = cluster(n, pair_i, pair_j, probability, threshold, score=score)
        m = label_metrics(labels, person)
        rows.append({"threshold": threshold, **m})
    return rows


def coarse_to_fine(run_at: Callable[[list[float]], list[dict]]) -> list[dict]:
    """The sweep every COARSE step, then every FINE step around its best: a fifth of the
    full sweep's clusterings (each one costs a pass of the engine's cluster check), on
    curves of F1 against the threshold that rise to one peak and fall."""
    rows = run_at(thresholds(COARSE))
    peak = best_row(rows)["threshold"]
    seen = {row["threshold"] for row in rows}
    around = thresholds(FINE, peak - COARSE + FINE, peak + COARSE - FINE)
    rows += run_at([t for t in around if t not in seen])
    return sorted(rows, key=lambda row: row["threshold"])


def best_row(rows: list[dict]) -> dict:
    """The highest F1; of equal ones, the lowest threshold."""
    return max(rows, key=lambda row: (row["f1"], -row["threshold"]))


def calibration_table(
    pair_i: np.ndarray, pair_j: np.ndarray, probability: np.ndarray, person: np.ndarray
) -> list[dict]:
    """Per probability band: pairs, their mean probability and the share that are true.
    A calibrated model has the two nearly equal in every band."""
    true = person[pair_i] == person[pair_j]
    band = np.searchsorted(np.asarray(BANDS), probability, side="right") - 1
    rows = []
    for k, low in enumerate(BANDS):
        inside = band == k
        count = int(inside.sum())
        rows.append(
            {
                "band": f"{low:.2f}-{BANDS[k + 1] if k + 1 < len(BANDS) else 1.0:.2f}",
                "pairs": count,
                "mean_probability": float(probability[inside].mean()) if count else None,
                "share_true": float(true[inside].mean()) if count else None,
            }
        )
    return rows


# --------------------------------------------------------------------------------------
# The engine's side
# --------------------------------------------------------------------------------------
def cached_scorer(records: RecordSet, result: MatchResult) -> Scorer:
    """Log-odds of arbitrary pairs as the pipeline scores them when it checks a cluster
    (`pair_scorer`), each pair scored once however many thresholds ask for it."""
    scorer = pair_scorer(records, result.model, SimilarityCache(records.keys.keys))
    n = len(records)
    known_keys = np.empty(0, dtype=np.int64)
    known_odds = np.empty(0, dtype=np.float64)

    def score(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        nonlocal known_keys, known_odds
        keys = np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
        position = np.searchsorted(known_keys, keys)
        inside = position < len(known_keys)
        hit = np.zeros(len(keys), dtype=bool)
        hit[inside] = known_keys[position[inside]] == keys[inside]
        new = np.unique(keys[~hit])
        if len(new):
            odds = scorer(new // n, new % n)
            merged = np.concatenate([known_keys, new])
            order = np.argsort(merged, kind="stable")
            known_keys = merged[order]
            known_odds = np.concatenate([known_odds, odds])[order]
        return known_odds[np.searchsorted(known_keys, keys)]

    return score


def read_truth_for(ids: list[str], path: Path) -> np.ndarray:
    """The true person of each record, as a small int, in the order of `ids`."""
    persons: dict[str, int] = {}
    person_of: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for row in reader:
            person_of[row["record_id"]] = persons.setdefault(row["person_id"], len(persons))
    missing = [r for r in ids if r not in person_of]
    if missing:
        raise SystemExit(f"{path}: {len(missing)} records have no person, e.g. {missing[:3]}")
    return np.fromiter((person_of[r] for r in ids), dtype=np.int64, count=len(ids))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def calibrate(data: Path, seed: int, threshold: float | None, full: bool) -> dict:
    started = time.perf_counter()
    with (data / "records.csv").open(encoding="utf-8", newline="") as stream:
        read = read_records(stream)
    records = build_record_set(read.records)
    person = read_truth_for(records.ids, data / "truth.csv")
    read_s = time.perf_counter() - started

    started = time.perf_counter()
    result = match(records, threshold=threshold, seed=seed)
    match_s = time.perf_counter() - started

    started = time.perf_counter()
    n = len(records)
    chosen = float(result.timings["threshold"])
    run = label_metrics(result.labels, person)
    score = cached_scorer(records, result)
    pairs = (result.pair_i, result.pair_j, result.probability)

    def run_at(grid: list[float]) -> list[dict]:
        return sweep(n, *pairs, person, grid, score)

    rows = run_at(thresholds(FINE)) if full else coarse_to_fine(run_at)
    best = best_row(rows)
    again = cluster(n, *pairs, chosen, score=score)
    reproduced = bool(np.array_equal(again, result.labels))
    true_at_floor = int((person[result.pair_i] == person[result.pair_j]).sum())
    sweep_s = time.perf_counter() - started

    report = getattr(result, "report", None)
    meta_path = data / "meta.json"
    return {
        "data": str(data),
        "dataset": json.loads(meta_path.read_text()) if meta_path.exists() else None,
        "records": n,
        "persons": len(np.unique(person)),
        "true_pairs": run["true_pairs"],
        "largest_person": int(np.bincount(person).max()),
        "candidate_pairs": int(result.timings.get("candidate_pairs", 0)),
        "pairs_at_floor": len(result.probability),
        "true_pairs_at_floor": true_at_floor,
        "threshold": chosen,
        # The share of all pairs the model takes for duplicates; the truth's is beside it.
        "prior": float(getattr(result.model, "prior", float("nan"))),
        "true_prior": run["true_pairs"] / (n * (n - 1) / 2) if n > 1 else 0.0,
        "run": run,
        "best": best,
        "sweep": rows,
        "sweep_reproduces_run": reproduced,
        "calibration": calibration_table(*pairs, person),
        "report": report,
        "timings": {k: float(v) for k, v in result.timings.items()},
        "read_seconds": read_s,
        "match_seconds": match_s,
        "sweep_seconds": sweep_s,
        "peak_mib": peak_mib(),
    }


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
def _prf(m: dict) -> str:
    return f"P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}"


def describe(r: dict) -> str:
    run, best = r["run"], r["best"]
    recall_ceiling = r["true_pairs_at_floor"] / r["true_pairs"] if r["true_pairs"] else 1.0
    lines = [
        f"== {r['data']}",
        f"  {r['records']:,} records, {r['persons']:,} persons, {r['true_pairs']:,} true pairs;"
        f" {r['candidate_pairs']:,} candidate pairs, {r['pairs_at_floor']:,} at p >= 0.2"
        f" holding {recall_ceiling:.4f} of the true pairs",
        f"  prior: the model's {r['prior']:.3g}, the truth's {r['true_prior']:.3g}",
        f"  run:  threshold {r['threshold']:.4f}  {_prf(run)}"
        f"  (predicted {run['predicted_pairs']:,} pairs, largest cluster {run['largest_cluster']})",
        f"  best: threshold {best['threshold']:.2f}    {_prf(best)}"
        f"  (predicted {best['predicted_pairs']:,} pairs, largest cluster"
        f" {best['largest_cluster']})",
        f"  largest true person: {r['largest_person']} records",
        "  the sweep at the run's threshold "
        + (
            "reproduces the run's clusters"
            if r["sweep_reproduces_run"]
            else "DIFFERS from the run's clusters: the pipeline clusters otherwise"
        ),
        "  probability band: pairs, mean p, share true",
    ]
    for row in r["calibration"]:
        if row["pairs"]:
            lines.append(
                f"    {row['band']}: {row['pairs']:>9,}  {row['mean_probability']:.3f}"
                f"  {row['share_true']:.3f}"
            )
    if r["report"] is not None:
        lines.append(f"  report: {json.dumps(r['report'], default=str)}")
    lines.append(
        f"  read {r['read_seconds']:.1f} s, match {r['match_seconds']:.1f} s,"
        f" sweep {r['sweep_seconds']:.1f} s; peak {r['peak_mib']:.0f} MiB so far"
    )
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    head = (
        "| set | records | true pairs | threshold | P | R | F1 | best threshold | P | R | F1 "
        "| largest cluster | largest person | match s |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    rows = [
        f"| {Path(r['data']).name} | {r['records']:,} | {r['true_pairs']:,} "
        f"| {r['threshold']:.2f} | {r['run']['precision']:.4f} | {r['run']['recall']:.4f} "
        f"| **{r['run']['f1']:.4f}** | {r['best']['threshold']:.2f} "
        f"| {r['best']['precision']:.4f} | {r['best']['recall']:.4f} "
        f"| {r['best']['f1']:.4f} | {r['run']['largest_cluster']} | {r['largest_person']} "
        f"| {r['match_seconds']:.1f} |"
        for r in results
    ]
    return "\n".join([head, *rows])


# --------------------------------------------------------------------------------------
# A hand-made case for the measuring and the sweep
# --------------------------------------------------------------------------------------
def self_check() -> list[str]:
    """Problems found on a case small enough to count by hand (empty when all is well)."""
    problems = []

    def expect(what: str, got: object, wanted: object) -> None:
        if got != wanted:
            problems.append(f"{what}: {got!r}, expected {wanted!r}")

    # Persons {0,1,2} {3,4} {5}: 3 + 1 = 4 true pairs.
    person = np.array([0, 0, 0, 1, 1, 2])
    # Clusters {0,1} {2,3,4} {5}: 1 + 3 predicted, right: (0,1) and (3,4).
    m = label_metrics(np.array([0, 0, 2, 2, 2, 5]), person)
    expect("true pairs", m["true_pairs"], 4)
    expect("predicted pairs", m["predicted_pairs"], 4)
    expect("correct pairs", m["correct_pairs"], 2)
    expect("precision", m["precision"], 0.5)
    expect("largest cluster", m["largest_cluster"], 3)
    expect("singletons: precision", label_metrics(np.arange(6), person)["precision"], 1.0)
    expect("singletons: recall", label_metrics(np.arange(6), person)["recall"], 0.0)

    # Links: 0-1 0.95, 1-2 0.6, 3-4 0.8 are right; 2-3 0.4 and 4-5 0.3 are wrong.
    i, j = np.array([0, 1, 3, 2, 4]), np.array([1, 2, 4, 3, 5])
    p = np.array([0.95, 0.6, 0.8, 0.4, 0.3])
    rows = sweep(6, i, j, p, person, thresholds(FINE), score=None)
    expect("grid", (rows[0]["threshold"], rows[-1]["threshold"], len(rows)), (0.2, 0.99, 80))
    expect("coarse grid", thresholds(COARSE)[-3:], [0.9, 0.95, 0.99])
    expect("grid within", thresholds(FINE, 0.17, 0.23), [0.2, 0.21, 0.22, 0.23])
    by_t = {row["threshold"]: row for row in rows}
    expect("0.25: one cluster of six", by_t[0.25]["predicted_pairs"], 15)
    expect("0.35: five records joined", by_t[0.35]["predicted_pairs"], 10)
    expect("0.7: only 0-1 and 3-4", by_t[0.7]["correct_pairs"], 2)
    expect("0.96: nothing", by_t[0.96]["predicted_pairs"], 0)
    best = best_row(rows)
    expect("best threshold", best["threshold"], 0.41)
    expect("best F1", best["f1"], 1.0)
    fast = coarse_to_fine(lambda grid: sweep(6, i, j, p, person, grid, score=None))
    expect("coarse to fine: best threshold", best_row(fast)["threshold"], 0.41)
    expect("coarse to fine: clusterings", len(fast), 17 + 8)

    table_rows = {row["band"]: row for row in calibration_table(i, j, p, person)}
    expect(
        "band 0.30-0.40",
        (table_rows["0.30-0.40"]["pairs"], table_rows["0.30-0.40"]["share_true"]),
        (1, 0.0),
    )
    expect("band 0.95-0.99", table_rows["0.95-0.99"]["pairs"], 1)
    expect("band 0.50-0.60: empty", table_rows["0.50-0.60"]["pairs"], 0)
    expect("band 0.60-0.70", table_rows["0.60-0.70"]["share_true"], 1.0)
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The matcher's chosen threshold against the best.")
    ap.add_argument("--data", type=Path, action="append", default=[], help="a data set folder")
    ap.add_argument("--json", type=Path, help="write every figure (with the sweeps) here")
    ap.add_argument("--seed", type=int, default=0, help="the engine's seed (match_csv's)")
    ap.add_argument(
        "--threshold", type=float, help="a fixed threshold for the run (default: the engine's)"
    )
    ap.add_argument(
        "--full", action="store_true", help="sweep every 0.01 (default: every 0.05, then 0.01)"
    )
    ap.add_argument("--self-check", action="store_true", help="check the measuring and exit")
    args = ap.parse_args(argv)
    if args.self_check:
        problems = self_check()
        print("\n".join(problems) or "self-check: all as counted by hand")
        return 1 if problems else 0
    if not args.data:
        ap.error("give at least one --data DIR (or --self-check)")
    results = []
    for data in args.data:
        results.append(calibrate(data, args.seed, args.threshold, args.full))
        print(describe(results[-1]), flush=True)
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
