"""Reading a legacy spreadsheet, CSV or XLSX, as numbered rows of text by column name.

The header row names the columns (in any order, any case); blank rows are skipped; a row
is numbered by its line in the file (the header is line 1), as a spreadsheet program
shows it. A CSV is UTF-8, with or without a byte-order mark (Excel writes one), or UTF-16
with its mark (Excel's "Unicode text"); separated by commas, or by semicolons or tabs
(Excel in a French locale). Bytes that are not UTF-8 are not guessed at: the row holding
them is reported, with the others read on. What makes the whole file unreadable (no
header, unknown columns, not a workbook) refuses the file (`FileRefused`)."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .models import FileFormat
from .rows import COLUMN_NAMES, HEADER_REQUIRED

# What `surrogateescape` makes of a byte that is not UTF-8.
_UNDECODED = re.compile("[\udc80-\udcff]")
# csv's default limit (128 KiB) is far above a cell of a form; a longer one is a broken file.
csv.field_size_limit(1 << 20)


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message says why, for its uploader."""


@dataclass
class Line:
    number: int
    values: dict[str, str]
    # Why the row cannot be read as it stands (bad bytes, a wrong number of values).
    problems: list[tuple[str, str]]


def _header(cells: list[str]) -> list[str]:
    names = [cell.strip().lstrip("\ufeff").strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise FileRefused(_("The file has no header row: its first row names the columns."))
    unknown = [n for n in names if n not in COLUMN_NAMES]
    if unknown:
        raise FileRefused(
            _(
                "Line 1 names columns this import does not know: %(columns)s. The template "
                "lists the columns it takes."
            )
            % {"columns": ", ".join(n or _("(empty)") for n in unknown)}
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise FileRefused(
            _("Line 1 names the column(s) %(columns)s twice.") % {"columns": ", ".join(twice)}
        )
    missing = [n for n in HEADER_REQUIRED if n not in names]
    if missing:
        raise FileRefused(
            _("Line 1 lacks the column(s) %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return names


def _line(number: int, header: list[str], cells: list[str]) -> Line | None:
    if not any(cell.strip() for cell in cells):
        return None
    problems = []
    extra = cells[len(header) :]
    if any(cell.strip() for cell in extra):
        problems.append(
            (
                "",
                _("%(count)s values where the header names %(columns)s columns.")
                % {"count": len(cells), "columns": len(header)},
            )
        )
    values = dict(zip(header, cells, strict=False))
    for name, value in values.items():
        if _UNDECODED.search(value):
            problems.append(
                (
                    name,
                    _(
                        "This value is not UTF-8 text: save the file as “CSV UTF-8” and "
                        "upload it again."
                    ),
                )
            )
            values[name] = _UNDECODED.sub("\ufffd", value)
    return Line(number, values, problems)


def _text_stream(path: Path) -> io.TextIOWrapper:
    with open(path, "rb") as raw:
        start = raw.read(4)
    encoding = "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    return open(path, encoding=encoding, errors="surrogateescape", newline="")


def _delimiter(first_line: str) -> str:
    if "," not in first_line:
        for candidate in (";", "\t"):
            if candidate in first_line:
                return candidate
    return ","


def read_csv(path: Path) -> Iterator[Line]:
    with _text_stream(path) as stream:
        first = stream.readline()
        if not first.strip():
            raise FileRefused(_("The file is empty: a header row is expected."))
        delimiter = _delimiter(first)
        header = _header(next(csv.reader([first], delimiter=delimiter)))
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            for cells in reader:
                line = _line(reader.line_num + 1, header, cells)
                if line is not None:
                    yield line
        except csv.Error as error:
            raise FileRefused(
                _("Line %(line)s cannot be read as CSV (%(reason)s).")
                % {"line": reader.line_num + 1, "reason": error}
            ) from error


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path) -> Iterator[Line]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileRefused(_("The file is not an Excel workbook (XLSX).")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise FileRefused(_("The file is empty: a header row is expected."))
        header = _header([_cell(v) for v in header_row])
        for number, values in enumerate(rows, start=2):
            line = _line(number, header, [_cell(v) for v in values])
            if line is not None:
                yield line
    finally:
        workbook.close()


def read_lines(path: Path, file_format: str) -> Iterator[Line]:
    """The rows of the file; raises FileRefused, at once or while reading."""
    if file_format == FileFormat.XLSX:
        return read_xlsx(path)
    return read_csv(path)


def format_of(name: str, head: bytes) -> str | None:
    """The format a file is read as, from its name and its first bytes; None if neither
    a CSV nor a workbook."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return FileFormat.XLSX if head.startswith(b"PK\x03\x04") else None
    if lowered.endswith((".csv", ".txt")):
        # A workbook renamed .csv, or any other binary file, is not a CSV.
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if head.startswith(b"PK\x03\x04") or (b"\x00" in head and not utf16):
            return None
        return FileFormat.CSV
    return None
