"""The templates read back as the import reads them: Soglia's field names as the header, the
example row under it, and in XLSX every column formatted as text (a code's leading zeros and
a date typed stay as typed)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from clinic.common.errors import ValidationError
from clinic.imports.columns import FIELDS, ImportKind, template_columns
from clinic.imports.sheet import read_csv, read_xlsx
from clinic.imports.template import TEXT_FORMAT, template_bytes


@pytest.mark.parametrize("kind", list(ImportKind))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_template_reads_back_as_its_fields_and_its_example(kind, suffix):
    data = template_bytes(kind, suffix)
    sheet = read_csv(data) if suffix == ".csv" else read_xlsx(data)
    assert sheet.headers == tuple(field.name for field in FIELDS[kind])
    assert [row.cells for row in sheet.rows] == [tuple(field.example for field in FIELDS[kind])]
    columns = template_columns(sheet.headers, kind)  # no mapping needed
    assert columns.ignored == ()


def test_the_csv_template_has_the_byte_order_mark_excel_needs_for_accents():
    assert template_bytes(ImportKind.PERSONS, ".csv").startswith(b"\xef\xbb\xbf")


def test_the_workbook_templates_columns_are_text():
    book = load_workbook(io.BytesIO(template_bytes(ImportKind.PERSONS, ".xlsx")))
    sheet = book.worksheets[0]
    assert {dimension.number_format for dimension in sheet.column_dimensions.values()} == {
        TEXT_FORMAT
    }


def test_no_other_kind_of_file():
    with pytest.raises(ValidationError):
        template_bytes(ImportKind.PERSONS, ".ods")
