"""The registry-wide run: every active person through the matcher, the pairs worth a
reviewer's look written to the queue, strongest first, with the run's progress kept on
its row for the page that shows it."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import numpy as np
from django.db import transaction
from django.utils import timezone

from vss.people.models import Person

from .engine.compare import FIELDS, LEVEL_LABELS, SimilarityCache, compare
from .engine.model import Model
from .engine.pipeline import REVIEW_FLOOR, match
from .engine.records import PersonRecord, build_record_set
from .models import CandidateStatus, DifferentPeople, MatchCandidate, MatchRun, RunStatus

BATCH = 5_000
PROGRESS_EVERY = 2.0  # seconds between progress writes


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


def run_matching_now(run_id: int) -> MatchRun:
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
        result = match(records, progress=_Progress(run)) if len(records) >= 2 else None
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
    except Exception as error:  # the run's page must say it failed, whatever the cause
        MatchRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=repr(error)[:2000]
        )
        raise
    run.refresh_from_db()
    return run


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

    comparison = compare(records, i, j, SimilarityCache(records.keys.keys))
    weights = result.model.field_weights(comparison).sum(axis=1)
    reasons = explanations(result.model, comparison, records.keys.keys)
    MatchCandidate.objects.filter(status=CandidateStatus.OPEN).exclude(run=run).update(
        status=CandidateStatus.SUPERSEDED
    )
    labels = result.labels
    rows = (
        MatchCandidate(
            run=run,
            person_a_id=int(a[k]),
            person_b_id=int(b[k]),
            probability=float(probability[k]),
            weight=float(weights[k]),
            explanation=reasons[k],
            cluster=int(labels[i[k]]),
        )
        for k in range(len(i))
    )
    created = 0
    batch: list[MatchCandidate] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            created += len(MatchCandidate.objects.bulk_create(batch))
            batch = []
    if batch:
        created += len(MatchCandidate.objects.bulk_create(batch))
    return created
