"""Reading a spreadsheet, whatever wrote it: encodings and separators worked out and said,
lines numbered as the spreadsheet shows them, formulas kept as their text."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from clinic.common.errors import ValidationError
from clinic.imports.sheet import ReadAs, read_csv, read_sheet, read_xlsx
from tests.unit.clinic.imports.files import csv_bytes, xlsx_bytes

ROWS = [["code", "gender", "country"], ["AB-1", "donna", "Côte d’Ivoire"], ["AB-2", "homme", "RO"]]


@pytest.mark.parametrize(
    ("data", "read_as"),
    [
        (csv_bytes(ROWS), ReadAs("csv", "utf-8", ",")),
        (codecs.BOM_UTF8 + csv_bytes(ROWS, delimiter=";"), ReadAs("csv", "utf-8-sig", ";")),
        (csv_bytes(ROWS, encoding="cp1252", delimiter=";"), ReadAs("csv", "cp1252", ";")),
        (csv_bytes(ROWS, encoding="utf-16", delimiter="\t"), ReadAs("csv", "utf-16", "\t")),
    ],
    ids=["utf-8", "utf-8 with BOM, semicolons", "Excel western CSV", "Excel Unicode text"],
)  # fmt: skip
def test_csv_is_read_in_its_encoding_and_separator_and_says_which(data, read_as):
    sheet = read_csv(data)
    assert sheet.read_as == read_as
    assert sheet.headers == ("code", "gender", "country")
    assert [row.cells[0] for row in sheet.rows] == ["AB-1", "AB-2"]
    assert sheet.rows[0].cells[2].startswith("Côte d")  # é read as é, not as Ã©


def test_lines_are_the_spreadsheets_even_past_blank_lines_and_cells_of_two_lines():
    data = b'code,note\n\nAB-1,"two\nlines"\nAB-2,x\n,\nAB-3,y\n'
    sheet = read_csv(data)
    assert [(row.line, row.cells[0]) for row in sheet.rows] == [
        (3, "AB-1"),
        (5, "AB-2"),
        (7, "AB-3"),
    ]


def test_a_workbook_gives_dates_as_iso_whole_numbers_without_decimals_and_formulas_as_text():
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "birth", "first_contact", "time", "formula"])
    sheet.append(["AB-1", 1985, dt.datetime(2019, 4, 2), dt.time(14, 30), "=1+1"])
    out = io.BytesIO()
    book.save(out)
    read = read_xlsx(out.getvalue())
    assert read.read_as == ReadAs("xlsx")
    assert read.rows[0].line == 2
    assert read.rows[0].cells == ("AB-1", "1985", "2019-04-02", "14:30", "=1+1")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("file.xlsx", b"PK\x03\x04 not a workbook"),
        ("file.xlsx", csv_bytes(ROWS)),
        ("file.csv", b"\x81\x8d\x8f\x90\x9d bytes no text encoding has"),
        ("file.csv", b"code\x00,gender\n"),
        ("file.ods", xlsx_bytes(ROWS)),
    ],
    ids=["broken zip", "csv named xlsx", "not text", "NUL bytes", "other kind"],
)
def test_a_file_that_is_no_spreadsheet_is_refused_with_a_reason(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError) as refused:
        read_sheet(path)
    expected = "import_file_kind" if name.endswith(".ods") else "import_unreadable"
    assert refused.value.code == expected


def test_a_file_of_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr("clinic.imports.sheet.MAX_ROWS", 2)
    with pytest.raises(ValidationError) as refused:
        read_csv(b"code\nA\nB\nC\n")
    assert refused.value.code == "import_too_many_rows"
