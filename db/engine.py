"""The database as the rest of the program has it: an engine and one transaction per action.

`Database` hides which engine is underneath; today it is SQLCipher (`db.sqlcipher`, which sets
every pragma and starts write transactions with `BEGIN IMMEDIATE`, so a read-then-write never
fails with "database is locked" halfway through a user's save).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.sqlcipher import READ_ONLY, companions, make_engine


class Database:
    """The engine and its session factories; handed to whoever needs the database.

    `write()` is one transaction per user action, committed on success and rolled back on any
    exception; `read()` is a deferred transaction that never takes the write lock.
    """

    def __init__(self, engine: Engine, made: tuple[Path, ...] = ()) -> None:
        self.engine = engine
        self._made = made  # files a read-only reader creates, removed when it is done
        self._writer = sessionmaker(engine, expire_on_commit=False)
        self._reader = sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )

    @classmethod
    def open(cls, path: Path, key: bytes, *, read_only: bool = False) -> Database:
        """Open and check the key at once, so a wrong key fails here and not at the first save.

        `read_only` is for a file that must not change (a backup, a damaged database): only
        `read()` works, and nothing is written to it, even when it is closed.
        """
        made = tuple(p for p in companions(path) if not p.exists()) if read_only else ()
        engine = make_engine(path, key, read_only=read_only)
        database = cls(engine, made)
        try:
            with engine.connect():
                pass
        except BaseException:
            database.dispose()
            raise
        return database

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        for path in self._made:  # the empty log and shared memory of a read-only reader
            path.unlink(missing_ok=True)
