"""What the commands share: the account a command acts as, the database opened for it, a refusal.

The database layer (SQLAlchemy, Alembic, the ciphers) is imported where it is used, so that
`main.py` can load every command's module without waiting for it.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from clinic.i18n.messages import open_failure_text
from clinic.i18n.translator import system_language, translator
from db.errors import OpenFailure
from db.folder import SLOTS_FILE_NAME, DataFolder, FolderState

if TYPE_CHECKING:
    from clinic.common.clock import Clock
    from clinic.common.permissions import Actor
    from db.engine import Database
    from db.migrate import MigrationResult

PASSWORD_VARIABLE = "SOGLIA_PASSWORD"  # noqa: S105 - the variable's name, not a password
RECOVERY_KEY_VARIABLE = "SOGLIA_RECOVERY_KEY"

log = logging.getLogger(__name__)


class RefusedError(Exception):
    """A command cannot run on this data folder; the text says why, for the person at the desk."""


def open_failure_message(
    failure: OpenFailure,
    *,
    folder: Path | None = None,
    language: str | None = None,
    keys: str = SLOTS_FILE_NAME,
) -> str:
    """The explanation shown when the database cannot be opened; names the folder if given."""
    return open_failure_text(translator(language or system_language()), failure, folder, keys)


def keys_file_name(root: Path) -> str:
    """The keys file the messages name: a folder from before staff accounts has `soglia.key`."""
    folder = DataFolder(root)
    legacy = folder.state() is FolderState.LEGACY and folder.legacy_key.exists()
    return folder.legacy_key.name if legacy else folder.keys.name


class Command:
    """A command of the command line; `check_folder` refuses a folder before it is opened."""

    runs_beside_the_desk = False  # it may run while a desk has the folder's lock

    def check_folder(self, folder: DataFolder) -> None:
        pass

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        """Open the database for the account of `--user`, then `run`."""
        opened = open_for_command(folder, args)
        try:
            return self.run(folder, opened, args)
        finally:
            opened.database.dispose()

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        raise NotImplementedError


@dataclass(frozen=True)
class Opened:
    """The database as a command has it: who acts (None for a folder from before accounts),
    and the clock every use case of the command is given."""

    database: Database
    actor: Actor | None
    key: bytes
    clock: Clock


def open_for_command(folder: DataFolder, args: argparse.Namespace) -> Opened:
    """The database, opened as `--user` (with SOGLIA_PASSWORD or a prompt).

    A folder from before staff accounts still opens with its key file, as nobody in particular.
    """
    from clinic.common.clock import Clock
    from clinic.staff.opening import open_as

    clock = Clock(ZoneInfo("UTC"))
    state = folder.state()
    if state is FolderState.NEW:
        raise RefusedError(
            f"Soglia is not set up in {folder.root} yet. Start it once without a command to set "
            "up the clinic and its first coordinator account."
        )
    if state is FolderState.LEGACY:
        from db.opening import open_database, read_legacy_key

        key = read_legacy_key(folder)
        database, migration = open_database(folder, key, beside_desk=args.beside_desk)
        log_migration(migration)
        return Opened(database, None, key, clock)
    password = password_of(user_of(args))
    opened = open_as(folder, args.user, password, clock, beside_desk=args.beside_desk)
    log_migration(opened.migration)
    return Opened(opened.database, opened.login.actor, opened.key, clock)


def user_of(args: argparse.Namespace) -> str:
    if not args.user:
        raise RefusedError("This command needs the staff account to act as: --user NAME.")
    return str(args.user)


def password_of(user: str) -> str:
    return secret(PASSWORD_VARIABLE, "password", f"Password of {user}: ")


def secret(variable: str, what: str, prompt: str) -> str:
    """From the environment variable, or asked for in a terminal (never echoed)."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise RefusedError(f"No {what}: set {variable}, or run this in a terminal.")
    return getpass.getpass(prompt)


def refuse_without_database(folder: DataFolder, to_do: str) -> None:
    """`to_do`: what the command would have done, e.g. "to check"."""
    if not folder.database.exists():
        raise RefusedError(f"There is no database in {folder.root} {to_do}.")


def log_migration(result: MigrationResult) -> None:
    if result.from_revision != result.to_revision:
        backup = result.backup.name if result.backup else "none"
        log.info("schema %s -> %s (backup: %s)", result.from_revision, result.to_revision, backup)
