"""A spreadsheet file read as rows of text cells, whatever program wrote it.

CSV comes as UTF-8 (with or without the byte-order mark Excel writes), as Excel's "CSV" of a
Windows in western Europe (Windows-1252, cells separated by semicolons where the decimal comma
is usual) or as its "Unicode text" (UTF-16, tabs). Which it was is worked out, never asked, and
said back to the person (`ReadAs`), so that a file read the wrong way is noticed.

XLSX is read with openpyxl without its cached results (`data_only=False`): a cell holding a
formula comes as the formula's text, never as a value a spreadsheet computed, so it can be
refused as such. Dates typed in a workbook come as dates and are given back as ISO text.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from clinic.common.errors import ErrorCode, ValidationError

MAX_ROWS = 1_000_000  # DESIGN.md's scale: a million visits
MAX_CELL = 1_000  # characters: longer is no field of a person or a contact
_DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class ReadAs:
    """How the file was read: `xlsx`, or `csv` with its encoding and separator."""

    kind: str
    encoding: str | None = None  # utf-8, utf-8-sig, utf-16, cp1252
    delimiter: str | None = None


@dataclass(frozen=True)
class Row:
    line: int  # as the spreadsheet numbers it: the header is line 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    read_as: ReadAs


def read_sheet(path: Path) -> Sheet:
    """The file's first sheet; refuses (ValidationError) what is no spreadsheet."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError.single(ErrorCode.IMPORT_FILE_KIND)
    try:
        data = path.read_bytes()
    except OSError:
        raise _unreadable() from None
    return read_xlsx(data) if suffix == ".xlsx" else read_csv(data)


def read_csv(data: bytes) -> Sheet:
    text, encoding = _decoded(data)
    if "\x00" in text:
        raise _unreadable()
    lines = text.splitlines()
    delimiter = _delimiter(lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _numbered(reader, lambda: reader.line_num)
        return _sheet(rows, ReadAs("csv", encoding, delimiter))
    except csv.Error:  # a cell longer than the csv module takes (128 KiB), a stray quote
        raise _unreadable() from None


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise _unreadable() from None
    try:
        sheet = book.worksheets[0]
        rows = (
            (number, tuple(_cell_text(value) for value in values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _sheet(rows, ReadAs("xlsx"))
    finally:
        book.close()


def _decoded(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: a byte-order mark decides; else UTF-8 if the
    bytes are UTF-8 (ASCII is too), else Windows-1252, what Excel writes on a western Windows."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _unreadable() from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _unreadable()


def _delimiter(header: str) -> str:
    """The separator the header line uses most, outside quotes (a comma when it has none)."""
    unquoted = header.split('"')[::2]
    counts = {d: sum(part.count(d) for part in unquoted) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _numbered(
    rows: Iterable[list[str]], line_after: Callable[[], int]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each CSV record with the line it starts on (a quoted cell may hold line breaks)."""
    line = 1
    for cells in rows:
        yield line, tuple(cells)
        line = line_after() + 1


def _cell_text(value: object) -> str:
    """A workbook's cell as text: a date as ISO, a whole number without `.0`, a formula as
    its own text (never its result)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(rows: Iterable[tuple[int, tuple[str, ...]]], read_as: ReadAs) -> Sheet:
    """The header (the first row with something in it) and the rows under it that are not
    blank; refuses a file with more than `MAX_ROWS` rows."""
    headers: tuple[str, ...] | None = None
    kept: list[Row] = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            headers = tuple(cell.strip() for cell in cells)
            continue
        if len(kept) == MAX_ROWS:
            raise ValidationError.single(ErrorCode.IMPORT_TOO_MANY_ROWS, None, max=MAX_ROWS)
        kept.append(Row(line, cells))
    return Sheet(headers or (), tuple(kept), read_as)


def _unreadable() -> ValidationError:
    return ValidationError.single(ErrorCode.IMPORT_UNREADABLE)
