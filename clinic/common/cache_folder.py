"""The user's cache folder: files Soglia can make again (report faces, compiled translations),
each written whole or not at all.

Two sessions may write the same file at once, and a machine may stop mid-write: a file is
written to a temporary file beside its place and renamed into it, so a reader finds the old
file, the new one or none.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

_APPLICATION = "Soglia"


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


def keep_whole(path: Path, data: bytes) -> None:
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
