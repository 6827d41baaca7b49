"""The live duplicate check (one new record against the registry) on a synthetic data set:
p50 / p95 / max latency over probe records drawn from the data, each checked against all
the other records.

    .venv/bin/python bench/matching/bench_live.py --data bench/matching/data/1m \
        [--probes 500] [--seed 1] [--json out.json]

Builds once what a server keeps in memory (the RecordSet, a model trained by the batch
pipeline's blocking and training, the LiveIndex) and reports how long that took and its
memory, then times `LiveIndex.check` for each probe, excluding the probe's own record
from the results. The truth is read only to report how often a probe's other records of
the same person came out on top (never used by the check)."""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")

import numpy as np  # noqa: E402

from vss.matching.csvio import read_records  # noqa: E402
from vss.matching.engine.blocking import candidate_pairs  # noqa: E402
from vss.matching.engine.compare import SimilarityCache  # noqa: E402
from vss.matching.engine.index import LiveIndex  # noqa: E402
from vss.matching.engine.model import train  # noqa: E402
from vss.matching.engine.records import build_record_set  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Latency of the live duplicate check.")
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--probes", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    started = time.perf_counter()
    with (args.data / "records.csv").open(encoding="utf-8", newline="") as stream:
        people = read_records(stream).records
    read_s = time.perf_counter() - started
    records = build_record_set(people)
    build_s = time.perf_counter() - started - read_s
    i, j = candidate_pairs(records)
    model = train(records, i, j, SimilarityCache(records.keys.keys))
    del i, j
    train_s = time.perf_counter() - started - read_s - build_s
    index = LiveIndex(records, model)
    index_s = time.perf_counter() - started - read_s - build_s - train_s
    print(
        f"{len(records)} records: read {read_s:.1f} s, keys {build_s:.1f} s, blocking and "
        f"training {train_s:.1f} s, index {index_s:.1f} s; peak {peak_mib():.0f} MiB",
        flush=True,
    )

    person_of: dict[str, str] = {}
    truth = args.data / "truth.csv"
    if truth.exists():
        with truth.open(newline="", encoding="utf-8") as stream:
            person_of = {row["record_id"]: row["person_id"] for row in csv.DictReader(stream)}
    records_of: dict[str, int] = {}
    for pid in person_of.values():
        records_of[pid] = records_of.get(pid, 0) + 1

    rng = np.random.default_rng(args.seed)
    probes = rng.choice(len(records), size=min(args.probes, len(records)), replace=False)
    index.check(people[int(probes[0])], exclude=int(probes[0]))  # warm the caches once
    times, found, shown, with_duplicate, duplicate_first, having = [], [], [], 0, 0, 0
    for k in probes.tolist():
        begin = time.perf_counter()
        matches = index.check(people[k], exclude=k)
        times.append(time.perf_counter() - begin)
        shown.append(len(matches))
        found.append(len(index.blocking.candidates(build_record_set([people[k]], records.keys))))
        if person_of:
            having += records_of[person_of[records.ids[k]]] > 1
            same = [
                rid
                for rid, pid in ((m.record_id, person_of.get(m.record_id)) for m in matches)
                if pid == person_of[records.ids[k]]
            ]
            if same:
                with_duplicate += 1
                duplicate_first += matches[0].record_id in same
    ms = np.asarray(times) * 1000
    result = {
        "data": str(args.data),
        "records": len(records),
        "probes": len(probes),
        "p50_ms": float(np.percentile(ms, 50)),
        "p95_ms": float(np.percentile(ms, 95)),
        "max_ms": float(ms.max()),
        "mean_candidates": float(np.mean(found)),
        "max_candidates": int(np.max(found)),
        "mean_shown": float(np.mean(shown)),
        "probes_having_a_duplicate": having,
        "probes_with_a_duplicate_shown": with_duplicate,
        "duplicate_shown_first": duplicate_first,
        "setup_seconds": {"read": read_s, "keys": build_s, "train": train_s, "index": index_s},
        "peak_mib": peak_mib(),
    }
    print(
        f"live check over {len(probes)} probes: p50 {result['p50_ms']:.1f} ms, "
        f"p95 {result['p95_ms']:.1f} ms, max {result['max_ms']:.1f} ms; "
        f"{result['mean_candidates']:.0f} candidates on average (max "
        f"{result['max_candidates']}); peak {result['peak_mib']:.0f} MiB"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
