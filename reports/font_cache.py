"""Faces kept in the user's cache folder (`clinic.common.cache_folder`), whole or not at all.

A face is cut once per user and per version of the font package (`reports.typeface`), then read
back by every later session. Two sessions may cut the same face at once, and a machine may stop
mid-write: a face is written to a temporary file beside its place and renamed into it, so a
reader finds the old file, the new one or none, and a face whose checksum does not add up (a
disk error, a copy cut short) is treated as missing and cut again.
"""

from __future__ import annotations

import array
import sys
from pathlib import Path

# Every TrueType file, read as big-endian 32-bit words, adds up to this (the OpenType `head`
# table's checkSumAdjustment is chosen so that it does): a cut-short or altered file does not.
_TRUETYPE_SUM = 0xB1B0AFBA
_WORD = next(code for code in "IL" if array.array(code).itemsize == 4)


def read_face(path: Path) -> bytes | None:
    """The TrueType face kept at `path`, or None when it is missing, unreadable or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if truetype_sum(data) == _TRUETYPE_SUM else None


def truetype_sum(data: bytes) -> int:
    """The OpenType checksum of a whole file: its big-endian 32-bit words added, modulo 2³²."""
    words = array.array(_WORD)
    words.frombytes(data + bytes(-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF
