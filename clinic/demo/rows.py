"""Demo rows written as the use cases would store them, in bulk: SQLAlchemy Core inserts of
plain dictionaries, a chunk at a time (the ORM would take minutes for a million visits)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from db.models.base import Base

Row = dict[str, Any]

CHUNK = 20_000  # rows per bulk INSERT


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def insert_rows(session: Session, model: type[Base], rows: list[Row]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table_of(model)), rows[start : start + CHUNK])
