"""The templates a clinic fills in: a header row of Soglia's field names and one example row.

As XLSX every column is formatted as text, so that Excel keeps a code's leading zeros and a
date as typed; as CSV, UTF-8 with a byte-order mark (Excel then reads accents right) and
commas. The example row is refused if it is left in the file (`EXAMPLE_ROW`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from clinic.common.errors import ErrorCode, ValidationError
from clinic.imports.columns import FIELDS, ImportKind

TEXT_FORMAT = "@"


def template_bytes(kind: ImportKind, suffix: str) -> bytes:
    """The template as an `.xlsx` or a `.csv` file's bytes."""
    header = [field.name for field in FIELDS[kind]]
    example = [field.example for field in FIELDS[kind]]
    if suffix == ".csv":
        out = io.StringIO(newline="")
        csv.writer(out).writerows([header, example])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if suffix == ".xlsx":
        return _workbook(kind, header, example)
    raise ValidationError.single(ErrorCode.IMPORT_FILE_KIND)


def write_template(kind: ImportKind, path: Path) -> None:
    path.write_bytes(template_bytes(kind, path.suffix.lower()))


def _workbook(kind: ImportKind, header: list[str], example: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind.value
    sheet.append(header)
    sheet.append(example)
    for number, name in enumerate(header, start=1):
        column = sheet.column_dimensions[get_column_letter(number)]
        column.number_format = TEXT_FORMAT
        column.width = max(len(name), 16)
    for row in sheet.iter_rows(min_row=2, max_row=2):
        for cell in row:
            cell.number_format = TEXT_FORMAT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
