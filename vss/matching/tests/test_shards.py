"""The registry-wide run split into shards (engine/shards.py) gives the run in one
process, pair for pair and cluster for cluster, whether its steps run here, on the task
queue for a registry, or for a spreadsheet."""

import io
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from vss.matching import batch
from vss.matching.engine import shards
from vss.matching.engine.blocking import RULES, candidate_pairs, key_shard, shard_pair_codes
from vss.matching.engine.pipeline import MatchResult, match
from vss.matching.engine.records import PersonRecord, RecordSet, build_record_set
from vss.matching.models import MatchCandidate, MatchRun, RunStatus
from vss.matching.services import run_request

from .test_batch import _population
from .test_engine import PLANTED, synthetic_population, write_spreadsheet


@pytest.fixture(scope="module")
def population() -> RecordSet:
    records = synthetic_population(seed=11, households=300)
    for rid, _who, family, given, family_km, given_km, sex, year, village in PLANTED:
        records.append(
            PersonRecord(rid, family, given, family_km, given_km, sex, year, village)  # type: ignore[arg-type]
        )
    return build_record_set(records)


@pytest.fixture(scope="module")
def single(population: RecordSet) -> MatchResult:
    return match(population, seed=3)


def _same(a: MatchResult, b: MatchResult) -> None:
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.pair_i, b.pair_i) and np.array_equal(a.pair_j, b.pair_j)
    assert np.array_equal(a.probability, b.probability)
    assert a.report == b.report
    assert a.timings["candidate_pairs"] == b.timings["candidate_pairs"]


def test_the_shards_hold_every_candidate_pair_and_no_other(population: RecordSet) -> None:
    i, j = candidate_pairs(population)
    n = len(population)
    codes = i.astype(np.int64) * n + j
    parts = [shard_pair_codes(population, s, 4) for s in range(4)]
    union = np.unique(np.concatenate(parts))
    assert np.array_equal(union, codes)
    # Pairs sharing keys of two shards come from both: the shards overlap, hence the
    # deduplication before training.
    assert sum(len(p) for p in parts) > len(codes)


def test_a_key_belongs_to_one_shard(population: RecordSet) -> None:
    keys = np.concatenate(RULES[0].keys(population))
    keys = keys[keys >= 0]
    owners = key_shard(keys, 5)
    assert owners.min() >= 0 and owners.max() == 4
    # The same key always lands in the same shard, and the shards share the keys out.
    assert np.array_equal(owners, key_shard(keys.copy(), 5))
    assert len(np.unique(owners)) == 5


def test_parts_cover_the_records_in_order() -> None:
    for n, parts in ((10, 3), (1_000, 8), (14_300_000, 8), (5, 8)):
        bounds = shards.part_bounds(n, parts)
        assert bounds[0] == 0 and bounds[-1] == n and len(bounds) == parts + 1
        assert (np.diff(bounds) >= 0).all()
    # Later records are the first of fewer pairs: their ranges are wider.
    widths = np.diff(shards.part_bounds(1_000_000, 4))
    assert (np.diff(widths) > 0).all()


@pytest.mark.parametrize("count", [1, 2, 5])
def test_the_run_in_shards_is_the_run_in_one_process(
    population: RecordSet, single: MatchResult, tmp_path: Path, count: int
) -> None:
    split = shards.match_in_steps(population, tmp_path / "run", count, seed=3)
    assert single.pair_i.size > 100 and single.labels.max() > 0
    _same(single, split)
    assert split.records.ids == population.ids


def test_a_fixed_threshold_is_kept_through_the_steps(population: RecordSet, tmp_path: Path) -> None:
    a = match(population, threshold=0.7, seed=3)
    b = shards.match_in_steps(population, tmp_path, 3, threshold=0.7, seed=3)
    _same(a, b)
    assert b.report["threshold_source"] == "fixed"


def test_only_the_last_step_of_a_stage_starts_the_next(tmp_path: Path) -> None:
    records = build_record_set([])
    shards.prepare(records, tmp_path, 3)
    assert [shards.finished(tmp_path, "block", k) for k in (2, 0)] == [False, False]
    assert shards.finished(tmp_path, "block", 1) is True
    # A step run again (its worker died after it marked itself) starts nothing twice.
    assert shards.finished(tmp_path, "block", 1) is False
    assert shards.finished(tmp_path, "train", 0) is True


@pytest.mark.django_db
def test_a_registry_run_split_into_tasks_proposes_what_one_task_does(
    legal, django_capture_on_commit_callbacks, settings, tmp_path, monkeypatch
):
    _population(400, 40)
    settings.VSS_MATCHING_SHARD_RECORDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        whole = run_request(actor=legal)
    whole.refresh_from_db()
    expected = sorted(
        MatchCandidate.objects.filter(run=whole).values_list(
            "person_a_id", "person_b_id", "probability", "weight", "explanation", "cluster"
        )
    )

    # The pairs are written a few at a time as well: the same rows whatever the batch.
    monkeypatch.setattr(batch, "BATCH", 7)
    settings.VSS_MATCHING_SHARD_RECORDS = 150
    settings.VSS_MATCHING_WORK_DIR = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        split = run_request(actor=legal)
    split.refresh_from_db()
    assert split.status == RunStatus.DONE and split.progress == 1.0, split.error
    found = sorted(
        MatchCandidate.objects.filter(run=split).values_list(
            "person_a_id", "person_b_id", "probability", "weight", "explanation", "cluster"
        )
    )
    assert len(expected) > 20 and found == expected
    assert split.persons == whole.persons == 440
    assert split.candidate_pairs == whole.candidate_pairs
    assert split.model == whole.model
    assert split.report == whole.report
    assert not (tmp_path / f"run-{split.pk}").exists()  # the shards' files are removed


@pytest.mark.django_db
def test_a_step_that_fails_fails_the_run(
    legal, django_capture_on_commit_callbacks, settings, tmp_path, monkeypatch
):
    _population(200, 20)
    settings.VSS_MATCHING_SHARD_RECORDS = 100
    settings.VSS_MATCHING_WORK_DIR = str(tmp_path)

    def broken(directory: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(shards, "train_model", broken)
    # The queue's worker keeps the exception with the task; the run's row says it.
    with django_capture_on_commit_callbacks(execute=True):
        run_request(actor=legal)
    run = MatchRun.objects.get()
    assert run.status == RunStatus.FAILED and "disk full" in run.error
    assert not MatchCandidate.objects.filter(run=run).exists()
    assert not (tmp_path / f"run-{run.pk}").exists()


def _spreadsheet(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_spreadsheet(stream, synthetic_population(seed=5, households=120))


@pytest.mark.django_db
@pytest.mark.parametrize("queue", [False, True])
def test_a_spreadsheet_in_shards_gets_the_same_clusters(
    tmp_path: Path, settings, queue: bool
) -> None:
    settings.VSS_MATCHING_WORK_DIR = str(tmp_path / "work")
    source = tmp_path / "people.csv"
    _spreadsheet(source)
    call_command("match_csv", str(source), str(tmp_path / "one.csv"), stderr=io.StringIO())
    console = io.StringIO()
    call_command(
        "match_csv",
        str(source),
        str(tmp_path / "split.csv"),
        "--shards",
        "3",
        *(["--queue"] if queue else []),
        stderr=console,
    )
    one = (tmp_path / "one.csv").read_text()
    assert one.count("\n") > 200
    assert (tmp_path / "split.csv").read_text() == one
    assert "pairs compared" in console.getvalue()
    # The command's own work directory is removed.
    assert not any((tmp_path / "work").iterdir())
