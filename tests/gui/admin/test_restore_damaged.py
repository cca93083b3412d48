"""A database that cannot be read is restored from the message at start-up (reliability.md
scenario 5): the login finds the damage before writing anything, the message offers the
backups, a coordinator of the time of the backup unlocks one with their password, and the
desk then logs in to the data of the backup. The damaged file is kept beside it, unchanged."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import text

from clinic.backups.backing_up import back_up
from clinic.common.clock import Clock
from clinic.i18n.translator import translator
from clinic.staff.accounts import SetUp
from clinic.staff.opening import open_as, set_up
from db.errors import DatabaseOpenError
from db.folder import DataFolder
from db.keyslots import KeyStore, new_recovery_key
from db.models.registry import Person
from tests.conftest import NOW
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.admin.restore_dialog import RestoreDialog
from ui.app import enter, offer_restore
from ui.login.login_dialog import LoginDialog

T = translator("en")
PAGE = 4096


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key slots with cheap Argon2 costs: the real costs are measured by the benchmark."""
    monkeypatch.setattr("clinic.staff.opening.KeyStore", lambda path: KeyStore(path, kdf=FAST))


def _person(code: str) -> Person:
    return Person(
        code=code,
        gender="woman",
        engagement="not_stated",
        first_contact=NOW.date(),
        contact_channel="self",
        created_at=NOW,
        updated_at=NOW,
    )


@pytest.fixture
def damaged(data_folder: DataFolder, clock: Clock) -> bytes:
    """A clinic with a backup holding BACKED-UP, one more person saved after it, then a flipped
    byte in the last page of the database (not the first: the key still opens the file).
    Returns the damaged file's content."""
    set_up(
        data_folder,
        SetUp("Casa", "Europe/Rome", "en", "anna", "Anna", STRONG),
        new_recovery_key(),
        clock,
    ).close()
    opened = open_as(data_folder, "anna", STRONG, clock)
    with opened.database.write() as session:
        session.add(_person("BACKED-UP"))
    back_up(opened.database, opened.login.actor, clock, opened.key, data_folder)
    with opened.database.write() as session:
        session.add(_person("AFTER"))
    opened.close()
    content = bytearray(data_folder.database.read_bytes())
    content[-PAGE // 2] ^= 0x08
    data_folder.database.write_bytes(bytes(content))
    return bytes(content)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _log_in(qtbot, password: str = STRONG) -> Callable[[LoginDialog], None]:
    def act(dialog: LoginDialog) -> None:
        qtbot.keyClicks(dialog.username, "anna")
        qtbot.keyClicks(dialog.password, password)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    return act


def _click(box: QMessageBox, label: str) -> None:
    [button] = [b for b in box.findChildren(QPushButton) if b.text() == label]
    button.click()


def _opening_fails(qtbot, data_folder, clock, ui_settings, on_next_dialog) -> DatabaseOpenError:
    on_next_dialog(_log_in(qtbot))
    with pytest.raises(DatabaseOpenError) as caught:
        enter(data_folder, T, clock, ui_settings)
    return caught.value


def test_a_damaged_database_is_restored_from_the_message_and_the_desk_then_logs_in(
    qtbot, data_folder, clock, damaged, ui_settings, on_next_dialog
):
    failure = _opening_fails(qtbot, data_folder, clock, ui_settings, on_next_dialog)
    assert data_folder.database.read_bytes() == damaged  # the login wrote nothing
    seen: dict[str, object] = {}

    def restore_dialog(dialog: RestoreDialog) -> None:
        seen["backups"] = [dialog.model.row(n).path.name for n in range(dialog.model.rowCount())]
        on_next_dialog(lambda box: (seen.setdefault("told", box.text()), box.accept()))
        qtbot.keyClicks(dialog.username, "anna")
        qtbot.keyClicks(dialog.password, STRONG)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    def message(box: QMessageBox) -> None:
        seen["message"] = box.text()
        on_next_dialog(restore_dialog)
        _click(box, "&Restore a backup...")

    on_next_dialog(message)
    assert offer_restore(data_folder, failure, T, clock, ui_settings)
    assert str(seen["message"]).startswith("Soglia cannot read the database in ")
    assert seen["backups"] == ["soglia-20260310-093000Z.db"]
    assert seen["told"] == (
        "The backup is in place. The damaged database is kept beside it as "
        "soglia.db.damaged-20260310-093000Z. Log in to go on."
    )
    kept = data_folder.root / "soglia.db.damaged-20260310-093000Z"
    assert _digest(kept.read_bytes()) == _digest(damaged)

    on_next_dialog(_log_in(qtbot))
    opened = enter(data_folder, T, clock, ui_settings)
    assert opened is not None
    try:
        with opened.database.read() as session:
            codes = session.execute(text("SELECT code FROM person")).scalars().all()
    finally:
        opened.close()
    assert codes == ["BACKED-UP"]


def test_a_wrong_password_restores_nothing_and_says_so_under_the_password(
    qtbot, data_folder, clock, damaged, ui_settings, on_next_dialog
):
    failure = _opening_fails(qtbot, data_folder, clock, ui_settings, on_next_dialog)
    seen: list[str] = []

    def restore_dialog(dialog: RestoreDialog) -> None:
        qtbot.keyClicks(dialog.username, "anna")
        qtbot.keyClicks(dialog.password, "not the password")
        dialog.restore_button.click()
        qtbot.waitUntil(lambda: dialog.waiting.job is None, timeout=60_000)
        seen.append(dialog.rows["password"].error.text())
        seen.append(f"{dialog.username.text()}|{dialog.password.text()}")
        on_next_dialog(lambda box: (seen.append(box.text()[:31]), _click(box, "&Quit")))
        dialog.reject()

    def message(box: QMessageBox) -> None:
        on_next_dialog(restore_dialog)
        _click(box, "&Restore a backup...")

    on_next_dialog(message)
    assert not offer_restore(data_folder, failure, T, clock, ui_settings)
    assert seen == [
        "Wrong user name or password.",
        "anna|",
        "Soglia cannot read the database",  # back at the message, then quit
    ]
    assert data_folder.database.read_bytes() == damaged
    assert not list(data_folder.root.glob("soglia.db.*-*"))
