"""Storage failures that have a plain explanation for the person at the desk."""

from __future__ import annotations

from enum import StrEnum


class OpenFailure(StrEnum):
    NOT_A_DATABASE = "not_a_database"  # wrong key, foreign file, truncated or tampered file
    NEWER_SCHEMA = "newer_schema"  # written by a newer Soglia
    IN_USE = "in_use"  # another Soglia has this data folder open
    KEY_FILE = "key_file"  # the key file is damaged
    MIGRATION_FAILED = "migration_failed"  # upgrade failed; the database was left as it was
    READ_ONLY = "read_only"  # the data folder cannot be written to
    DISK_FULL = "disk_full"  # no room left on the disk of the data folder
    NOT_A_FILE = "not_a_file"  # a folder (or something else) where the database file should be


class DatabaseOpenError(Exception):
    """The database cannot be opened; `failure` says why. The text never holds personal data."""

    def __init__(self, failure: OpenFailure, detail: str = "") -> None:
        super().__init__(f"{failure.value}: {detail}" if detail else failure.value)
        self.failure = failure
        self.detail = detail
