"""Reading a spreadsheet of people for de-duplication: every problem is reported with its
line number, and a row is kept whenever it has an id, with only its bad values left out."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from .engine.records import SEX_CODES, PersonRecord

COLUMNS = (
    "record_id",
    "family_name",
    "given_name",
    "family_name_km",
    "given_name_km",
    "sex",
    "birth_year",
    "village_code",
)
YEARS = range(1880, 2031)
_VILLAGE = re.compile(r"^\d{8}$")


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class ReadResult:
    records: list[PersonRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0


class HeaderError(ValueError):
    pass


def read_records(stream: TextIO) -> ReadResult:
    result = ReadResult()
    result.records.extend(iter_records(stream, result))
    return result


def iter_records(stream: TextIO, result: ReadResult) -> Iterator[PersonRecord]:
    """The rows one at a time, their problems and skipped rows counted into `result`
    (whose own list of records stays empty): millions of rows need not all be held as
    objects when only their arrays are kept. The header is checked on the first step."""
    reader = csv.reader(stream)
    try:
        header = [name.strip().lstrip("\ufeff").lower() for name in next(reader)]
    except StopIteration:
        raise HeaderError("the file is empty: a header row is expected") from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise HeaderError(f"line 1: the header lacks the column(s) {', '.join(missing)}")
    position = {name: header.index(name) for name in COLUMNS}
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.problems.append(
                Problem(line, f"{len(row)} values where the header has {len(header)}")
            )
        values = {
            name: (row[index].strip() if index < len(row) else "")
            for name, index in position.items()
        }
        record_id = values["record_id"]
        if not record_id:
            result.problems.append(Problem(line, "no record_id: the row is left out"))
            result.skipped += 1
            continue
        if record_id in seen:
            result.problems.append(
                Problem(line, f"record_id {record_id!r} appears again: the row is left out")
            )
            result.skipped += 1
            continue
        seen.add(record_id)
        yield _record(values, line, result.problems)


def _record(values: dict[str, str], line: int, problems: list[Problem]) -> PersonRecord:
    birth_year = None
    if values["birth_year"]:
        text = values["birth_year"].removesuffix(".0")
        if text.isdigit() and int(text) in YEARS:
            birth_year = int(text)
        else:
            problems.append(
                Problem(line, f"birth_year {values['birth_year']!r} is not a year: left empty")
            )
    village = values["village_code"]
    if village and not _VILLAGE.match(village):
        problems.append(
            Problem(line, f"village_code {village!r} is not an 8-digit code: left empty")
        )
        village = ""
    sex = values["sex"]
    if sex and sex.lower() not in SEX_CODES:
        problems.append(Problem(line, f"sex {sex!r} is neither female/F nor male/M: left empty"))
        sex = ""
    return PersonRecord(
        record_id=values["record_id"],
        family_name=values["family_name"],
        given_name=values["given_name"],
        family_name_km=values["family_name_km"],
        given_name_km=values["given_name_km"],
        sex=sex,
        birth_year=birth_year,
        village_code=village,
    )


def write_clusters(stream: TextIO, rows: Iterator[tuple[str, str]]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(("record_id", "cluster_id"))
    writer.writerows(rows)
