"""The matcher on registries of every size and duplicate rate: a registry with no or few
re-filings learns from what a re-filing looks like instead of collapsing, an applicant
typed again is always put before a reviewer, the run says what it learnt from and what
it chose, and clusters never join records that cannot be one person."""

from __future__ import annotations

import numpy as np
import pytest

from vss.matching.engine.cluster import IMPLAUSIBLE, cluster
from vss.matching.engine.model import RATE_FLOOR, prior_from_rate
from vss.matching.engine.pipeline import REVIEW_FLOOR, MatchResult, match
from vss.matching.engine.records import PersonRecord, build_record_set

from .test_engine import synthetic_population

APPLICANT = PersonRecord("applicant", "KEO", "SREYMOM", "កែវ", "ស្រីមុំ", "F", 1952, "12010101")
# The same woman typed again: as she was, in Khmer only, and under other romanisations
# with her compound given name written apart.
RETYPED = {
    "the same": PersonRecord("again", "KEO", "SREYMOM", "កែវ", "ស្រីមុំ", "F", 1952, "12010101"),
    "Khmer only": PersonRecord("again", "", "", "កែវ", "ស្រីមុំ", "F", 1952, "12010101"),
    "romanised otherwise": PersonRecord("again", "KAEV", "SREY MOM", "", "", "F", 1952, "12010101"),
}


def _proposed(result: MatchResult, one: str, other: str) -> float | None:
    """The probability of the pair if the run kept it for review, else None."""
    index = {rid: k for k, rid in enumerate(result.records.ids)}
    a, b = index[one], index[other]
    pair = ((result.pair_i == a) & (result.pair_j == b)) | (
        (result.pair_i == b) & (result.pair_j == a)
    )
    found = np.flatnonzero(pair)
    return float(result.probability[found[0]]) if len(found) else None


@pytest.mark.parametrize(
    ("households", "copies", "variant"),
    [
        (0, (100, 0, 0), "the same"),  # the registry is the two records
        (40, (100, 0, 0), "Khmer only"),
        (40, (50, 50, 0), "romanised otherwise"),
        (1_000, (100, 0, 0), "the same"),
        (1_000, (99.5, 0.5, 0), "Khmer only"),
        (1_000, (99.5, 0.5, 0), "romanised otherwise"),
        (1_000, (50, 40, 10), "romanised otherwise"),
    ],
)
def test_an_applicant_typed_again_is_proposed_at_any_size_and_rate(
    households: int, copies: tuple[float, float, float], variant: str
) -> None:
    records = synthetic_population(seed=11, households=households, copies=copies)
    records += [APPLICANT, RETYPED[variant]]
    result = match(build_record_set(records), seed=0)
    probability = _proposed(result, "applicant", "again")
    assert probability is not None, result.report
    # No collapse: the prior never falls below the floor's, whatever the registry shows.
    assert result.model.prior >= prior_from_rate(RATE_FLOOR, len(records)) * 0.999
    assert probability >= REVIEW_FLOOR


def test_a_registry_without_duplicates_says_it_used_the_informative_defaults() -> None:
    records = synthetic_population(seed=3, households=600, copies=(100, 0, 0))
    report = match(build_record_set(records), seed=0).report
    assert report["prior_source"] == "informative"
    assert report["m_source"] == "default"
    # Faint pairs among strangers add up to a little above the floor, not to a rate.
    assert RATE_FLOOR <= report["duplicate_rate"] < 0.01


def test_a_registry_full_of_duplicates_says_it_learnt_them() -> None:
    records = synthetic_population(seed=3, households=600, copies=(40, 40, 20))
    report = match(build_record_set(records), seed=0).report
    assert report["prior_source"] == "learnt"
    assert report["m_source"] == "learnt"
    # The rate the run found is near the one drawn (0.8 pairs per person filed here:
    # 40 % twice, 20 % three times), not at the floor nor at the belief.
    assert 0.3 < report["duplicate_rate"] < 1.2


def test_the_run_reports_its_threshold_with_the_precision_and_recall_it_expects() -> None:
    records = synthetic_population(seed=5, households=400)
    result = match(build_record_set(records), seed=0)
    report = result.report
    assert report["threshold"] == result.timings["threshold"]
    assert report["threshold_source"] == "expected F1"
    assert 0.5 < report["expected_precision"] <= 1.0
    assert 0.5 < report["expected_recall"] <= 1.0
    sizes = [c["size"] for c in report["largest_clusters"]]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) > 2
    labels = result.labels
    biggest = report["largest_clusters"][0]
    members = {result.records.ids.index(rid) for rid in biggest["records"]}
    assert len({int(labels[k]) for k in members}) == 1
    assert biggest["size"] == int(np.bincount(labels).max())


def test_a_fixed_threshold_is_reported_as_fixed() -> None:
    records = synthetic_population(seed=5, households=100)
    report = match(build_record_set(records), threshold=0.7, seed=0).report
    assert report["threshold"] == 0.7
    assert report["threshold_source"] == "fixed"


def test_two_records_that_cannot_be_one_person_are_not_joined_through_a_third() -> None:
    # A father and his namesake son, 24 years apart, and a third record of the name with
    # neither year nor village: each pair through it looks likely, the two ends cannot
    # be one person.
    records = synthetic_population(seed=9, households=300)
    records += [
        PersonRecord("father", "CHHIM", "SAMBATH", "ឈឹម", "សម្បត្តិ", "M", 1931, "08010101"),
        PersonRecord("son", "CHHIM", "SAMBATH", "ឈឹម", "សម្បត្តិ", "M", 1955, "08010101"),
        PersonRecord("either", "CHHIM", "SAMBATH", "", "", "M", None, ""),
    ]
    result = match(build_record_set(records), threshold=0.2, seed=0)
    cluster_of = dict(zip(result.records.ids, result.labels.tolist(), strict=True))
    assert cluster_of["father"] != cluster_of["son"]


def test_clusters_split_where_a_pair_inside_is_implausible() -> None:
    # 0-1 and 1-2 are strong links; 0 and 2 cannot be one person.
    i, j = np.array([0, 1]), np.array([1, 2])
    probability = np.array([0.99, 0.99])

    def score(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.array(
            [IMPLAUSIBLE if {int(x), int(y)} == {0, 2} else 8.0 for x, y in zip(a, b, strict=True)]
        )

    joined = cluster(3, i, j, probability, 0.5)
    assert len(set(joined.tolist())) == 1  # by links alone, one chain
    checked = cluster(3, i, j, probability, 0.5, score=score)
    assert checked[0] != checked[2]
    assert checked[1] in (checked[0], checked[2])
