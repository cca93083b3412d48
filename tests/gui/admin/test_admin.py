"""The coordinator's administration page: accounts, the audit trail and backups, by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from clinic.backups.backing_up import list_backups
from clinic.staff.accounts import unlock_key
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from db.keyslots import KeyStore
from db.models.staff import Staff
from tests.conftest import NOW
from tests.gui.conftest import finish, press, press_save
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.admin.staff_tab import NewAccountDialog
from ui.main_window import AFTER_RESTORE


@pytest.fixture
def admin_window(make_window, data_folder, key):
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("desk-admin", key, STRONG)
    store.save()
    window = make_window(Role.ADMIN, keys=KeyAccess(store, key))
    window.show_page(window.admin_page)
    return window


def _answer(box, text: str) -> None:
    assert isinstance(box, QMessageBox)
    [button] = [b for b in box.buttons() if b.text() == text]
    button.click()


def _select(staff, username: str) -> None:
    row = next(r for r in range(staff.model.rowCount()) if staff.model.row(r).username == username)
    staff.view.selectRow(staff.proxy.mapFromSource(staff.model.index(row, 0)).row())


def test_only_the_coordinator_has_the_administration_page(make_window, admin_window):
    assert admin_window.admin_page is not None
    assert admin_window.stack.currentWidget() is admin_window.admin_page
    assert make_window(Role.NURSE).admin_page is None


def test_a_new_account_is_refused_field_by_field_then_logs_in(
    qtbot, admin_window, key, on_next_dialog
):
    staff = admin_window.admin_page.staff
    seen: list[str] = []

    def fill(dialog) -> None:
        assert isinstance(dialog, NewAccountDialog)
        qtbot.keyClicks(dialog.username, "bea")
        qtbot.keyClicks(dialog.display_name, "B" * 90)
        seen.append(dialog.display_name.text())  # stops at clinic.staff.accounts.DISPLAY_NAME_MAX
        dialog.display_name.clear()
        qtbot.keyClicks(dialog.display_name, "Bea T.")
        dialog.role.setCurrentIndex(dialog.role.findData("nurse"))
        qtbot.keyClicks(dialog.password, "bea12345")
        press_save(qtbot, dialog)
        seen.append(dialog.rows["password"].error.text())
        seen.append(dialog.username.text())
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, STRONG)
        press_save(qtbot, dialog)

    on_next_dialog(fill)
    press(staff, "&New account...")
    assert seen[0] == "B" * 80
    assert seen[1] == "Too short: at least 10 characters."
    assert seen[2] == "bea"
    usernames = [staff.model.row(r).username for r in range(staff.model.rowCount())]
    assert "bea" in usernames
    store = KeyStore.load(admin_window.ctx.keys.store.path)
    assert unlock_key(store, "bea", STRONG, NOW) == key


def test_the_last_coordinator_cannot_be_deactivated(qtbot, admin_window, on_next_dialog):
    staff = admin_window.admin_page.staff
    _select(staff, "desk-admin")
    told: list[str] = []

    def refused(box) -> None:
        told.append(box.text())
        box.accept()

    def confirm(box) -> None:
        on_next_dialog(refused)
        _answer(box, "Deactivate")

    on_next_dialog(confirm)
    press(staff, "&Deactivate...")
    qtbot.waitUntil(lambda: bool(told))
    assert told[0].startswith("This is the last active coordinator account")


def _trained_column(staff, username: str) -> str:
    column = next(
        c
        for c in range(staff.model.columnCount())
        if staff.model.headerData(c, Qt.Orientation.Horizontal) == "Identification interviews"
    )
    row = next(r for r in range(staff.model.rowCount()) if staff.model.row(r).username == username)
    return staff.model.text(row, column)


def test_the_coordinator_marks_who_is_trained_for_identification_interviews(
    qtbot, admin_window, database, on_next_dialog
):
    staff = admin_window.admin_page.staff
    assert _trained_column(staff, "desk-social") == "Trained"
    _select(staff, "desk-social")
    asked: list[str] = []

    def remove(box) -> None:
        asked.append(box.text())
        _answer(box, "Remove the mark")

    on_next_dialog(remove)
    press(staff, "Identification &interviews...")
    qtbot.waitUntil(lambda: _trained_column(staff, "desk-social") == "")
    assert asked == [
        "Desk (social) will no longer record identification interviews, from their next login. "
        "The interviews they recorded stay as they are."
    ]
    with database.read() as session:
        assert (
            session.scalar(select(Staff.interviewer).where(Staff.username == "desk-social"))
            is False
        )

    _select(staff, "desk-nurse")
    told: list[str] = []

    def refused(box) -> None:
        told.append(box.text())
        box.accept()

    def mark(box) -> None:
        on_next_dialog(refused)
        _answer(box, "Mark as trained")

    on_next_dialog(mark)
    press(staff, "Identification &interviews...")
    qtbot.waitUntil(lambda: bool(told))
    assert told[0].startswith("Identification interviews are recorded by social workers")
    assert _trained_column(staff, "desk-nurse") == ""


def test_the_audit_trail_is_filtered_checked_and_exported(
    qtbot, admin_window, tmp_path, on_next_dialog
):
    audit = admin_window.admin_page.audit
    audit.since.setText("31/02/2026")
    assert audit.show_rows() is None
    assert audit.rows["since"].error.text() == "This date does not exist."
    audit.since.setText("10/03/2026")
    finish(qtbot, audit.show_rows())
    assert audit.rows["since"].error.text() == ""
    finish(qtbot, audit.check())
    assert audit.chain.text() == "The audit trail is intact: 0 rows, each as it was written."
    target = tmp_path / "audit.csv"
    told: list[str] = []
    on_next_dialog(lambda box: (told.append(box.text()), box.accept()))
    finish(qtbot, audit.export_to(target, audit.filters()))
    qtbot.waitUntil(lambda: bool(told))
    assert told == [f"Saved in {target}."]
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("id,at_utc,username,role,action")
    finish(qtbot, audit.show_rows())
    assert audit.model.rowCount() >= 1
    assert audit.model.index(0, 2).data() == "Audit trail exported"


def test_a_backup_is_made_in_the_background_and_a_restore_closes_the_session(
    qtbot, admin_window, data_folder, on_next_dialog
):
    backups = admin_window.admin_page.backups
    job = backups.back_up_now()
    assert job is not None
    finish(qtbot, job)
    assert backups.model.rowCount() == 1 == len(list_backups(data_folder.backups))
    backups.view.selectRow(0)
    on_next_dialog(lambda box: _answer(box, "Restore"))
    qtbot.mouseClick(backups.restore_button, Qt.MouseButton.LeftButton)
    assert admin_window.after_close == AFTER_RESTORE
    assert admin_window.backup_to_restore == backups.model.row(0)
    assert not admin_window.isVisible()
