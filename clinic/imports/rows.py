"""What the persons' and the contacts' imports share: a row's cells by field, checked as any
text from a file is, the problems found, and the outcome said back.

A cell is refused before its field is read when it holds a formula (it starts with `=`, `+`,
`-` or `@`: none of Soglia's fields does, and a spreadsheet would run it), control or bidi
characters, or more than `MAX_CELL` characters (`clean_line`, the desk's own check of text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Table
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, FieldError, ValidationError
from clinic.common.permissions import Actor
from clinic.common.text import clean_line
from clinic.imports.columns import Columns, ImportKind
from clinic.imports.sheet import MAX_CELL, Row
from db.models.base import Base

FORMULA_SIGNS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RowProblem:
    """Why one row is not imported: its line, the field concerned (None: the whole row)."""

    line: int
    field: str | None
    error: FieldError


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did, or (`written` False) what it would do."""

    kind: ImportKind
    new: int
    existing: int  # already in the registry: the same person, or the same contact
    problems: tuple[RowProblem, ...]
    written: bool

    @property
    def refused(self) -> int:
        return len({problem.line for problem in self.problems})


class RowReader:
    """The cells of each row by field, and the problems of every row as they are found."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.problems: list[RowProblem] = []

    def cells(self, row: Row) -> dict[str, str] | None:
        """Each field's cell, cleaned; None if a cell is refused (its problem is kept)."""
        found: dict[str, str] = {}
        before = len(self.problems)
        for field, index in self.columns.index.items():
            raw = row.cells[index] if index < len(row.cells) else ""
            found[field] = self._cleaned(row.line, field, raw)
        return found if len(self.problems) == before else None

    def refuse(self, line: int, field: str | None, code: ErrorCode, /, **params: object) -> None:
        self.problems.append(RowProblem(line, field, FieldError(code, field, params)))

    def refuse_all(self, line: int, error: ValidationError, fields: Mapping[str, str]) -> None:
        """The desk's refusals of a row, each on the import's field (`fields`: the desk's
        field names that differ from the import's)."""
        for item in error.errors:
            field = fields.get(item.field or "", item.field)
            self.problems.append(RowProblem(line, field, item))

    def _cleaned(self, line: int, field: str, raw: str) -> str:
        text = raw.strip()
        if not text:
            return ""
        if text.startswith(FORMULA_SIGNS):
            self.refuse(line, field, ErrorCode.FORMULA)
            return ""
        cleaned, error = clean_line(text, field, max_length=MAX_CELL)
        if error is not None:
            self.problems.append(RowProblem(line, field, error))
        return cleaned or ""


def is_example(cells: Mapping[str, str], examples: Iterable[tuple[str, str]]) -> bool:
    """Whether the row is the template's example row, left in the file."""
    return all(cells.get(field, "") == example for field, example in examples)


def audit_import(
    session: Session, actor: Actor, clock: Clock, action: Action, outcome: ImportOutcome
) -> None:
    """The import's one audit row: its counts, never a code."""
    counts = (("new", outcome.new), ("existing", outcome.existing), ("refused", outcome.refused))
    fields = [f"{name}:{count}" for name, count in counts]
    trail.record(session, actor, clock, action, "import", None, fields)


def table_of(model: type[Base]) -> Table:
    """The model's table, for Core's bulk inserts (an import's rows, thousands at a time)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
