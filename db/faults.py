"""What a storage failure means for the person at the desk: a full disk, a folder that cannot be
written to, or a damaged database.

SQLite and the operating system describe the same few causes in many ways ("database or disk is
full", "disk I/O error" when the shared-memory file cannot grow, ENOSPC from a copy...). Each
message Soglia shows must say the true cause, so they are sorted here, in one place, by their
codes (and, where the driver drops the code, by SQLite's fixed text for it).
"""

from __future__ import annotations

import errno
import shutil
from enum import StrEnum
from pathlib import Path

# Below this, the disk counts as full: the write-ahead log alone grows to about 4 MiB (1000 pages
# of 4 KiB) before it is folded back into the database.
MIN_FREE_BYTES = 4 * 1024 * 1024

# SQLite's primary result codes (https://sqlite.org/rescode.html), the low byte of extended codes.
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 3, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_AUTH, _SQLITE_NOTADB = 13, 14, 23, 26

# SQLite's fixed text for each of these codes (`sqlite3_errstr`): all the driver gives when it
# raises without the code.
_ERRSTR_CODES = {
    "database or disk is full": _SQLITE_FULL,
    "database disk image is malformed": _SQLITE_CORRUPT,
    "file is not a database": _SQLITE_NOTADB,
    "disk I/O error": _SQLITE_IOERR,
    "unable to open database file": _SQLITE_CANTOPEN,
    "attempt to write a readonly database": _SQLITE_READONLY,
}
_DAMAGE_CODES = {_SQLITE_CORRUPT, _SQLITE_NOTADB}
_WRITE_CODES = {_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CANTOPEN, _SQLITE_AUTH}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_WRITE_ERRNOS = {
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.EEXIST,  # a file where a folder must be made
    errno.ENOTDIR,
    errno.EISDIR,
    errno.ENOENT,  # the drive is gone
    errno.EIO,
}


class Fault(StrEnum):
    DISK_FULL = "disk_full"
    NOT_WRITABLE = "not_writable"  # read-only, no permission, a drive not connected
    DAMAGED = "damaged"  # a page fails its authentication code, or the file is not a database
    OTHER = "other"


def fault_of(exc: BaseException, where: Path) -> Fault:
    """The cause of `exc`, raised while working in the folder `where`.

    An input/output error is a full disk when the disk is (nearly) full: SQLite reports a
    shared-memory file that cannot grow as "disk I/O error", not as "disk is full".
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        code = _ERRSTR_CODES.get(str(exc))  # the driver's backup() leaves the code out
    if isinstance(code, int):
        return _sqlite_fault(code & 0xFF, where)
    if isinstance(exc, OSError):
        return _os_fault(exc.errno, where)
    return Fault.OTHER


def is_damage(exc: BaseException) -> bool:
    """Whether SQLite refused because a page is damaged (no disk to look at: a damaged page is
    never a question of room)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        code = _ERRSTR_CODES.get(str(exc))
    return isinstance(code, int) and code & 0xFF in _DAMAGE_CODES


def _sqlite_fault(primary: int, where: Path) -> Fault:
    if primary == _SQLITE_FULL:
        return Fault.DISK_FULL
    if primary in _DAMAGE_CODES:
        return Fault.DAMAGED
    if primary in _WRITE_CODES:
        return Fault.DISK_FULL if disk_is_full(where) else Fault.NOT_WRITABLE
    return Fault.OTHER


def _os_fault(number: int | None, where: Path) -> Fault:
    if number in _FULL_ERRNOS or disk_is_full(where):
        return Fault.DISK_FULL
    if number in _WRITE_ERRNOS:
        return Fault.NOT_WRITABLE
    return Fault.OTHER


def disk_is_full(where: Path) -> bool:
    """Whether the disk holding `where` (or its nearest existing parent) has no room left."""
    for folder in (where, *where.parents):
        try:
            return shutil.disk_usage(folder).free < MIN_FREE_BYTES
        except OSError:
            continue
    return False
