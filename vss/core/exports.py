"""A list's rows as a file to open in a spreadsheet: CSV, streamed, or XLSX.

Both hold the same cells, and neither grows in memory with the rows: the CSV is sent as
it is written, row by row; the XLSX is written row by row by openpyxl's write-only
workbook into a temporary file on disk, then sent from it. The rows come from
`queryset.iterator(chunk_size=…)`, which reads them in chunks (a server-side cursor on
PostgreSQL) rather than all at once.

A cell a spreadsheet would take for a formula (text typed by a user, a name, beginning
with = + - @, a tab or a carriage return) is written with a leading apostrophe, so that
opening an export never runs what someone typed into a form."""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CHUNK_SIZE = 2_000
# The rows of a spreadsheet's sheet under its header (Excel's limit, 2**20, with it).
SHEET_ROWS = 2**20 - 1
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as UTF-8 (Khmer script and all) only when it starts with this mark.
UTF8_BOM = "\ufeff"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    # A report's table drawn in the background (vss.exports) is sent as the others are.
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazily) translated label
    value: Callable[[Any], Any]


def choice_cell(choices: type, value: str) -> str:
    """A coded value (of a TextChoices) by its label in the active language; no value, an
    empty cell."""
    return str(choices(value).label) if value else ""


def province_cell(provinces: Mapping[str, Any], code: str | None) -> str:
    """A province kept as a code, by its name among `provinces` (read once for the file);
    no code, or one no longer known, an empty cell."""
    found = provinces.get(code or "")
    return str(found) if found is not None else ""


def safe_cell(value: Any) -> Any:
    """`value` as a cell: text that would start a formula gets a leading apostrophe;
    numbers and dates stay what they are; nothing becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(columns: list[Column], row: Any) -> list[Any]:
    return [safe_cell(column.value(row)) for column in columns]


class _Echo:
    """A file-like object whose write returns what it was given, for csv.writer to
    format one row at a time into the stream."""

    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow([str(column.header) for column in columns])
    for row in rows:
        yield writer.writerow([str(cell) for cell in _cells(columns, row)])


def _in_language(language: str, lines: Iterator[str]) -> Iterator[str]:
    """A stream is read after the view has returned: the cells are still worded in the
    language of the request that asked for them."""
    with translation.override(language):
        yield from lines


Export = StreamingHttpResponse | FileResponse


def _attachment(response: Export, filename: str) -> Export:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: no browser or proxy keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


def csv_response(rows: Iterable[Any], columns: list[Column], *, filename: str) -> Export:
    lines = _in_language(translation.get_language(), csv_rows(rows, columns))
    response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES["csv"])
    return _attachment(response, f"{filename}.csv")


def _xlsx_cell(value: Any) -> Any:
    # Control characters (pasted from elsewhere) have no place in an XLSX cell.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


# Told the number of rows written so far, every PROGRESS_ROWS rows and at the end.
Progress = Callable[[int], None]
PROGRESS_ROWS = 1_000


def _counted(rows: Iterable[Any], progress: Progress | None) -> Iterator[Any]:
    written = 0
    for row in rows:
        yield row
        written += 1
        if progress is not None and written % PROGRESS_ROWS == 0:
            progress(written)
    if progress is not None:
        progress(written)


def write_csv(
    rows: Iterable[Any], columns: list[Column], handle: IO[str], progress: Progress | None = None
) -> None:
    """The CSV into an open text file (UTF-8, no newline translation)."""
    handle.writelines(csv_rows(_counted(rows, progress), columns))


def write_xlsx(
    rows: Iterable[Any], columns: list[Column], handle: IO[bytes], progress: Progress | None = None
) -> None:
    """The workbook into an open binary file. The write-only workbook keeps each sheet's
    rows in a temporary file until it is saved, so memory does not grow with the rows."""
    workbook = Workbook(write_only=True)
    header = [str(column.header) for column in columns]
    sheet, filled = None, 0
    for row in _counted(rows, progress):
        if sheet is None or filled == SHEET_ROWS:
            # A sheet holds 1,048,576 rows: a longer list goes on in the next sheet.
            sheet, filled = workbook.create_sheet(), 0
            sheet.append(header)
        sheet.append([_xlsx_cell(cell) for cell in _cells(columns, row)])
        filled += 1
    if sheet is None:
        workbook.create_sheet().append(header)
    workbook.save(handle)


def xlsx_file(rows: Iterable[Any], columns: list[Column]) -> IO[bytes]:
    """An open temporary file holding the workbook, at its start; it vanishes once
    closed (as the response closes it)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    write_xlsx(rows, columns, handle)
    handle.seek(0)
    return handle


def file_response(handle: IO[bytes], export_format: str, *, filename: str) -> Export:
    """A written export's file (CSV or XLSX) sent as an attachment no one keeps; the
    response closes `handle`."""
    response = FileResponse(handle, content_type=CONTENT_TYPES[export_format])
    return _attachment(response, f"{filename}.{export_format}")
