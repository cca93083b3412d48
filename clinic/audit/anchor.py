"""The audit chain's end, written outside the database: beside the keys, and with every backup.

The database records its own chain's end (`clinic.audit.trail.HEAD_KEY`), but whoever deletes the
last rows can delete that record too. So the end is also written to `soglia.audit-anchor`
beside the keys file after every commit that appended to the trail, and to a `.anchor` file
beside each backup (in the backups folder and on the second backup folder, a USB stick). At
login the anchor file is compared with the chain before anything is appended
(`clinic.audit.trail.seal_end`); `audit verify` checks the chain against every anchor it finds.

Each anchor is signed with HMAC-SHA256 under a key derived (HKDF) from the database key, so
that it cannot be edited without that key; whoever has the key could rewrite it as well as the
chain. What the anchors add is that the end lives in several places, some of them (the second
backup folder) out of reach of whoever has the data folder.

Cost, measured on the desk's disk: a person's record viewed is a write transaction of about
3.7 ms; writing the anchor (write, fsync, rename) adds about 0.5 ms, once per such commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from clinic.audit.trail import ANCHOR_INVALID, HEAD_INFO, Anchored, Head, Outside, last_row
from clinic.audit.transactions import reading
from clinic.common.clock import Clock
from db.engine import Database
from db.folder import DataFolder

log = logging.getLogger(__name__)

FILE_NAME = "soglia.audit-anchor"
BACKUP_SUFFIX = ".anchor"
FORMAT = 1
_HKDF_INFO = b"soglia audit anchor 1"


@dataclass(frozen=True)
class Anchor:
    """One anchor file as read: what it says, or None when its signature does not hold."""

    path: Path
    says: Anchored | None


def anchor_key(database_key: bytes) -> bytes:
    """The key that signs anchors: derived from the database key, never the key itself."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        database_key
    )


def folder_anchor(folder: DataFolder) -> Path:
    return folder.keys.with_name(FILE_NAME)


def backup_anchor(backup: Path) -> Path:
    return backup.with_suffix(BACKUP_SUFFIX)


def write_anchor(path: Path, end: Head, signing_key: bytes, at: dt.datetime) -> None:
    """Write the signed end atomically: after a power cut, the whole old file or the new one."""
    body: dict[str, Any] = {
        "format": FORMAT,
        "id": end.id,
        "hash": end.hash,
        "at": at.astimezone(dt.UTC).isoformat(),
    }
    body["mac"] = _mac(signing_key, body)
    partial = path.with_name(path.name + ".tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(body))
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def read_anchor(path: Path, signing_key: bytes) -> Anchor | None:
    """The anchor at `path` (None if there is no such file)."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return Anchor(path, None)
    return Anchor(path, _checked(body, signing_key))


def _checked(body: Any, signing_key: bytes) -> Anchored | None:
    try:
        if body["format"] != FORMAT or not hmac.compare_digest(
            str(body["mac"]), _mac(signing_key, body)
        ):
            return None
        at = dt.datetime.fromisoformat(body["at"])
        return Anchored(Head(int(body["id"]), str(body["hash"])), at)
    except (KeyError, TypeError, ValueError):
        return None


def _mac(signing_key: bytes, body: dict[str, Any]) -> str:
    signed = json.dumps([body["format"], body["id"], body["hash"], body["at"]])
    return hmac.new(signing_key, signed.encode("utf-8"), hashlib.sha256).hexdigest()


def outside_end(folder: DataFolder, database_key: bytes) -> Outside:
    """What the folder's anchor file says, for `clinic.audit.trail.seal_end` at login."""
    anchor = read_anchor(folder_anchor(folder), anchor_key(database_key))
    if anchor is None:
        return None
    return anchor.says if anchor.says is not None else ANCHOR_INVALID


def trail_end(database: Database, clock: Clock) -> Head:
    """The chain's end now; read before a backup's snapshot, so the backup holds that row."""
    with reading(database, clock) as session:
        return last_row(session)


def anchor_backup(backup: Path, end: Head, database_key: bytes, at: dt.datetime) -> None:
    """Write the backup's anchor beside it, and remove those of backups rotated away.

    A failure is logged, not raised: the backup itself is made and checked.
    """
    try:
        if backup.exists():
            write_anchor(backup_anchor(backup), end, anchor_key(database_key), at)
        for anchor in backup.parent.glob("*" + BACKUP_SUFFIX):
            if not anchor.with_suffix(".db").exists():
                anchor.unlink()
    except OSError as exc:
        log.error("backup anchor not written: %s", type(exc).__name__)


def every_anchor(folder: DataFolder, database_key: bytes, second: Path | None) -> list[Anchor]:
    """The folder's anchor and those of the backups, here and in the second backup folder
    (each backup once, by name), for `clinic.audit.chain.verify_chain`."""
    signing_key = anchor_key(database_key)
    found = [read_anchor(folder_anchor(folder), signing_key)]
    names: set[str] = set()
    for directory in (folder.backups, *([second] if second else [])):
        for path in sorted(directory.glob("*" + BACKUP_SUFFIX)) if directory.is_dir() else ():
            if path.name not in names:
                names.add(path.name)
                found.append(read_anchor(path, signing_key))
    return [anchor for anchor in found if anchor is not None]


class AnchorKeeper:
    """Rewrites the folder's anchor after each commit that appended to the trail.

    Commits may finish out of order on several threads: an end is written only if it is
    further than the last one this keeper wrote.
    """

    def __init__(self, folder: DataFolder, database_key: bytes, clock: Clock) -> None:
        self._path = folder_anchor(folder)
        self._signing_key = anchor_key(database_key)
        self._clock = clock
        self._lock = threading.Lock()
        self._written = 0
        self._engine: Engine | None = None

    def follow(self, database: Database) -> None:
        """From now on, every commit on `database` that appended rows rewrites the anchor."""
        self._engine = database.engine
        event.listen(Session, "after_commit", self._committed)

    def stop(self) -> None:
        if event.contains(Session, "after_commit", self._committed):
            event.remove(Session, "after_commit", self._committed)

    def _committed(self, session: Session) -> None:
        if session.bind is not self._engine or HEAD_INFO not in session.info:
            return
        end: Head = session.info.pop(HEAD_INFO)
        with self._lock:
            if end.id <= self._written:
                return
            try:
                write_anchor(self._path, end, self._signing_key, self._clock.now())
            except OSError as exc:  # the commit stands; the next one tries again
                log.error("audit anchor not written: %s", type(exc).__name__)
                return
            self._written = end.id
