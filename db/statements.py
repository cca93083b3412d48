"""The SELECT statements an engine sends, caught as they go, with their parameters: what the
query-plan tests and the benchmarks hand to SQLite's EXPLAIN QUERY PLAN."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def selects_sent(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """A list that fills with each (statement, parameters) read through `engine` meanwhile."""
    caught: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, sql: str, parameters: Any, context: Any, many: bool) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            caught.append((sql, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield caught
    finally:
        event.remove(engine, "before_cursor_execute", keep)
