"""The data folder: one Soglia at a time, a clear refusal when it cannot be written to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import db.folder
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder, FolderState, InstanceLock, prepare
from db.keys import new_key
from db.opening import create_database

ROOT = Path(__file__).resolve().parents[3]


def test_a_second_lock_on_the_same_folder_is_refused(data_folder: DataFolder) -> None:
    first = InstanceLock(data_folder)
    first.acquire()
    try:
        with pytest.raises(DatabaseOpenError) as caught:
            InstanceLock(data_folder).acquire()
        assert caught.value.failure is OpenFailure.IN_USE
    finally:
        first.release()
    again = InstanceLock(data_folder)
    again.acquire()
    again.release()


def test_a_second_process_is_refused_with_a_clear_message(data_folder: DataFolder) -> None:
    from main import open_failure_message

    lock = InstanceLock(data_folder)
    lock.acquire()
    try:
        finished = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "check", "--data-dir", str(data_folder.root)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        lock.release()
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert open_failure_message(OpenFailure.IN_USE, folder=data_folder.root) in finished.stderr


def test_a_read_only_database_is_refused_before_anything_is_opened(
    data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, _ = create_database(data_folder, new_key())
    database.dispose()
    real_access = os.access

    def access(path: os.PathLike[str] | str, mode: int) -> bool:
        return Path(path) != data_folder.database and real_access(path, mode)

    monkeypatch.setattr(db.folder.os, "access", access)  # as root, chmod would not do
    with pytest.raises(DatabaseOpenError) as caught:
        prepare(data_folder.root)
    assert caught.value.failure is OpenFailure.READ_ONLY


def test_a_folder_that_cannot_be_made_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(DatabaseOpenError) as caught:
        prepare(tmp_path / "file" / "data")
    assert caught.value.failure is OpenFailure.READ_ONLY


def test_the_state_of_a_folder_says_what_start_up_must_do(data_folder: DataFolder) -> None:
    assert data_folder.state() is FolderState.NEW
    database, result = create_database(data_folder, new_key())
    database.dispose()
    assert result.from_revision is None
    assert data_folder.state() is FolderState.LEGACY  # a database, but no key slots yet
    data_folder.keys.write_text("{}", encoding="utf-8")
    assert data_folder.state() is FolderState.READY


def test_a_new_database_is_never_made_over_an_existing_one(data_folder: DataFolder) -> None:
    data_folder.database.write_bytes(b"someone's data")
    with pytest.raises(DatabaseOpenError):
        create_database(data_folder, new_key())
    assert data_folder.database.read_bytes() == b"someone's data"
