"""The one metadata every model shares, and what the models of each capability build on.

Instants are stored as UTC, in one column type (`UTCDateTime`); which *day* an event belongs
to is decided in the clinic's time zone by `clinic`. Vocabulary columns hold the values of
`db.vocabulary` and carry CHECK constraints (`one_of`), so a bad value cannot reach the file
even through a bug. The models themselves live beside this module, one module per capability;
`db.models` imports them all, so that the metadata (and Alembic) always holds every table.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An instant: an aware UTC datetime in Python, in every table that stores one.

    SQLite keeps it as integer microseconds since 1970 UTC (8 bytes, where the text form took
    26, and again in each index that holds it); comparisons, ORDER BY and range filters then
    compare integers, in the same order as the instants. PostgreSQL has its own
    `TIMESTAMP WITH TIME ZONE`. Values in and out are aware `datetime`s on both, so callers never
    see the stored form.
    """

    impl = BigInteger
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(BigInteger())

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> object:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        instant = value.astimezone(dt.UTC)
        return instant if dialect.name == "postgresql" else to_micros(instant)

    def process_literal_param(self, value: dt.datetime | None, dialect: Dialect) -> str:
        bound = self.process_bind_param(value, dialect)
        return "NULL" if bound is None else str(bound)

    def process_result_value(self, value: object, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC)
        return from_micros(int(str(value)))

    @property
    def python_type(self) -> type[dt.datetime]:
        return dt.datetime


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def to_micros(instant: dt.datetime) -> int:
    """An aware instant as the integer SQLite stores: microseconds since 1970 UTC."""
    return (instant - EPOCH) // _MICROSECOND


def from_micros(micros: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=micros)


# The table options of a table that is nothing but its primary key (a link between a row and a
# word or a vocabulary value): on SQLite its key's b-tree is the table, so each row is stored
# once and not again under a hidden row id. Other databases ignore it.
WITHOUT_ROWID = {"sqlite_with_rowid": False}


def one_of(column: str, vocabulary: type[StrEnum]) -> str:
    """The CHECK constraint that keeps `column` to the values of `vocabulary`."""
    values = ", ".join(f"'{member.value}'" for member in vocabulary)
    return f"{column} IN ({values})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
