"""The user's cache folder, and faces kept there whole or not at all.

A face is cut once per user and per version of the font package (`reports.typeface`), then read
back by every later session. Two sessions may cut the same face at once, and a machine may stop
mid-write: a face is written to a temporary file beside its place and renamed into it, so a
reader finds the old file, the new one or none, and a face whose checksum does not add up (a
disk error, a copy cut short) is treated as missing and cut again.
"""

from __future__ import annotations

import array
import os
import sys
import tempfile
from pathlib import Path

_APPLICATION = "Soglia"
# Every TrueType file, read as big-endian 32-bit words, adds up to this (the OpenType `head`
# table's checkSumAdjustment is chosen so that it does): a cut-short or altered file does not.
_TRUETYPE_SUM = 0xB1B0AFBA
_WORD = next(code for code in "IL" if array.array(code).itemsize == 4)


def user_cache_folder() -> Path:
    """Where Soglia may keep files it can make again: platformdirs' `user_cache_dir`, without
    the dependency (QStandardPaths would do it, but reports/ has no Qt).

    Linux and the BSDs follow the XDG base directories (`$XDG_CACHE_HOME`, else `~/.cache`),
    Windows the local application data folder, macOS `~/Library/Caches`.
    """
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        base = Path(local) if local else Path.home() / "AppData" / "Local"
        return base / _APPLICATION / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / _APPLICATION
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The specification says a relative path there is invalid and to be ignored.
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / _APPLICATION


def read_face(path: Path) -> bytes | None:
    """The TrueType face kept at `path`, or None when it is missing, unreadable or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if truetype_sum(data) == _TRUETYPE_SUM else None


def keep_face(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole: to a temporary file in the same folder, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def truetype_sum(data: bytes) -> int:
    """The OpenType checksum of a whole file: its big-endian 32-bit words added, modulo 2³²."""
    words = array.array(_WORD)
    words.frombytes(data + bytes(-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF
