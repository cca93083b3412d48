"""Backups: encrypted snapshots kept with rotation, and a restore that checks before replacing.

A backup is two files side by side: `soglia-YYYYMMDD-HHMMSSZ.db`, a consistent snapshot made
with SQLite's online backup while the desk goes on working, encrypted with the database key,
written under a temporary name, checked page by page and only then renamed; and
`soglia-YYYYMMDD-HHMMSSZ.keys`, the key slots of that moment, so that the backup can be
restored on a new computer with a password of that time or the recovery key (and a signed
`.anchor`, the audit trail's end at that moment: `clinic.audit.anchor`). They are kept
7 days, 4 weeks and 12 months back (the newest of each day, week and month), in the data
folder and, if one is set, in a second folder such as a USB stick.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from clinic.audit import trail
from clinic.audit.anchor import anchor_backup, trail_end
from clinic.audit.trail import Action
from clinic.audit.transactions import reading, writing
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, KnownError, StorageError
from clinic.common.permissions import Actor, Permission, require
from db.backup import BackupError, durable_replace, snapshot, verify
from db.engine import Database
from db.faults import Fault, fault_of
from db.folder import BackupInProgress, BackupLock, DataFolder
from db.keyslots import KeyStore, KeyStoreError
from db.sqlcipher import problems

log = logging.getLogger(__name__)

PREFIX = "soglia-"
STAMP = "%Y%m%d-%H%M%SZ"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
PARTIAL = ".partial"  # a copy being written, renamed into place once whole (and checked)
BACKUP_WAIT_SECONDS = 30 * 60  # for another backup under way: long enough for any database


class BackupRefusedError(KnownError):
    """A backup cannot be made, or a file cannot be restored; the text says why."""

    kind = "backup"


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: dt.datetime
    size: int

    @property
    def keys(self) -> Path:
        return self.path.with_suffix(".keys")


def backup_name(now: dt.datetime) -> str:
    return PREFIX + now.astimezone(dt.UTC).strftime(STAMP) + ".db"


def list_backups(directory: Path) -> list[Backup]:
    """The backups in `directory`, newest first (other files are left out)."""
    found = []
    for path in directory.glob(f"{PREFIX}*.db"):
        try:
            made = dt.datetime.strptime(path.stem.removeprefix(PREFIX), STAMP)
        except ValueError:
            continue
        found.append(Backup(path, made.replace(tzinfo=dt.UTC), path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def to_keep(backups: list[Backup], zone: ZoneInfo) -> set[Path]:
    """The newest backup of each of the last 7 days, 4 weeks and 12 months that have one."""
    keep: set[Path] = set()
    for count, period in (
        (KEEP_DAILY, lambda d: d.isoformat()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for backup in backups:  # newest first: the first of each period is its newest
            key = period(backup.made_at.astimezone(zone).date())
            if key not in seen:
                seen.append(key)
                if len(seen) <= count:
                    keep.add(backup.path)
    return keep


def rotate(directory: Path, zone: ZoneInfo) -> list[Path]:
    """Delete the backups (and their keys) that rotation no longer keeps; returns them."""
    backups = list_backups(directory)
    keep = to_keep(backups, zone)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            backup.keys.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def backup_due(folder: DataFolder, clock: Clock) -> bool:
    """No backup yet today, in the clinic's time zone: the first login of the day makes one."""
    today = clock.today()
    return not any(
        b.made_at.astimezone(clock.zone).date() == today for b in list_backups(folder.backups)
    )


def back_up(
    database: Database,
    actor: Actor | None,
    clock: Clock,
    key: bytes,
    folder: DataFolder,
    second_folder: Path | None = None,
) -> Backup:
    """Make a backup now (by the coordinator, or automatically with `actor=None`), copy it to
    the second folder if one is set, rotate both, and audit it."""
    if actor is not None:
        with reading(database, clock) as session:
            require(session, actor, Permission.BACKUP)
    with one_backup_at_a_time(folder):
        end = trail_end(database, clock)  # before the snapshot: the backup holds this row
        made = _make(database, key, folder, clock.now())
        rotate(folder.backups, clock.zone)
        anchor_backup(made.path, end, key, made.made_at)
        if second_folder is not None:
            _copy_to(made, second_folder)
            rotate(second_folder, clock.zone)
            anchor_backup(second_folder / made.path.name, end, key, made.made_at)
    with writing(database, clock) as session:
        trail.record(session, actor, clock, Action.BACKUP, "backup", None)
    log.info("backup made (%d bytes)", made.size)
    return made


@contextmanager
def one_backup_at_a_time(folder: DataFolder) -> Iterator[None]:
    """Wait for a backup under way in another process or thread (the desk's daily one beside
    `main.py backup` from a scheduler) to end first."""
    try:
        folder.backups.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failure(fault_of(exc, folder.backups), exc) from exc
    try:
        with BackupLock(folder, BACKUP_WAIT_SECONDS):
            yield
    except BackupInProgress:
        raise StorageError(ErrorCode.BACKUP_IN_PROGRESS) from None


def clean_leftovers(directory: Path) -> list[Path]:
    """Remove what interrupted backups left (a process killed, a disk full): the partial copy and
    SQLite's journal beside it, never renamed into place. Called with the backup lock held, so
    no copy under way is taken for a leftover."""
    removed = []
    for path in directory.glob(f"*{PARTIAL}*"):
        if path.name.startswith((PREFIX, "before-migration-")) and path.is_file():
            with suppress(OSError):
                path.unlink()
                removed.append(path)
    if removed:
        log.info("removed %d files of interrupted backups", len(removed))
    return removed


def _make(database: Database, key: bytes, folder: DataFolder, now: dt.datetime) -> Backup:
    destination = folder.backups / backup_name(now)
    clean_leftovers(folder.backups)
    raw = database.engine.raw_connection()
    try:
        snapshot(raw.driver_connection, destination, key)
        if folder.keys.exists():
            _copy_file(folder.keys, destination.with_suffix(".keys"))
    except BackupError as exc:
        raise _failure(exc.fault, exc) from exc
    except OSError as exc:
        raise _failure(fault_of(exc, folder.backups), exc) from exc
    finally:
        raw.close()
    return Backup(destination, now, destination.stat().st_size)


def _failure(fault: Fault, exc: Exception) -> StorageError:
    """The known error that says why a backup failed: the disk, the folder, or damage."""
    log.error("backup failed (%s): %s", fault.value, type(exc).__name__)
    return StorageError(_BACKUP_FAILURES[fault])


_BACKUP_FAILURES = {
    Fault.DISK_FULL: ErrorCode.BACKUP_DISK_FULL,
    Fault.NOT_WRITABLE: ErrorCode.BACKUP_NOT_WRITABLE,
    Fault.DAMAGED: ErrorCode.BACKUP_DAMAGED,
    Fault.OTHER: ErrorCode.BACKUP_FAILED,
}


def _copy_to(backup: Backup, directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        clean_leftovers(directory)
        _copy_file(backup.path, directory / backup.path.name)
        if backup.keys.exists():
            _copy_file(backup.keys, directory / backup.keys.name)
    except OSError as exc:
        log.error("backup not copied to the second folder: %s", type(exc).__name__)
        full = fault_of(exc, directory) is Fault.DISK_FULL
        code = ErrorCode.BACKUP_SECOND_FOLDER_FULL if full else ErrorCode.BACKUP_SECOND_FOLDER
        raise StorageError(code, "second_folder") from exc


def _copy_file(source: Path, destination: Path) -> None:
    partial = destination.with_name(destination.name + PARTIAL)
    try:
        shutil.copyfile(source, partial)
        durable_replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# Restore ---------------------------------------------------------------------------------------


def check_pages(database: Database, actor: Actor | None, clock: Clock) -> list[str]:
    """Every page of the database checked (`main.py check`): what is wrong, nothing if sound.

    The coordinator's tool, like backups; `actor` is None only for a folder from before staff
    accounts, opened with its key file, which has no account to ask.
    """
    if actor is not None:
        with reading(database, clock) as session:
            require(session, actor, Permission.BACKUP)
    return problems(database)


def check_backup(path: Path, key: bytes) -> None:
    """Refuse a file that is not a sound backup of the database `key` opens."""
    try:
        verify(path, key)
    except BackupError:
        raise BackupRefusedError(ErrorCode.BACKUP_UNREADABLE, "backup") from None


class Replaced(StrEnum):
    """What the database a restore replaces is kept as: `soglia.db.<this>-<time>`."""

    BEFORE_RESTORE = "before-restore"  # a sound database, set aside by a coordinator's choice
    DAMAGED = "damaged"  # a database that could not be read


def restore(
    folder: DataFolder,
    backup: Path,
    key: bytes,
    now: dt.datetime,
    replaced: Replaced = Replaced.BEFORE_RESTORE,
) -> Path | None:
    """Put `backup` in place of the database; returns where the replaced database was kept, or
    None when there was none (a new computer).

    The caller holds the folder's lock and has closed the database. The backup is checked
    first; the current database is moved aside, never deleted nor written; the keys file is
    taken from the backup where the folder has none (a new computer) or one that cannot be
    read (kept aside too).
    """
    check_backup(backup, key)
    stamp = now.astimezone(dt.UTC).strftime(STAMP)
    aside = folder.root / f"{folder.database.name}.{replaced.value}-{stamp}"
    partial = folder.root / "soglia.db.restoring"
    moved: list[tuple[Path, Path]] = []
    try:
        shutil.copyfile(backup, partial)
        moved = _move_aside(folder, aside)
        durable_replace(partial, folder.database)
        _take_keys(folder, backup.with_suffix(".keys"), stamp)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if not folder.database.exists():
            for source, target in moved:  # put the old database back as it was
                os.replace(target, source)
        log.error("restore failed: %s", type(exc).__name__)
        raise StorageError(ErrorCode.RESTORE_FAILED) from exc
    kept = aside if (folder.database, aside) in moved else None
    log.info("backup restored; replaced database kept aside: %s", kept is not None)
    return kept


def _move_aside(folder: DataFolder, aside: Path) -> list[tuple[Path, Path]]:
    """Rename the database to `aside`, with its WAL and shared memory: left in place, SQLite
    would replay the old database's last pages onto the restored one."""
    moved = []
    for suffix in ("", "-wal", "-shm"):
        source = folder.database.with_name(folder.database.name + suffix)
        target = aside.with_name(aside.name + suffix)
        if source.exists():
            os.replace(source, target)
            moved.append((source, target))
    return moved


def _take_keys(folder: DataFolder, keys: Path, stamp: str) -> None:
    if not keys.exists() or _readable_keys(folder.keys):
        return
    if folder.keys.exists():
        os.replace(folder.keys, folder.keys.with_name(f"{folder.keys.name}.damaged-{stamp}"))
    _copy_file(keys, folder.keys)


def _readable_keys(path: Path) -> bool:
    try:
        KeyStore.load(path)
    except KeyStoreError:
        return False
    return True
