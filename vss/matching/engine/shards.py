"""The registry-wide run in steps that separate processes take, for registries whose
candidate pairs do not fit one process's memory. Each step reads and writes files in
one work directory, so that workers on one machine (or sharing a disk) share nothing
else:

1. `prepare`: the records, as arrays, and the plan (how many shards).
2. `block`, once per shard: the candidate pairs that the blocking keys of that shard
   give (a key belongs to one shard, by its hash, so each shard compares whole groups),
   written out by *part*: a part is a range of the pairs' first record.
3. `train`, once: each part's pairs from every shard, deduplicated (a pair that shares
   keys of several shards comes from each), and the model trained on them all.
4. `score`, once per part: the part's pairs scored, those worth keeping written out.
5. `merge`, once: the kept pairs of every part, clustered as in one process.

The parts are ranges of the first record, so the parts in order are the candidates in
the order `candidate_pairs` gives them; the model learns from the same pairs with the
same seed, and every pair scores the same wherever it is scored: the result is the one
`pipeline.match` gives, cluster for cluster.

`finished` tells the caller which step completed a stage, so that a task queue can
start the next stage from whichever worker ends last."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .arrays import unique
from .blocking import shard_pair_codes
from .compare import SimilarityCache
from .model import Model, train
from .pipeline import DEFAULT_THRESHOLD, MatchResult, conclude, score_pairs
from .records import KeyTable, RecordSet

ARRAYS = (
    "family_latin",
    "family_khmer",
    "given_latin",
    "given_khmer",
    "sex",
    "birth_year",
    "village",
)
STAGES = ("block", "train", "score", "merge")


def _save_array(path: Path, array: np.ndarray) -> None:
    """Written whole or not at all: a step run again after its worker died must not
    find half a file."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as stream:
        np.save(stream, array)
    os.replace(partial, path)


def _save_bytes(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def part_bounds(n: int, parts: int) -> np.ndarray:
    """Record bounds of the parts (parts + 1 of them): a pair belongs to the part of its
    first (smaller) record. Pairs thin out towards the last records - a record is the
    first of a pair only with a record after it - so the ranges widen to hold about the
    same number of pairs each."""
    shares = np.arange(parts + 1) / parts
    bounds = np.floor(n * (1.0 - np.sqrt(1.0 - shares))).astype(np.int64)
    bounds[0], bounds[-1] = 0, n
    return bounds


def plan(directory: Path) -> dict:
    return json.loads((directory / "plan.json").read_text())


def _update_plan(directory: Path, **values: object) -> None:
    current = plan(directory)
    current.update(values)
    _save_bytes(directory / "plan.json", json.dumps(current).encode())


def _note_time(directory: Path, stage: str, number: int, seconds: float) -> None:
    _save_bytes(directory / "times" / f"{stage}-{number}.json", json.dumps(seconds).encode())


def prepare(
    records: RecordSet,
    directory: Path,
    shards: int,
    *,
    threshold: float | None = DEFAULT_THRESHOLD,
    seed: int = 0,
) -> None:
    """Write the records and the plan into `directory` (created if missing)."""
    for sub in ("blocks", "candidates", "kept", "times", "done"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    for name in ARRAYS:
        _save_array(directory / f"{name}.npy", getattr(records, name))
    _save_array(directory / "ids.npy", np.asarray(records.ids, dtype=np.str_))
    _save_bytes(directory / "keys.json", json.dumps(records.keys.keys).encode())
    _save_bytes(
        directory / "plan.json",
        json.dumps(
            {"records": len(records), "shards": shards, "threshold": threshold, "seed": seed}
        ).encode(),
    )


def load_records(directory: Path, *, with_ids: bool = False) -> RecordSet:
    """The prepared records; ids only when asked (they are only needed to report)."""
    keys = KeyTable()
    keys.keys = json.loads((directory / "keys.json").read_text())
    keys.ids = {key: number for number, key in enumerate(keys.keys)}
    arrays = {name: np.load(directory / f"{name}.npy") for name in ARRAYS}
    n = len(arrays["sex"])
    ids = np.load(directory / "ids.npy").tolist() if with_ids else [""] * n
    return RecordSet(ids=ids, keys=keys, **arrays)


def block(directory: Path, shard: int) -> None:
    """The candidate pairs of one shard's keys, split by part."""
    started = time.perf_counter()
    shards = plan(directory)["shards"]
    records = load_records(directory)
    codes = shard_pair_codes(records, shard, shards)
    cuts = np.searchsorted(codes, part_bounds(len(records), shards) * len(records))
    for part in range(shards):
        _save_array(
            directory / "blocks" / f"{shard}-{part}.npy", codes[cuts[part] : cuts[part + 1]]
        )
    _note_time(directory, "block", shard, time.perf_counter() - started)


def train_model(directory: Path) -> None:
    """Deduplicate each part's pairs over the shards, then train on all of them."""
    started = time.perf_counter()
    settings = plan(directory)
    shards = settings["shards"]
    records = load_records(directory)
    n = np.int64(max(len(records), 1))
    firsts, seconds, sizes = [], [], []
    for part in range(shards):
        codes = unique(
            np.concatenate(
                [np.load(directory / "blocks" / f"{s}-{part}.npy") for s in range(shards)]
            )
        )
        _save_array(directory / "candidates" / f"{part}.npy", codes)
        firsts.append((codes // n).astype(np.int32))
        seconds.append((codes % n).astype(np.int32))
        sizes.append(len(codes))
        del codes
    i, j = np.concatenate(firsts), np.concatenate(seconds)
    del firsts, seconds
    model = train(records, i, j, SimilarityCache(records.keys.keys), seed=settings["seed"])
    _save_bytes(directory / "model.pickle", pickle.dumps(model))
    _update_plan(directory, candidates=len(i), part_sizes=sizes)
    _note_time(directory, "train", 0, time.perf_counter() - started)


def _model(directory: Path) -> Model:
    # Written by train_model into the run's own directory, which only the service
    # writes: the same trust as the code itself.
    model: Model = pickle.loads((directory / "model.pickle").read_bytes())
    return model


def score(directory: Path, part: int) -> None:
    """Score one part's candidates; keep what the single run keeps."""
    started = time.perf_counter()
    records = load_records(directory)
    codes = np.load(directory / "candidates" / f"{part}.npy")
    n = np.int64(max(len(records), 1))
    i, j = (codes // n).astype(np.int32), (codes % n).astype(np.int32)
    del codes
    pair_i, pair_j, probability = score_pairs(
        records, _model(directory), SimilarityCache(records.keys.keys), i, j
    )
    kept = directory / "kept"
    _save_array(kept / f"{part}-i.npy", pair_i)
    _save_array(kept / f"{part}-j.npy", pair_j)
    _save_array(kept / f"{part}-p.npy", probability)
    _note_time(directory, "score", part, time.perf_counter() - started)


def merge(directory: Path, progress: Callable[[str, float], None] | None = None) -> MatchResult:
    """Cluster the kept pairs of every part, in the candidates' order."""
    settings = plan(directory)
    shards = settings["shards"]
    records = load_records(directory, with_ids=True)
    kept = directory / "kept"

    def column(suffix: str) -> np.ndarray:
        return np.concatenate([np.load(kept / f"{part}-{suffix}.npy") for part in range(shards)])

    timings: dict[str, float] = {}
    for stage, label in (("block", "blocking"), ("train", "training"), ("score", "scoring")):
        spent = [json.loads(p.read_text()) for p in (directory / "times").glob(f"{stage}-*.json")]
        timings[label] = float(sum(spent))
    extra = {"progress": progress} if progress else {}
    return conclude(
        records,
        _model(directory),
        SimilarityCache(records.keys.keys),
        column("i"),
        column("j"),
        column("p"),
        candidates=settings["candidates"],
        threshold=settings["threshold"],
        timings=timings,
        **extra,
    )


def steps(directory: Path, stage: str) -> int:
    """How many steps a stage has: one per shard for blocking and scoring, else one."""
    return plan(directory)["shards"] if stage in ("block", "score") else 1


def run_step(directory: Path, stage: str, number: int = 0) -> None:
    """One step of the stages before the merge."""
    if stage == "block":
        block(directory, number)
    elif stage == "train":
        train_model(directory)
    elif stage == "score":
        score(directory, number)
    else:
        raise ValueError(f"no step {stage!r} runs apart; the merge returns the result")


def finished(directory: Path, stage: str, number: int) -> bool:
    """Record that step `number` of `stage` is done; True for exactly one caller, once
    every step of the stage is: the one that should start the next stage. Each step
    marks itself before it looks, so the last to mark sees them all; two that look at
    once are told apart by the exclusive creation of the stage's latch."""
    done = directory / "done"
    (done / f"{stage}-{number}").touch()
    if not all((done / f"{stage}-{k}").exists() for k in range(steps(directory, stage))):
        return False
    try:
        os.close(os.open(done / f"{stage}.next", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def write_clusters(directory: Path, result: MatchResult) -> None:
    """A run without a registry behind it (a spreadsheet): its clusters as
    record_id,cluster_id and its report, written last, so that whoever waits for the
    run sees clusters.csv only once all of it is there."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("record_id", "cluster_id"))
    writer.writerows(zip(result.records.ids, result.cluster_ids(), strict=True))
    _save_bytes(directory / "report.json", json.dumps(result.report).encode())
    _save_bytes(directory / "clusters.csv", text.getvalue().encode())


def write_failure(directory: Path, error: str) -> None:
    _save_bytes(directory / "failed.txt", error.encode())


def match_in_steps(
    records: RecordSet,
    directory: Path,
    shards: int,
    *,
    threshold: float | None = DEFAULT_THRESHOLD,
    seed: int = 0,
) -> MatchResult:
    """Every step in this process, one after the other: what the workers do between
    them, for a test or a run without a queue."""
    prepare(records, directory, shards, threshold=threshold, seed=seed)
    for stage in STAGES[:-1]:
        for number in range(steps(directory, stage)):
            run_step(directory, stage, number)
    return merge(directory)
