"""The registry-wide run: every active person through the matcher, the pairs worth a
reviewer's look written to the queue, strongest first, with the run's progress kept on
its row for the page that shows it."""

from __future__ import annotations

import datetime
import math
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vss.people.models import Person

from .engine import shards
from .engine.compare import FIELDS, LEVEL_LABELS, SimilarityCache, compare
from .engine.model import Model
from .engine.pipeline import REVIEW_FLOOR, MatchResult, match
from .engine.records import PersonRecord, build_record_set
from .models import CandidateStatus, DifferentPeople, MatchCandidate, MatchRun, RunStatus

BATCH = 5_000
PROGRESS_EVERY = 2.0  # seconds between progress writes
# Where each stage of a split run starts on the run's progress bar, and the name the
# run's page knows it by (presenters.RUN_STAGES).
STAGE_PROGRESS = {"block": 0.1, "train": 0.35, "score": 0.45, "merge": 0.85}
STAGE_NAMES = {"block": "blocking", "train": "training", "score": "scoring", "merge": "clustering"}

# Puts one step of a split run on the task queue: (work directory, stage, step number).
StepQueue = Callable[[str, str, int], None]


def _record(
    pk: int,
    family: str,
    given: str,
    family_km: str,
    given_km: str,
    sex: str,
    year: int | None,
    born: datetime.date | None,
    village: str | None,
) -> PersonRecord:
    return PersonRecord(
        record_id=str(pk),
        family_name=family,
        given_name=given,
        family_name_km=family_km,
        given_name_km=given_km,
        sex=sex if sex != "unknown" else "",
        birth_year=year or (born.year if born else None),
        village_code=village or "",
    )


def person_records(ids: list[int] | None = None) -> Iterator[PersonRecord]:
    """Every person not archived (or those of `ids`), as the matcher reads them: main
    names in both scripts, sex, year of birth, village."""
    people = Person.objects.filter(archived_at__isnull=True)
    if ids is not None:
        people = people.filter(pk__in=ids)
    rows = people.order_by("pk").values_list(
        "pk",
        "family_name_latin",
        "given_name_latin",
        "family_name_km",
        "given_name_km",
        "sex",
        "birth_year",
        "birth_date",
        "village_id",
    )
    for row in rows.iterator(chunk_size=BATCH):
        yield _record(*row)


def person_record(person: Person) -> PersonRecord:
    """A person already read, as `person_records` would give them."""
    return _record(
        person.pk,
        person.family_name_latin,
        person.given_name_latin,
        person.family_name_km,
        person.given_name_km,
        person.sex,
        person.birth_year,
        person.birth_date,
        person.village_id,
    )


def explanations(model: Model, comparison, keys: list[str]) -> list[list[dict]]:  # type: ignore[no-untyped-def]
    """Field by field, for many pairs at once, what each level added or took away."""
    weights = model.field_weights(comparison)
    levels = comparison.levels
    result = []
    for row in range(len(levels)):
        lines = [
            {
                "field": name,
                "level": LEVEL_LABELS[name][int(levels[row, f])],
                "weight": round(float(weights[row, f]), 2),
            }
            for f, name in enumerate(FIELDS)
        ]
        if comparison.swapped[row]:
            lines.append(
                {"field": "name_order", "level": "family and given names swapped", "weight": 0.0}
            )
        result.append(lines)
    return result


class _Progress:
    def __init__(self, run: MatchRun) -> None:
        self.run_id = run.pk
        self.last = 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY or fraction >= 1.0:
            MatchRun.objects.filter(pk=self.run_id).update(
                stage=stage, progress=min(max(fraction, 0.0), 1.0) * 0.9
            )
            self.last = now


def shard_count(records: int) -> int:
    """How many shards a run over so many records is split into: one (the whole run in
    one task) up to VSS_MATCHING_SHARD_RECORDS records, else enough that each shard's
    share of the candidate pairs is about what one run of that size holds."""
    per_shard = int(settings.VSS_MATCHING_SHARD_RECORDS)
    return max(1, math.ceil(records / per_shard)) if per_shard > 0 else 1


def work_directory(run_id: int) -> Path:
    return Path(settings.VSS_MATCHING_WORK_DIR) / f"run-{run_id}"


def _fail(run_id: int, error: Exception) -> None:
    # The first failure is the cause: the steps still running may fail after it.
    MatchRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error=repr(error)[:2000]
    )


def _finish(run_id: int, records, result: MatchResult | None) -> None:  # type: ignore[no-untyped-def]
    run = MatchRun.objects.get(pk=run_id)
    with transaction.atomic():
        proposed = _write_candidates(run, records, result) if result else 0
        MatchRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            stage="done",
            progress=1.0,
            persons=len(records),
            candidate_pairs=int(result.timings["candidate_pairs"]) if result else 0,
            proposed_pairs=proposed,
            model=result.model.to_json() if result else {},
            report=_report(result.report) if result else {},
        )


def run_matching_now(run_id: int, queue: StepQueue | None = None) -> MatchRun:
    """The run, in this process; or, given a queue and more records than one shard
    holds, its records written out and its blocking steps queued (run_step_now does
    the rest, step by step, on whichever workers take them)."""
    run = MatchRun.objects.get(pk=run_id)
    if run.status in (RunStatus.DONE, RunStatus.FAILED):
        return run  # a task run again after its run ended proposes nothing twice
    # Run from its start, the first time or after a worker died part-way: nothing of the
    # run is written until its pairs are, with its end, in one transaction.
    MatchRun.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="reading"
    )
    try:
        records = build_record_set(person_records())
        split = shard_count(len(records)) if queue is not None else 1
        if queue is not None and split > 1 and len(records) >= 2:
            directory = work_directory(run_id)
            shutil.rmtree(directory, ignore_errors=True)
            shards.prepare(records, directory, split)
            MatchRun.objects.filter(pk=run_id).update(
                stage="blocking", progress=STAGE_PROGRESS["block"], persons=len(records)
            )
            for number in range(split):
                queue(str(directory), "block", number)
        else:
            result = match(records, progress=_Progress(run)) if len(records) >= 2 else None
            _finish(run_id, records, result)
    except Exception as error:  # the run's page must say it failed, whatever the cause
        _fail(run_id, error)
        raise
    run.refresh_from_db()
    return run


def run_step_now(
    run_id: int | None, directory: Path, stage: str, number: int, queue: StepQueue
) -> None:
    """One step of a split run; the step that completes a stage queues the next one's,
    and the merge writes the run's pairs as a run in one task does. Without a run (a
    spreadsheet, `match_csv --queue`), the merge writes the clusters into the directory
    instead, and a failure is written there."""
    if (
        run_id is not None
        and not MatchRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).exists()
    ):
        return  # the run failed in another step (or ended): its other steps stop here
    try:
        if stage == "merge":
            _merge(run_id, directory)
            return
        shards.run_step(directory, stage, number)
        if shards.finished(directory, stage, number):
            following = shards.STAGES[shards.STAGES.index(stage) + 1]
            if run_id is not None:
                MatchRun.objects.filter(pk=run_id).update(
                    stage=STAGE_NAMES[following], progress=STAGE_PROGRESS[following]
                )
            for step in range(shards.steps(directory, following)):
                queue(str(directory), following, step)
    except Exception as error:
        if run_id is None:
            shards.write_failure(directory, repr(error))
        else:
            _fail(run_id, error)
            # Gigabytes at millions of people, and no step of the run will read them.
            shutil.rmtree(directory, ignore_errors=True)
        raise


def _merge(run_id: int | None, directory: Path) -> None:
    if run_id is None:
        shards.write_clusters(directory, shards.merge(directory))
        return
    MatchRun.objects.filter(pk=run_id).update(stage="clustering", progress=STAGE_PROGRESS["merge"])
    result = shards.merge(directory)
    _finish(run_id, result.records, result)
    shutil.rmtree(directory, ignore_errors=True)


def _report(report: dict) -> dict:
    """The run's report as kept on its row: the largest clusters by person id."""
    return {
        **report,
        "largest_clusters": [
            {"size": c["size"], "people": [int(x) for x in c["records"]]}
            for c in report.get("largest_clusters", [])
        ],
    }


@transaction.atomic
def _write_candidates(run: MatchRun, records, result) -> int:  # type: ignore[no-untyped-def]
    MatchRun.objects.filter(pk=run.pk).update(stage="saving", progress=0.9)
    ids = np.asarray([int(x) for x in records.ids], dtype=np.int64)
    keep = result.probability >= REVIEW_FLOOR
    i, j, probability = result.pair_i[keep], result.pair_j[keep], result.probability[keep]
    a, b = np.minimum(ids[i], ids[j]), np.maximum(ids[i], ids[j])
    decided = set(DifferentPeople.objects.values_list("person_a_id", "person_b_id"))
    fresh = np.asarray(
        [(int(x), int(y)) not in decided for x, y in zip(a, b, strict=True)], dtype=bool
    )
    i, j, a, b, probability = i[fresh], j[fresh], a[fresh], b[fresh], probability[fresh]

    MatchCandidate.objects.filter(status=CandidateStatus.OPEN).exclude(run=run).update(
        status=CandidateStatus.SUPERSEDED
    )
    cache = SimilarityCache(records.keys.keys)
    labels = result.labels
    created = 0
    # A batch at a time: a registry of millions keeps millions of pairs, and their
    # explanations, as Python objects, would take more memory than the run itself.
    for start in range(0, len(i), BATCH):
        part = slice(start, start + BATCH)
        comparison = compare(records, i[part], j[part], cache)
        weights = result.model.field_weights(comparison).sum(axis=1)
        reasons = explanations(result.model, comparison, records.keys.keys)
        rows = [
            MatchCandidate(
                run=run,
                person_a_id=int(a[k]),
                person_b_id=int(b[k]),
                probability=float(probability[k]),
                weight=float(weights[k - start]),
                explanation=reasons[k - start],
                cluster=int(labels[i[k]]),
            )
            for k in range(start, min(start + BATCH, len(i)))
        ]
        created += len(MatchCandidate.objects.bulk_create(rows))
    return created
