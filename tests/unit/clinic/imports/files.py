"""Spreadsheet files as other programs write them, for the import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

Rows = Sequence[Sequence[str]]


def csv_bytes(rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: Rows) -> bytes:
    """A workbook as Excel leaves it: a text starting with `=` is a formula cell."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(folder: Path, name: str, rows: Rows) -> Path:
    """`name` ends in .xlsx, .csv (UTF-8, commas) or .cp1252.csv (Excel's western CSV:
    Windows-1252, semicolons)."""
    path = folder / name
    if name.endswith(".xlsx"):
        path.write_bytes(xlsx_bytes(rows))
    elif name.endswith(".cp1252.csv"):
        path.write_bytes(csv_bytes(rows, encoding="cp1252", delimiter=";"))
    else:
        path.write_bytes(csv_bytes(rows))
    return path


FORMATS = ["file.csv", "file.cp1252.csv", "file.xlsx"]
