"""Restoring a backup: from the desk, or when the database cannot be opened (damaged, or its
keys file lost).

Whoever restores first gets a `RestoreGrant` here, and only a grant puts a backup in place:
who may restore is decided in this module, never by a screen or a command. At the desk the
logged-in account needs `Permission.RESTORE` (`grant_restore`). Every "cannot read" message
says "restore the most recent backup"; that is done without logging in to the database (a
login reads it, and writes its audit row into it), so who may restore is decided from what is
still sound: the key slots unwrap the database key with a coordinator's password or the
recovery key (this folder's keys file, or the backup's own when the folder's cannot be read: a
new computer, a lost file), and the backup itself, opened read-only with that key, says
whether that person's account then had the right to restore (`authorise_restore`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.audit.transactions import writing
from clinic.backups.backing_up import Backup, BackupRefusedError, Replaced, list_backups, restore
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode
from clinic.common.permissions import Actor, Permission, require, role_allows
from clinic.staff.accounts import LoginRefusedError, normal_username, unlock_key
from db.engine import Database
from db.errors import DatabaseOpenError
from db.folder import DataFolder
from db.keyslots import KeyStore, KeyStoreError, WrongSecret
from db.migrate import MigrationResult
from db.models.staff import Staff
from db.opening import open_database, read_legacy_key
from db.sqlcipher import damaged_pages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreGrant:
    """Leave to restore, with the database key: made only by this module's checks."""

    key: bytes = field(repr=False)  # never in a log or a crash dialog
    username: str  # who restores, named in the restored trail ("" before staff accounts)


@dataclass(frozen=True)
class Restored:
    kept_as: Path | None  # where the replaced database was kept; None if there was none
    damaged: bool  # the replaced database could not be read (kept as soglia.db.damaged-...)
    migration: MigrationResult


def restorable_backups(folder: DataFolder, second_folder: Path | None) -> list[Backup]:
    """The backups of the data folder and of the second folder, newest first.

    Each was checked page by page when it was made; the chosen one is checked again before it
    is put in place. A copy of the same backup in both folders is listed twice: if one is
    damaged, the other may not be.
    """
    found = list_backups(folder.backups)
    if second_folder is not None and second_folder.resolve() != folder.backups.resolve():
        found += list_backups(second_folder) if second_folder.is_dir() else []
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def backup_file(path: Path) -> Backup:
    """A backup chosen by hand, perhaps renamed: made when its name says, else when written."""
    listed = list_backups(path.parent)
    same = [backup for backup in listed if backup.path == path]
    if same:
        return same[0]
    stat = path.stat()
    return Backup(path, dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC), stat.st_size)


def grant_restore(session: Session, actor: Actor, key: bytes) -> RestoreGrant:
    """Leave for the logged-in account to restore a backup from the desk (Administration →
    Backups), asked while the database is open; the desk then closes it and restores."""
    require(session, actor, Permission.RESTORE)
    username = session.scalar(select(Staff.username).where(Staff.id == actor.staff_id))
    return RestoreGrant(key, username or "")


def grant_before_accounts(folder: DataFolder) -> RestoreGrant | None:
    """A folder from before staff accounts (a `soglia.key` file and no keys file) has no
    account to ask: whoever holds its key file restores, as they could open it. None for any
    other folder."""
    if not folder.legacy_key.exists() or folder.keys.exists():
        return None
    return RestoreGrant(read_legacy_key(folder), "")


def authorise_restore(
    folder: DataFolder, backup: Path, typed_username: str, password: str, clock: Clock
) -> RestoreGrant:
    """The key, if the password opens the account's key slot and the account, in `backup`, was
    active and allowed to restore. Failures are counted (and lock the account) as at the login."""
    username = normal_username(typed_username)
    store = _folder_store(folder)
    if store is not None:
        key = unlock_key(store, username, password, clock.now())
    else:
        key = _unwrap(_backup_store(backup), lambda s: s.open_with_password(username, password))
    return _grant(backup, key, username)


def authorise_restore_with_recovery_key(
    folder: DataFolder, backup: Path, typed_username: str, recovery_key: str
) -> RestoreGrant:
    """The key from the recovery key; `typed_username` must be an active coordinator in
    `backup`, who is named in its audit trail as the one who restored it."""
    store = _folder_store(folder) or _backup_store(backup)
    try:
        key = store.open_with_recovery_key(recovery_key)
    except WrongSecret:
        raise LoginRefusedError(ErrorCode.WRONG_RECOVERY_KEY, "recovery_key") from None
    return _grant(backup, key, normal_username(typed_username))


def restore_without_login(
    folder: DataFolder, backup: Path, grant: RestoreGrant, clock: Clock
) -> Restored:
    """Put `backup` in place of the folder's database, which is kept aside, never written:
    as `soglia.db.damaged-<time>` if it cannot be read. The caller holds the folder's lock."""
    damaged = folder.database.exists() and not _sound(folder.database, grant.key)
    replaced = Replaced.DAMAGED if damaged else Replaced.BEFORE_RESTORE
    kept, migration = restore_in_place(folder, backup, grant, clock, replaced)
    log.info("backup restored without a login; the replaced one was damaged: %s", damaged)
    return Restored(kept, damaged, migration)


def restore_in_place(
    folder: DataFolder,
    backup: Path,
    grant: RestoreGrant,
    clock: Clock,
    replaced: Replaced = Replaced.BEFORE_RESTORE,
) -> tuple[Path | None, MigrationResult]:
    """Restore (`clinic.backups.backing_up.restore`; the database is closed), bring the restored
    database to the newest schema, and audit the restore in it, by the account of the grant's
    name there (staff ids differ from one database to another). Returns where the replaced
    database was kept (None if there was none), and the migration made."""
    aside = restore(folder, backup, grant.key, clock.now(), replaced)
    database, migration = open_database(folder, grant.key)
    try:
        with writing(database, clock) as session:
            by = grant.username or None
            trail.record(session, None, clock, Action.RESTORE, "backup", None, username=by)
    finally:
        database.dispose()
    return aside, migration


def _folder_store(folder: DataFolder) -> KeyStore | None:
    try:
        return KeyStore.load(folder.keys)
    except KeyStoreError:
        return None


def _backup_store(backup: Path) -> KeyStore:
    keys = backup.with_suffix(".keys")
    try:
        return KeyStore.load(keys)
    except KeyStoreError:
        raise BackupRefusedError(ErrorCode.BACKUP_KEYS_MISSING, "backup", file=keys.name) from None


def _unwrap(store: KeyStore, open_slot: Callable[[KeyStore], bytes]) -> bytes:
    try:
        return open_slot(store)
    except WrongSecret:
        raise LoginRefusedError(ErrorCode.WRONG_LOGIN, "password") from None


def _grant(backup: Path, key: bytes, username: str) -> RestoreGrant:
    try:
        copy = Database.open(backup, key, read_only=True)
    except DatabaseOpenError:
        raise BackupRefusedError(ErrorCode.BACKUP_UNREADABLE, "backup") from None
    try:
        with copy.read() as session:  # only columns every schema version has
            row = session.execute(
                select(Staff.role, Staff.active).where(Staff.username == username)
            ).first()
    finally:
        copy.dispose()
    if row is None or not row.active or not role_allows(row.role, Permission.RESTORE):
        raise BackupRefusedError(ErrorCode.RESTORE_NOT_COORDINATOR, "username")
    return RestoreGrant(key, username)


def _sound(path: Path, key: bytes) -> bool:
    try:
        return not damaged_pages(path, key)
    except DatabaseOpenError:
        return False
