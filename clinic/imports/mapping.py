"""A file's own columns matched to Soglia's fields: what the import dialog proposes, and shows.

`suggest_mapping` reads the headers a clinic gave its columns ("Cognome", "Date de naissance",
"Geschlecht") as names of fields in English, Italian, French or German, accents and case
aside; the person checks and corrects the proposal, which goes to the import as a mapping
`{their column: field}` (the command line reads it from a JSON file). `preview` shows the first
rows as the fields will receive them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from clinic.common.errors import ErrorCode, ValidationError
from clinic.common.text import search_key
from clinic.imports.columns import FIELDS, ImportKind
from clinic.imports.sheet import Row


def suggest_mapping(headers: Sequence[str], kind: ImportKind) -> dict[str, str]:
    """`{header: field}` for each header that names a field (its template name or another
    language's), each field taken once, by the first header that names it."""
    names = {
        _key(name): field.name
        for field in FIELDS[kind]
        for name in (field.name, field.name.replace("_", " "), *field.names)
    }
    mapping: dict[str, str] = {}
    for header in headers:
        field = names.get(_key(header))
        if field is not None and field not in mapping.values():
            mapping[header] = field
    return mapping


def preview(
    rows: Sequence[Row], headers: Sequence[str], mapping: Mapping[str, str], n: int
) -> list[dict[str, str]]:
    """The first `n` rows as `{field: cell}`, the cells as the file has them."""
    where = {field: headers.index(column) for column, field in mapping.items() if column in headers}
    return [
        {field: row.cells[i] if i < len(row.cells) else "" for field, i in where.items()}
        for row in rows[:n]
    ]


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping saved as JSON, `{"their column": "field"}`; refuses anything else."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise ValidationError.single(ErrorCode.IMPORT_MAPPING_UNREADABLE) from None
    if not isinstance(loaded, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
    ):
        raise ValidationError.single(ErrorCode.IMPORT_MAPPING_UNREADABLE)
    return loaded


def _key(text: str) -> str:
    """A header as compared: accents, case, punctuation and spacing aside."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in search_key(text)).split())
