"""The database key: a raw random 256-bit key, used directly by SQLCipher.

Before staff accounts, the key lived in clear in `soglia.key` beside the database. It is now
wrapped per account (`db.keyslots`); this module still reads such a file, once, when a folder
of that time is set up for accounts, after which the file is removed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_BYTES = 32


class KeyFileError(Exception):
    """The key file exists but is not a key Soglia wrote."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeyFileError("key file is not hexadecimal") from None
    if len(key) != KEY_BYTES:
        raise KeyFileError("key file has the wrong length")
    return key


def write_key(path: Path, key: bytes) -> None:
    """Write the key atomically with owner-only permissions."""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
