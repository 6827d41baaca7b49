"""Reading a spreadsheet: CSV in UTF-8 (with or without a byte-order mark), UTF-16, with
commas or semicolons, and XLSX, Khmer text intact, blank rows skipped, rows numbered as a
spreadsheet program numbers them; bytes that are not UTF-8 reported on their row; a file
with no header or unknown columns refused as a whole."""

import datetime

import pytest

from vss.imports.models import FileFormat
from vss.imports.parsing import FileRefused, format_of, read_lines

from .kit import csv_bytes, row, xlsx_bytes

KHMER = "ស្រីមុំ"


def _read(tmp_path, content: bytes, file_format: str = FileFormat.CSV) -> list:
    path = tmp_path / f"file.{file_format}"
    path.write_bytes(content)
    return list(read_lines(path, file_format))


def test_a_csv_with_a_byte_order_mark_keeps_its_khmer_text(tmp_path):
    lines = _read(tmp_path, csv_bytes([row(given_name_km=KHMER)], bom=True))
    assert [line.number for line in lines] == [2]
    assert lines[0].values["given_name_km"] == KHMER
    assert lines[0].values["family_name_km"] == "សុខ"
    assert lines[0].problems == []


def test_a_csv_without_a_byte_order_mark_reads_the_same(tmp_path):
    with_bom = _read(tmp_path, csv_bytes([row()], bom=True))
    without = _read(tmp_path, csv_bytes([row()], bom=False))
    assert [line.values for line in with_bom] == [line.values for line in without]


def test_blank_rows_are_skipped_and_rows_keep_their_line_numbers(tmp_path):
    content = csv_bytes([row(), {}, row(family_name_latin="CHAN"), {}])
    lines = _read(tmp_path, content)
    assert [(line.number, line.values["family_name_latin"]) for line in lines] == [
        (2, "SOK"),
        (4, "CHAN"),
    ]


def test_a_csv_saved_as_utf16_by_excel_is_read(tmp_path):
    text = csv_bytes([row(given_name_km=KHMER)], bom=False).decode().replace(",", "\t")
    lines = _read(tmp_path, text.encode("utf-16"))
    assert lines[0].values["given_name_km"] == KHMER


def test_semicolons_separate_the_values_of_a_french_excel(tmp_path):
    text = csv_bytes([row(harms="physical")], bom=False).decode().replace(",", ";")
    lines = _read(tmp_path, text.encode())
    assert lines[0].values["family_name_latin"] == "SOK"
    assert lines[0].values["harms"] == "physical"


def test_bytes_that_are_not_utf8_are_reported_on_their_row_and_the_others_read(tmp_path):
    content = csv_bytes([row(), row(family_name_latin="CHAN"), row()])
    # A legacy encoding (Windows-1252 "é") in the second row's family name.
    content = content.replace(b"CHAN", "CHÉAN".encode("cp1252"))
    lines = _read(tmp_path, content)
    assert [line.number for line in lines] == [2, 3, 4]
    assert lines[0].problems == [] and lines[2].problems == []
    assert [column for column, _message in lines[1].problems] == ["family_name_latin"]
    assert "UTF-8" in lines[1].problems[0][1]


def test_a_row_with_more_values_than_the_header_is_reported(tmp_path):
    content = csv_bytes([row()]) + b"SOK,,,,,,,,,,,,,,,,,,,,,,,,,,,extra\r\n"
    lines = _read(tmp_path, content)
    assert lines[0].problems == []
    assert len(lines[1].problems) == 1


def test_an_excel_workbook_gives_dates_and_numbers_as_text(tmp_path):
    header = ["family_name_km", "given_name_km", "family_name_latin", "given_name_latin"]
    header += ["birth_year", "received_on", "case"]
    content = xlsx_bytes(
        [
            ["សុខ", KHMER, "SOK", "Sreymom", 1950, datetime.datetime(2010, 5, 1), "002"],
            [None] * 7,
            ["ចាន់"],
        ],
        header=header,
    )
    lines = _read(tmp_path, content, FileFormat.XLSX)
    assert [line.number for line in lines] == [2, 4]
    first = lines[0].values
    assert first["given_name_km"] == KHMER
    assert (first["birth_year"], first["received_on"], first["case"]) == (
        "1950",
        "2010-05-01",
        "002",
    )
    assert lines[1].values["family_name_km"] == "ចាន់"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n", "empty"),
        (b"family_name_latin,colour\r\nSOK,red\r\n", "colour"),
        (b"family_name_latin,given_name_latin\r\nSOK,Chea\r\n", "case"),
        (b"case,case,family_name_km,given_name_km,family_name_latin,given_name_latin\r\n", "twice"),
    ],
)
def test_a_file_without_a_usable_header_is_refused(tmp_path, content, message):
    with pytest.raises(FileRefused, match=message):
        _read(tmp_path, content)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    with pytest.raises(FileRefused):
        _read(tmp_path, b"PK\x03\x04 not really a zip", FileFormat.XLSX)


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("forms.csv", b"family_name_km", FileFormat.CSV),
        ("FORMS.XLSX", b"PK\x03\x04rest", FileFormat.XLSX),
        ("forms.xlsx", b"family", None),
        ("forms.csv", b"PK\x03\x04rest", None),
        ("forms.csv", b"\x00\x01binary", None),
        ("forms.pdf", b"%PDF-1.7", None),
    ],
)
def test_a_file_is_read_as_what_its_name_and_content_agree_on(name, head, expected):
    assert format_of(name, head) == expected
