"""The database key, wrapped once per staff account and once for the recovery key.

A random 256-bit key opens the database (SQLCipher, raw key). It is never stored in clear: each
staff account has a slot holding it encrypted with AES-GCM under a key derived from that person's
password with Argon2id, and one more slot holds it under the recovery key printed at set-up.
Logging in *is* unwrapping a slot: there is no password hash to compare. The slots live in
`soglia.keys` beside the database, because they must be read before the database can be opened;
the file holds staff usernames and failure counts, never anything about the people served.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder

FORMAT = 1
RECOVERY_SLOT = "recovery"
_USER_PREFIX = "user:"
_SALT_BYTES = 16
_NONCE_BYTES = 12
RECOVERY_KEY_BYTES = 20  # 160 bits, written as 32 base-32 characters in groups of four
RECOVERY_GROUP = 4


class WrongSecret(Exception):  # noqa: N818 - the name says what happened, not that it is bad
    """The password or recovery key does not open this slot, or there is no such slot."""


class KeyStoreError(Exception):
    """`soglia.keys` is missing, damaged or not written by Soglia."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id costs; argon2-cffi's defaults (reliability.md: about 150 ms here)."""

    time_cost: int = 3
    memory_cost: int = 65536  # KiB
    parallelism: int = 4


@dataclass(frozen=True)
class Slot:
    salt: bytes
    nonce: bytes
    wrapped: bytes
    kdf: KdfParams


@dataclass
class Failures:
    """Failed logins of one account since its last success, and until when it is locked."""

    count: int = 0
    locked_until: dt.datetime | None = None


def user_slot(username: str) -> str:
    return _USER_PREFIX + username


# argon2 and cryptography are imported where used: the keys file is read (and the login window
# shown) before anyone types a password.


def wrap(key: bytes, secret: str, slot_id: str, kdf: KdfParams | None = None) -> Slot:
    """`key` encrypted under `secret`; the slot's id is authenticated too, so slots cannot be
    swapped between accounts."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kdf = kdf or KdfParams()
    salt = secrets.token_bytes(_SALT_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    wrapped = AESGCM(_derive(secret, salt, kdf)).encrypt(nonce, key, slot_id.encode())
    return Slot(salt, nonce, wrapped, kdf)


def unwrap(slot: Slot, secret: str, slot_id: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(_derive(secret, slot.salt, slot.kdf)).decrypt(
            slot.nonce, slot.wrapped, slot_id.encode()
        )
    except InvalidTag:
        raise WrongSecret from None


def _derive(secret: str, salt: bytes, kdf: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=kdf.time_cost,
        memory_cost=kdf.memory_cost,
        parallelism=kdf.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def new_recovery_key() -> str:
    """A random recovery key as it is printed: `ABCD-EFGH-...` (eight groups of four)."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_KEY_BYTES)).decode("ascii")
    return "-".join(raw[i : i + RECOVERY_GROUP] for i in range(0, len(raw), RECOVERY_GROUP))


def normal_recovery_key(typed: str) -> str:
    """The key as stored, from what a person types: case, spaces and dashes do not matter."""
    letters = "".join(ch for ch in typed.upper() if ch.isalnum())
    letters = letters.replace("0", "O").replace("1", "I").replace("8", "B")  # not in base 32
    groups = (letters[i : i + RECOVERY_GROUP] for i in range(0, len(letters), RECOVERY_GROUP))
    return "-".join(groups)


@dataclass
class KeyStore:
    """The slots file of one data folder, read whole and written whole (atomically)."""

    path: Path
    slots: dict[str, Slot] = field(default_factory=dict)
    failures: dict[str, Failures] = field(default_factory=dict)
    pending_events: list[dict[str, str]] = field(default_factory=list)
    kdf: KdfParams = field(default_factory=KdfParams)  # for slots written from now on
    demo: bool = False  # a demo clinic: the login window may say how to log in

    @classmethod
    def load(cls, path: Path) -> KeyStore:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise KeyStoreError("unknown format")
            return cls(
                path,
                {name: _slot(raw) for name, raw in data["slots"].items()},
                {name: _failures(raw) for name, raw in data.get("failures", {}).items()},
                list(data.get("pending_events", [])),
                demo=bool(data.get("demo", False)),
            )
        except FileNotFoundError:
            raise KeyStoreError("missing") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeyStoreError(type(exc).__name__) from None

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "slots": {name: _slot_json(slot) for name, slot in self.slots.items()},
            "failures": {name: _failures_json(f) for name, f in self.failures.items()},
            "pending_events": self.pending_events,
            "demo": self.demo,
        }
        _write_private(self.path, json.dumps(data, indent=1, sort_keys=True))

    def usernames(self) -> Iterator[str]:
        for name in self.slots:
            if name.startswith(_USER_PREFIX):
                yield name.removeprefix(_USER_PREFIX)

    def has_user(self, username: str) -> bool:
        return user_slot(username) in self.slots

    def open_with_password(self, username: str, password: str) -> bytes:
        slot = self.slots.get(user_slot(username))
        if slot is None:
            _derive(password, bytes(_SALT_BYTES), KdfParams())  # the same time as a real try
            raise WrongSecret
        return unwrap(slot, password, user_slot(username))

    def open_with_recovery_key(self, recovery_key: str) -> bytes:
        slot = self.slots.get(RECOVERY_SLOT)
        if slot is None:
            raise WrongSecret
        return unwrap(slot, normal_recovery_key(recovery_key), RECOVERY_SLOT)

    def set_password(self, username: str, key: bytes, password: str) -> None:
        self.slots[user_slot(username)] = wrap(key, password, user_slot(username), self.kdf)

    def set_recovery_key(self, key: bytes, recovery_key: str) -> None:
        secret = normal_recovery_key(recovery_key)
        self.slots[RECOVERY_SLOT] = wrap(key, secret, RECOVERY_SLOT, self.kdf)

    def remove_user(self, username: str) -> None:
        self.slots.pop(user_slot(username), None)
        self.clear_failures(username)

    # Failed logins are kept by a hash of the name typed: a person's name typed by mistake in
    # the user-name field must not stay in this unencrypted file.

    def failures_of(self, username: str) -> Failures | None:
        return self.failures.get(_name_hash(username))

    def set_failures(self, username: str, failures: Failures) -> None:
        self.failures[_name_hash(username)] = failures

    def clear_failures(self, username: str) -> bool:
        return self.failures.pop(_name_hash(username), None) is not None


def _name_hash(username: str) -> str:
    return hashlib.sha256(b"soglia-login\0" + username.encode("utf-8")).hexdigest()


def _slot(raw: dict[str, Any]) -> Slot:
    return Slot(
        base64.b64decode(raw["salt"]),
        base64.b64decode(raw["nonce"]),
        base64.b64decode(raw["wrapped"]),
        KdfParams(**raw["kdf"]),
    )


def _slot_json(slot: Slot) -> dict[str, Any]:
    return {
        "salt": base64.b64encode(slot.salt).decode("ascii"),
        "nonce": base64.b64encode(slot.nonce).decode("ascii"),
        "wrapped": base64.b64encode(slot.wrapped).decode("ascii"),
        "kdf": asdict(slot.kdf),
    }


def _failures(raw: dict[str, Any]) -> Failures:
    until = raw.get("locked_until")
    return Failures(int(raw["count"]), dt.datetime.fromisoformat(until) if until else None)


def _failures_json(failures: Failures) -> dict[str, Any]:
    until = failures.locked_until
    return {"count": failures.count, "locked_until": until.isoformat() if until else None}


def _write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable by its owner only."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_key_store(folder: DataFolder) -> KeyStore:
    """The folder's keys file; a missing or damaged one is a known failure to explain."""
    try:
        return KeyStore.load(folder.keys)
    except KeyStoreError as exc:
        raise DatabaseOpenError(OpenFailure.KEY_FILE, str(exc)) from None
