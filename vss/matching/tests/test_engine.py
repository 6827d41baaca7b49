"""The matching engine without a database: comparison levels, blocking, the live index,
explanations, and whole runs on a small synthetic village population built here (its
own tiny generator, fixed seed) with hard negatives planted in it - a father and his son
whose family name is the father's given name, brothers of one family and village,
namesakes in two provinces - and true duplicates written differently."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

import numpy as np
import pytest

from vss.matching.csvio import COLUMNS
from vss.matching.engine import model as model_module
from vss.matching.engine.blocking import BlockingIndex, candidate_pairs, candidates_for_one
from vss.matching.engine.compare import (
    FIELDS,
    LEVEL_LABELS,
    NAME_ALIKE,
    NAME_CLOSE,
    NAME_DIFFERENT,
    NAME_EXACT,
    NAME_MISSING,
    SimilarityCache,
    compare,
)
from vss.matching.engine.index import LiveIndex
from vss.matching.engine.pipeline import MatchResult, match
from vss.matching.engine.records import PersonRecord, build_record_set

FAMILY, GIVEN, YEAR, PLACE, SEX = range(len(FIELDS))


def levels_of(a: PersonRecord, b: PersonRecord) -> tuple[np.ndarray, bool]:
    records = build_record_set([a, b])
    comparison = compare(records, np.array([0]), np.array([1]), SimilarityCache(records.keys.keys))
    return comparison.levels[0], bool(comparison.swapped[0])


def person(record_id: str = "x", **fields: object) -> PersonRecord:
    defaults: dict = {
        "family_name": "SOK",
        "given_name": "SOPHEAP",
        "sex": "F",
        "birth_year": 1950,
        "village_code": "01020304",
    }
    defaults.update(fields)
    return PersonRecord(record_id=record_id, **defaults)


# --- comparison levels ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "level"),
    [
        ("SOPHEAP", NAME_EXACT),
        ("Sopheapp", NAME_EXACT),  # case and a doubled letter
        ("SOPHIEP", NAME_EXACT),  # another romanisation
        ("SOPHEAK", NAME_CLOSE),  # one slip
        ("SOPHAL", NAME_ALIKE),
        ("DAVI", NAME_DIFFERENT),
        ("", NAME_MISSING),
    ],
)
def test_given_name_levels(given: str, level: int) -> None:
    levels, _ = levels_of(person("a"), person("b", given_name=given))
    assert levels[GIVEN] == level


def test_family_name_romanisations_are_exact() -> None:
    for variant in ("SOKH", "Sok"):
        levels, _ = levels_of(person("a"), person("b", family_name=variant))
        assert levels[FAMILY] == NAME_EXACT


def test_compound_given_name_written_apart() -> None:
    levels, _ = levels_of(person("a", given_name="SREYMOM"), person("b", given_name="Srey Mom"))
    assert levels[GIVEN] == NAME_EXACT
    levels, _ = levels_of(person("a", given_name="SOK HOUR"), person("b", given_name="SOKHOUR"))
    assert levels[GIVEN] == NAME_EXACT


def test_swapped_names() -> None:
    levels, swapped = levels_of(
        person("a", family_name="NUON", given_name="THEARY"),
        person("b", family_name="TEARY", given_name="NOUN"),
    )
    assert swapped
    assert levels[FAMILY] == levels[GIVEN] == NAME_EXACT


def test_one_name_crossed_is_not_a_swap() -> None:
    # A child whose family name is the father's given name.
    levels, swapped = levels_of(
        person("a", family_name="SOK", given_name="CHEA", sex="M"),
        person("b", family_name="CHEA", given_name="DARA", sex="M"),
    )
    assert not swapped
    assert levels[FAMILY] == levels[GIVEN] == NAME_DIFFERENT


def test_khmer_only_against_latin_only() -> None:
    levels, _ = levels_of(
        person("a", family_name="CHEA", given_name="SOPHAL", sex="M"),
        person(
            "b",
            family_name="",
            given_name="",
            family_name_km="ជា",
            given_name_km="សុផល",
            sex="M",
        ),
    )
    assert levels[FAMILY] == levels[GIVEN] == NAME_EXACT


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (1950, "same year"),
        (1951, "1 year apart"),
        (1947, "2-3 years apart"),
        (1956, "4-6 years apart"),
        (1960, "further apart"),
        (None, "missing"),
    ],
)
def test_birth_year_bands(year: int | None, label: str) -> None:
    levels, _ = levels_of(person("a"), person("b", birth_year=year))
    assert LEVEL_LABELS["birth_year"][levels[YEAR]] == label


@pytest.mark.parametrize(
    ("village", "label"),
    [
        ("01020304", "same village"),
        ("01020305", "same commune"),
        ("01020404", "same district"),
        ("01030304", "same province"),
        ("20020304", "elsewhere"),
        ("", "missing"),
    ],
)
def test_place_hierarchy(village: str, label: str) -> None:
    levels, _ = levels_of(person("a"), person("b", village_code=village))
    assert LEVEL_LABELS["place"][levels[PLACE]] == label


@pytest.mark.parametrize(("sex", "label"), [("F", "same"), ("M", "different"), ("", "missing")])
def test_sex(sex: str, label: str) -> None:
    levels, _ = levels_of(person("a"), person("b", sex=sex))
    assert LEVEL_LABELS["sex"][levels[SEX]] == label


# --- blocking ------------------------------------------------------------------------


def test_blocking_finds_swapped_and_cross_script_pairs() -> None:
    records = build_record_set(
        [
            person("a", family_name="NUON", given_name="THEARY", birth_year=1948),
            person("b", family_name="TEARY", given_name="NOUN", birth_year=None),
            person("c", family_name="CHEA", given_name="SOPHAL", village_code=""),
            person(
                "d",
                family_name="",
                given_name="",
                family_name_km="ជា",
                given_name_km="សុផល",
                birth_year=1953,
                village_code="05060708",
            ),
            person("e", family_name="KEO", given_name="DARA", village_code="09090909"),
        ]
    )
    i, j = candidate_pairs(records)
    pairs = set(zip(i.tolist(), j.tolist(), strict=True))
    assert (0, 1) in pairs
    assert (2, 3) in pairs
    assert not any(4 in pair for pair in pairs)


def test_blocking_index_finds_the_same_candidates_as_the_batch() -> None:
    population = synthetic_population(seed=3, households=60)
    records = build_record_set(population)
    index = BlockingIndex(records)
    i, j = candidate_pairs(records)
    for k in (0, 7, 42):
        probe = build_record_set([replace(population[k], record_id="probe")], records.keys)
        found = set(index.candidates(probe).tolist())
        expected = set(j[i == k].tolist()) | set(i[j == k].tolist()) | {k}
        assert found == expected
        assert set(candidates_for_one(records, probe).tolist()) == found


# --- a synthetic population ----------------------------------------------------------

# A few names with their romanisations and Khmer spellings (each set shares one key).
FAMILY_NAMES = [
    (("SOK", "SOKH"), "សុខ"),
    (("CHEA", "CHEAR"), "ជា"),
    (("KEO", "KAEV"), "កែវ"),
    (("CHAN", "CHANN"), "ចាន់"),
    (("LY", "LEE"), "លី"),
    (("MEAS",), "មាស"),
    (("PICH", "PECH"), "ពេជ្រ"),
    (("HEM", "HEIM"), "ហែម"),
    (("TEP", "TEB"), "ទេព"),
    (("KIM",), "គឹម"),
    (("NUON", "NOUN", "NUN"), "នួន"),
    (("POV", "PAUV"), "ពៅ"),
    (("YIM",), "យឹម"),
    (("MAO",), "ម៉ៅ"),
    (("CHHUON", "CHHOUN"), "ឈួន"),
    (("SUN", "SUNN"), "ស៊ុន"),
    (("TOUCH",), "ទូច"),
]
MALE_NAMES = [
    (("SOPHAL", "SOPHALL"), "សុផល"),
    (("DARA", "DARAH"), "ដារ៉ា"),
    (("VIBOL",), "វិបុល"),
    (("SAMBO",), "សំបូរ"),
    (("VANNA", "VANA"), "វណ្ណា"),
    (("SOKHA",), "សុខា"),
    (("PHALLA", "PHALA"), "ផល្លា"),
    (("RITHY", "RITY"), "រិទ្ធី"),
    (("VICHET", "VICHETH"), "វិចិត្រ"),
    (("NARONG",), "ណារ៉ុង"),
]
FEMALE_NAMES = [
    (("SOPHEAP", "SOPHIEP"), "សុភាព"),
    (("SREYMOM", "SREY MOM", "SREIMOM"), "ស្រីមុំ"),
    (("THEARY", "TEARY"), "ធារី"),
    (("BOPHA",), "បុប្ផា"),
    (("CHANTHY", "CHANTHI"), "ចន្ធី"),
    (("SOKUNTHEA", "SOKUNTHIA"), "សុគន្ធា"),
    (("CHENDA",), "ចិន្តា"),
    (("LEAKHENA", "LEAKENA"), "លក្ខិណា"),
    (("SOPHEA", "SOPHIA"), "សុភា"),
]
Name = tuple[tuple[str, ...], str]


def _zipf(rng: random.Random, names: list[Name]) -> Name:
    return rng.choices(names, weights=[1 / (rank + 1) for rank in range(len(names))])[0]


def _typo(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    return text[:at] + text[at + 1 :] if len(text) > 3 else text


def _record(
    rng: random.Random, record_id: str, family: Name, given: Name, sex: str, year: int, village: str
) -> PersonRecord:
    """One filing of a person: a romanisation of each name, one script or both, and the
    slips of data entry (a dropped letter, western order, a year or village off or blank,
    sex blank)."""
    script = rng.random()
    latin = script < 0.85
    khmer = script > 0.6
    family_latin, given_latin = rng.choice(family[0]), rng.choice(given[0])
    if rng.random() < 0.04:
        given_latin = _typo(rng, given_latin)
    if rng.random() < 0.05:
        family_latin, given_latin = given_latin, family_latin
    noise = rng.random()
    birth_year: int | None = year
    if noise < 0.1:
        birth_year = None
    elif noise < 0.25:
        birth_year = year + rng.choice((-1, 1))
    elif noise < 0.3:
        birth_year = year + rng.choice((-3, 3))
    noise = rng.random()
    if noise < 0.08:
        village = ""
    elif noise < 0.14:
        village = village[:6] + f"{(int(village[6:]) % 9) + 1:02d}"
    return PersonRecord(
        record_id=record_id,
        family_name=family_latin if latin else "",
        given_name=given_latin if latin else "",
        family_name_km=family[1] if khmer else "",
        given_name_km=given[1] if khmer else "",
        sex=sex if rng.random() > 0.1 else "",
        birth_year=birth_year,
        village_code=village,
    )


def write_spreadsheet(stream: TextIO, records: Iterable[PersonRecord]) -> None:
    """The records as `manage.py match_csv` reads them (vss.matching.csvio)."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    for r in records:
        writer.writerow(
            [
                r.record_id,
                r.family_name,
                r.given_name,
                r.family_name_km,
                r.given_name_km,
                r.sex,
                r.birth_year or "",
                r.village_code,
            ]
        )


def synthetic_population(
    seed: int, households: int, copies: tuple[float, float, float] = (70, 20, 10)
) -> list[PersonRecord]:
    """Households in villages of five provinces: a father, a mother, children with the
    father's family name (or, in a third of families, his given name as theirs); each
    person filed one, two or three times, in the proportions `copies`."""
    rng = random.Random(seed)
    villages = [
        f"{province:02d}{district:02d}{commune:02d}{village:02d}"
        for province in (1, 3, 8, 12, 20)
        for district in (1, 2, 3)
        for commune in (1, 2)
        for village in (1, 2, 3, 4)
    ]
    records: list[PersonRecord] = []
    for h in range(households):
        village = rng.choice(villages)
        father_family, father_given = _zipf(rng, FAMILY_NAMES), _zipf(rng, MALE_NAMES)
        father_year = rng.randrange(1920, 1956)
        people = [
            (father_family, father_given, "M", father_year),
            (_zipf(rng, FAMILY_NAMES), _zipf(rng, FEMALE_NAMES), "F", father_year + 3),
        ]
        children_family = father_given if rng.random() < 0.35 else father_family
        used = {father_given[1], people[1][1][1]}
        year = father_year + rng.randrange(20, 28)
        for _ in range(rng.randrange(0, 5)):
            sex = rng.choice("MF")
            given = _zipf(rng, MALE_NAMES if sex == "M" else FEMALE_NAMES)
            if given[1] in used:
                continue
            used.add(given[1])
            people.append((children_family, given, sex, year))
            year += rng.randrange(1, 4)
        for p, (family, given, sex, born) in enumerate(people):
            filed = rng.choices((1, 2, 3), weights=copies)[0]
            for c in range(filed):
                records.append(_record(rng, f"H{h}P{p}R{c}", family, given, sex, born, village))
    return records


# Planted people: (record id, person, family, given, family_km, given_km, sex, year, village)
PLANTED = [
    # A father and his son, whose family name is the father's given name.
    ("father-1", "father", "SOK", "CHEA", "សុខ", "ជា", "M", 1940, "08020101"),
    ("father-2", "father", "SOKH", "CHEA", "", "", "M", 1940, "08020101"),
    ("son-1", "son", "CHEA", "DARA", "ជា", "ដារ៉ា", "M", 1966, "08020101"),
    ("son-2", "son", "", "", "ជា", "ដារ៉ា", "M", 1966, "08020101"),
    # Brothers: one family name, one village, two years apart.
    ("brother-a-1", "brother-a", "KEO", "VIBOL", "កែវ", "វិបុល", "M", 1960, "12030204"),
    ("brother-a-2", "brother-a", "KAEV", "VIBOL", "", "", "M", 1960, "12030204"),
    ("brother-b-1", "brother-b", "KEO", "SAMBO", "កែវ", "សំបូរ", "M", 1962, "12030204"),
    ("brother-b-2", "brother-b", "KEO", "SAMBO", "", "", "", 1962, ""),
    # Namesakes with a very common name in two provinces.
    ("namesake-a-1", "namesake-a", "SOK", "SOPHAL", "សុខ", "សុផល", "M", 1950, "01010101"),
    ("namesake-a-2", "namesake-a", "SOKH", "SOPHALL", "", "", "M", 1950, "01010101"),
    ("namesake-b-1", "namesake-b", "SOK", "SOPHAL", "", "", "M", 1950, "20030203"),
    ("namesake-b-2", "namesake-b", "", "", "សុខ", "សុផល", "M", 1951, "20030203"),
    # True duplicates written differently: romanisations, a slip, Khmer only, years off.
    ("dup-a-1", "dup-a", "CHHUON", "SOPHEAP", "ឈួន", "សុភាព", "F", 1955, "03020203"),
    ("dup-a-2", "dup-a", "CHHOUN", "SOPHIEP", "", "", "", 1956, "03020204"),
    ("dup-a-3", "dup-a", "", "", "ឈួន", "សុភាព", "F", None, "03020203"),
    ("dup-a-4", "dup-a", "CHHUON", "SOPEAP", "", "", "F", 1955, "03020203"),
    # Western order, Latin only.
    ("dup-b-1", "dup-b", "NUON", "THEARY", "នួន", "ធារី", "F", 1948, "12010102"),
    ("dup-b-2", "dup-b", "TEARY", "NOUN", "", "", "F", 1948, "12010102"),
]


@pytest.fixture(scope="module")
def population_run() -> tuple[MatchResult, dict[str, str]]:
    records = synthetic_population(seed=7, households=500)
    person_of = {r.record_id: r.record_id.rsplit("R", 1)[0] for r in records}
    for rid, who, family, given, family_km, given_km, sex, year, village in PLANTED:
        records.append(
            PersonRecord(rid, family, given, family_km, given_km, sex, year, village)  # type: ignore[arg-type]
        )
        person_of[rid] = str(who)
    result = match(build_record_set(records), seed=0)
    return result, person_of


def _cluster_of(result: MatchResult) -> dict[str, str]:
    return dict(zip(result.records.ids, result.cluster_ids(), strict=True))


def test_population_is_big_enough(population_run: tuple[MatchResult, dict[str, str]]) -> None:
    result, _ = population_run
    assert len(result.records) > 2000
    assert 0 < result.model.prior < 0.01


def test_hard_negatives_are_not_clustered(
    population_run: tuple[MatchResult, dict[str, str]],
) -> None:
    result, _ = population_run
    cluster = _cluster_of(result)
    for one, other in (
        ("father-1", "son-1"),
        ("father-2", "son-2"),
        ("father-1", "son-2"),
        ("brother-a-1", "brother-b-1"),
        ("brother-a-2", "brother-b-2"),
        ("namesake-a-1", "namesake-b-1"),
        ("namesake-a-2", "namesake-b-2"),
    ):
        assert cluster[one] != cluster[other], (one, other)


def test_true_duplicates_are_clustered(
    population_run: tuple[MatchResult, dict[str, str]],
) -> None:
    result, _ = population_run
    cluster = _cluster_of(result)
    for group in (
        ("father-1", "father-2"),
        ("son-1", "son-2"),
        ("brother-a-1", "brother-a-2"),
        ("namesake-a-1", "namesake-a-2"),
        ("dup-a-1", "dup-a-2", "dup-a-3", "dup-a-4"),
        ("dup-b-1", "dup-b-2"),
    ):
        assert len({cluster[rid] for rid in group}) == 1, group


def test_population_pairwise_quality(
    population_run: tuple[MatchResult, dict[str, str]],
) -> None:
    result, person_of = population_run
    cluster = _cluster_of(result)
    predicted = true = correct = 0
    by_cluster: dict[str, list[str]] = {}
    for rid, c in cluster.items():
        by_cluster.setdefault(c, []).append(rid)
    for members in by_cluster.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                predicted += 1
                correct += person_of[members[x]] == person_of[members[y]]
    by_person: dict[str, int] = {}
    for who in person_of.values():
        by_person[who] = by_person.get(who, 0) + 1
    true = sum(k * (k - 1) // 2 for k in by_person.values())
    precision, recall = correct / predicted, correct / true
    assert precision > 0.8 and recall > 0.7, (precision, recall)


def test_explanations_add_up_to_the_probability(
    population_run: tuple[MatchResult, dict[str, str]],
) -> None:
    result, _ = population_run
    records, model = result.records, result.model
    cache = SimilarityCache(records.keys.keys)
    comparison = compare(records, result.pair_i[:50], result.pair_j[:50], cache)
    for row in range(len(result.pair_i[:50])):
        lines = model_module.explain(model, comparison, row, records.keys.keys)
        assert [line["field"] for line in lines[: len(FIELDS)]] == list(FIELDS)
        total = model.prior_weight + sum(line["weight"] for line in lines)
        assert model.probability(np.array([total - model.prior_weight]))[0] == pytest.approx(
            result.probability[row], abs=0.01
        )


def test_model_round_trips_through_json(
    population_run: tuple[MatchResult, dict[str, str]],
) -> None:
    result, _ = population_run
    data = result.model.to_json()
    restored = model_module.Model(
        **{  # type: ignore[arg-type]
            key: (
                [np.asarray(v) for v in value]
                if isinstance(value, list) and value and isinstance(value[0], list)
                else np.asarray(value)
                if isinstance(value, list)
                else value
            )
            for key, value in data.items()
        },
        frequencies=result.model.frequencies,
    )
    records = result.records
    comparison = compare(
        records, result.pair_i[:20], result.pair_j[:20], SimilarityCache(records.keys.keys)
    )
    assert np.allclose(
        restored.field_weights(comparison), result.model.field_weights(comparison), atol=1e-4
    )


def test_live_index_puts_the_duplicate_first(
    population_run: tuple[MatchResult, dict[str, str]],
) -> None:
    result, _ = population_run
    index = LiveIndex(result.records, result.model)
    position = result.records.ids.index("dup-b-2")
    typed = PersonRecord("typed", "TEARY", "NOUN", "", "", "F", 1948, "12010102")
    matches = index.check(typed, exclude=position)
    assert matches and matches[0].record_id == "dup-b-1"
    assert matches[0].probability > 0.5
    assert [line["field"] for line in matches[0].reasons[: len(FIELDS)]] == list(FIELDS)
    # A brother is not offered as the typed person.
    brother = PersonRecord("typed", "KEO", "SAMBO", "", "", "M", 1962, "12030204")
    offered = {m.record_id for m in index.check(brother) if m.probability >= 0.5}
    assert not offered & {"brother-a-1", "brother-a-2"}
