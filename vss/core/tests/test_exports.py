"""A list as a file: the cells a spreadsheet may not take for formulas, CSV that Excel
reads as UTF-8, and a write-only XLSX."""

import csv
import datetime
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from vss.core.exports import (
    UTF8_BOM,
    Column,
    csv_response,
    csv_rows,
    file_response,
    safe_cell,
    xlsx_file,
)


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+855 12 345 678", "'+855 12 345 678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("SOK Chea", "SOK Chea"),
        ("សុខ ជា", "សុខ ជា"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, 42),
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 1)),
    ],
)
def test_a_cell_that_would_start_a_formula_gets_a_leading_apostrophe(typed, cell):
    assert safe_cell(typed) == cell


COLUMNS = [Column(_("Name"), lambda row: row[0]), Column(_("Received"), lambda row: row[1])]
ROWS = [("=1+2", datetime.date(2024, 3, 1)), ("សុខ ជា", None)]


def test_a_csv_starts_with_the_utf8_mark_and_escapes_its_cells():
    text = "".join(csv_rows(ROWS, COLUMNS))
    assert text.startswith(UTF8_BOM)
    assert list(csv.reader(io.StringIO(text.removeprefix(UTF8_BOM)))) == [
        ["Name", "Received"],
        ["'=1+2", "2024-03-01"],
        ["សុខ ជា", ""],
    ]


def test_a_csv_is_streamed_as_an_attachment_no_one_keeps():
    response = csv_response(iter(ROWS), COLUMNS, filename="people")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["Cache-Control"] == "no-store"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(UTF8_BOM + "Name,Received")


def test_a_streamed_csv_keeps_the_language_it_was_asked_in():
    with translation.override("fr"):
        response = csv_response(iter(ROWS), COLUMNS, filename="people")
    # Read after the request, in another language, as a server sends a stream.
    with translation.override("en"):
        body = b"".join(response.streaming_content).decode("utf-8")
    with translation.override("fr"):
        header = str(_("Name"))
    assert header != "Name" and body.startswith(UTF8_BOM + header + ",")


def test_an_xlsx_holds_the_same_cells_as_text_never_as_formulas():
    with xlsx_file(iter([*ROWS, ("bell\x07 ring", 3)]), COLUMNS) as handle:
        sheet = load_workbook(handle).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows == [
            ["Name", "Received"],
            ["'=1+2", datetime.datetime(2024, 3, 1)],
            ["សុខ ជា", None],
            ["bell ring", 3],
        ]
        assert sheet["A2"].data_type == "s"


def test_an_xlsx_is_sent_as_an_attachment_no_one_keeps():
    response = file_response(xlsx_file(iter(ROWS), COLUMNS), "xlsx", filename="people")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="people.xlsx"'
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"PK")
    response.file_to_stream.close()


def test_an_xlsx_goes_on_in_another_sheet_when_one_is_full(monkeypatch):
    monkeypatch.setattr("vss.core.exports.SHEET_ROWS", 2)
    rows = [(f"row {i}", None) for i in range(5)]
    with xlsx_file(iter(rows), COLUMNS) as handle:
        sheets = [
            [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in load_workbook(handle).worksheets
        ]
    assert sheets == [
        [["Name", "Received"], ["row 0", None], ["row 1", None]],
        [["Name", "Received"], ["row 2", None], ["row 3", None]],
        [["Name", "Received"], ["row 4", None]],
    ]


def test_an_empty_xlsx_has_its_header():
    with xlsx_file(iter([]), COLUMNS) as handle:
        sheet = load_workbook(handle).active
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Name", "Received"]]
