"""SQL functions whose spelling differs between SQLite and PostgreSQL, written once here as
SQLAlchemy constructs so that the queries of clinic/ stay portable (DESIGN.md: nothing
SQLite-only outside db/)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

QUARTER_HOUR_SECONDS = 900


class quarter_hour(FunctionElement[int]):  # noqa: N801 - a SQL function, named as one
    """The quarter-hour an instant (a `UTCDateTime` column) falls in, counted from 1970 UTC:
    what a year of check-ins is grouped by before Python puts each quarter-hour in its local
    month, weekday and hour (every time zone's offset is a whole number of quarter hours)."""

    type = BigInteger()
    inherit_cache = True
    name = "quarter_hour"

    def __init__(self, instant: Any) -> None:  # a column or an expression of one
        super().__init__(instant)


@compiles(quarter_hour)
def _sqlite(element: quarter_hour, compiler: SQLCompiler, **kw: Any) -> str:
    # Integer microseconds (db/models/base.py UTCDateTime): an integer division.
    instant = compiler.process(element.clauses, **kw)
    return f"(({instant}) / {QUARTER_HOUR_SECONDS * 1_000_000})"


@compiles(quarter_hour, "postgresql")
def _postgresql(element: quarter_hour, compiler: SQLCompiler, **kw: Any) -> str:
    instant = compiler.process(element.clauses, **kw)
    return f"CAST(floor(extract(epoch from {instant}) / {QUARTER_HOUR_SECONDS}) AS BIGINT)"
