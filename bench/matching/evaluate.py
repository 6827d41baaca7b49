"""Pairwise precision, recall and F1 of a clustering against the truth.

    python bench/matching/evaluate.py --truth truth.csv --clusters clusters.csv [--json]

truth.csv has `record_id,person_id`, clusters.csv has `record_id,cluster_id` (header rows;
extra columns are ignored). A record missing from clusters.csv counts as a singleton; a
record of clusters.csv that is not in the truth is an error.

A pair of records is predicted when both are in one cluster and true when both belong
to one person. The counts come from cluster and person sizes (n * (n - 1) / 2 pairs in a
group of n) and from the sizes of the (cluster, person) intersections, so 1M records
cost one pass over each file, never the n² pairs.

As a library: `evaluate(truth_path, clusters_path) -> dict`, and `pair_metrics(...)` for
counts already at hand.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_metrics(true_pairs: int, predicted_pairs: int, correct_pairs: int) -> dict:
    precision = correct_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = correct_pairs / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
        "correct_pairs": correct_pairs,
        "false_positive_pairs": predicted_pairs - correct_pairs,
        "false_negative_pairs": true_pairs - correct_pairs,
    }


def read_truth(path: str | Path) -> dict[str, int]:
    """record_id -> a small int per person."""
    persons: dict[str, int] = {}
    truth: dict[str, int] = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rid, pid = header.index("record_id"), header.index("person_id")
        for row in reader:
            truth[row[rid]] = persons.setdefault(row[pid], len(persons))
    return truth


def evaluate_labels(truth: dict[str, int], cluster_of: dict[str, object]) -> dict:
    """Metrics for record -> cluster labels (records without a label are singletons)."""
    unknown = [r for r in cluster_of if r not in truth]
    if unknown:
        raise ValueError(
            f"{len(unknown)} clustered record ids are not in the truth, e.g. {unknown[:3]}"
        )
    person_sizes = Counter(truth.values())
    cluster_sizes = Counter(cluster_of.values())
    both = Counter((c, truth[r]) for r, c in cluster_of.items())
    out = pair_metrics(
        true_pairs=sum(_pairs(n) for n in person_sizes.values()),
        predicted_pairs=sum(_pairs(n) for n in cluster_sizes.values()),
        correct_pairs=sum(_pairs(n) for n in both.values()),
    )
    out.update(
        records=len(truth),
        persons=len(person_sizes),
        clusters=len(cluster_sizes) + (len(truth) - len(cluster_of)),
        largest_cluster=max(cluster_sizes.values(), default=1),
    )
    return out


def read_clusters(path: str | Path) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rid, cid = header.index("record_id"), header.index("cluster_id")
        return {row[rid]: row[cid] for row in reader}


def evaluate(truth_path: str | Path, clusters_path: str | Path) -> dict:
    return evaluate_labels(read_truth(truth_path), read_clusters(clusters_path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Pairwise precision, recall and F1.")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--clusters", required=True)
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = ap.parse_args(argv)
    m = evaluate(args.truth, args.clusters)
    if args.json:
        print(json.dumps(m))
    else:
        print(
            f"precision {m['precision']:.4f}  recall {m['recall']:.4f}  F1 {m['f1']:.4f}  "
            f"(true pairs {m['true_pairs']}, predicted {m['predicted_pairs']}, "
            f"correct {m['correct_pairs']}; {m['records']} records, {m['persons']} persons, "
            f"{m['clusters']} clusters, largest {m['largest_cluster']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
