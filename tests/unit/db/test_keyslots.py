"""Key slots: the database key opens only with the right password or recovery key, per account."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from db.keyslots import (
    KdfParams,
    KeyStore,
    KeyStoreError,
    WrongSecret,
    new_recovery_key,
    normal_recovery_key,
    unwrap,
    user_slot,
    wrap,
)

FAST = KdfParams(time_cost=1, memory_cost=1024, parallelism=1)  # the real cost is measured apart
KEY = bytes(range(32))


def _store(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path / "soglia.keys", kdf=FAST)


def test_a_slot_opens_with_its_secret_only() -> None:
    slot = wrap(KEY, "correct horse", "user:anna", FAST)
    assert unwrap(slot, "correct horse", "user:anna") == KEY
    with pytest.raises(WrongSecret):
        unwrap(slot, "correct hors", "user:anna")
    with pytest.raises(WrongSecret):  # a slot moved to another account does not open
        unwrap(slot, "correct horse", "user:bruno")


def test_the_real_costs_are_argon2ids_defaults() -> None:
    slot = wrap(KEY, "pw", "user:anna")
    assert slot.kdf == KdfParams(time_cost=3, memory_cost=65536, parallelism=4)
    assert unwrap(slot, "pw", "user:anna") == KEY


def test_accounts_and_the_recovery_key_survive_a_reload(tmp_path: Path) -> None:
    store = _store(tmp_path)
    recovery = new_recovery_key()
    store.set_password("anna", KEY, "anna's password")
    store.set_recovery_key(KEY, recovery)
    store.save()
    again = KeyStore.load(store.path)
    assert again.open_with_password("anna", "anna's password") == KEY
    assert again.open_with_recovery_key(recovery.lower().replace("-", " ")) == KEY
    assert list(again.usernames()) == ["anna"]


def test_an_unknown_user_and_a_wrong_password_fail_alike(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.set_password("anna", KEY, "pw")
    with pytest.raises(WrongSecret):
        store.open_with_password("nobody", "pw")
    with pytest.raises(WrongSecret):
        store.open_with_password("anna", "wrong")


def test_a_removed_account_no_longer_opens_the_database(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.set_password("anna", KEY, "pw")
    store.remove_user("anna")
    with pytest.raises(WrongSecret):
        store.open_with_password("anna", "pw")


def test_the_file_holds_no_key_and_only_its_owner_reads_it(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.set_password("anna", KEY, "Zebra-Quokka-91")
    store.save()
    content = store.path.read_bytes()
    assert KEY not in content
    assert KEY.hex().encode() not in content
    assert b"Zebra-Quokka-91" not in content
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


@pytest.mark.parametrize("content", ["", "{}", "not json", json.dumps({"format": 99, "slots": {}})])
def test_a_damaged_file_is_a_known_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "soglia.keys"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KeyStoreError):
        KeyStore.load(path)


def test_a_missing_file_is_a_known_error(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError):
        KeyStore.load(tmp_path / "soglia.keys")


def test_recovery_keys_are_random_and_forgive_typing() -> None:
    key = new_recovery_key()
    assert len(key) == 39
    assert key.count("-") == 7
    assert new_recovery_key() != key
    assert normal_recovery_key(key.lower().replace("-", "  ")) == key
    assert normal_recovery_key("abcd efgh") == "ABCD-EFGH"


def test_slot_names_separate_users_from_the_recovery_slot() -> None:
    assert user_slot("recovery") != "recovery"
