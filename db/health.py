"""Full checks of a database: every page's authentication code, the b-trees, the links.

They read every page, so they take seconds on a large database: for backups, the `check` command
and the administrator's tools, not for every start-up (which only proves the key fits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlcipher3

from db.engine import Database

Check = Callable[[Any], list[str]]


def problems(database: Database) -> list[str]:
    """What is wrong with the open database, one line each (page numbers and table names only)."""
    raw = database.engine.raw_connection()
    try:
        return _first_found(raw.driver_connection, (_cipher_integrity, _integrity, _foreign_keys))
    finally:
        raw.close()


def integrity_problems(connection: sqlcipher3.Connection) -> list[str]:
    """Pages that fail their HMAC or b-trees that do not hold together; empty when sound."""
    return _first_found(connection, (_cipher_integrity, _integrity))


def _first_found(connection: sqlcipher3.Connection, checks: tuple[Check, ...]) -> list[str]:
    # Each check runs only if the ones before found nothing: past a page that fails its HMAC,
    # the others stop with an error that says less.
    for check in checks:
        try:
            found = check(connection)
        except sqlcipher3.DatabaseError as exc:
            return [f"{check.__name__.strip('_')}: {type(exc).__name__}"]
        if found:
            return found
    return []


def _cipher_integrity(connection: sqlcipher3.Connection) -> list[str]:
    return [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]


def _integrity(connection: sqlcipher3.Connection) -> list[str]:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return [] if rows == [("ok",)] else [str(row[0]) for row in rows]


def _foreign_keys(connection: sqlcipher3.Connection) -> list[str]:
    rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{table} row {rowid}: no such {parent}" for table, rowid, parent, _ in rows]
