"""The coordinator sees rows cut from the end of the audit trail: on the administration page's
chain check, and in a message at login when Soglia found and wrote down a break."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import text

from clinic.audit.anchor import anchor_key, folder_anchor, write_anchor
from clinic.audit.trail import last_row
from clinic.i18n.translator import translator
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.accounts import SetUp
from clinic.staff.management import KeyAccess
from clinic.staff.opening import open_as, set_up
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.keyslots import KeyStore, new_recovery_key
from tests.conftest import NOW
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.app import enter
from ui.login.login_dialog import LoginDialog


def _ten_rows(database, clock, reception) -> None:
    record = validate_person(PersonForm(alias="Maria", birth="1990"), "it_IT", NOW.date())
    with database.write() as session:
        for n in range(10):
            register_person(session, reception, clock, record, f"CODE{n}")


def _admin_window(make_window, data_folder, key):
    window = make_window(Role.ADMIN, keys=KeyAccess(KeyStore(data_folder.keys, kdf=FAST), key))
    window.show_page(window.admin_page)
    return window


def _check_the_chain(qtbot, window) -> str:
    """Click "Check the chain" as the coordinator does; the words shown once it is done."""
    audit = window.admin_page.audit
    window.admin_page.tabs.setCurrentWidget(audit)
    [button] = [b for b in audit.findChildren(QPushButton) if b.text() == "Check the &chain"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Checking" not in audit.chain.text(), timeout=30_000)
    return audit.chain.text()


@pytest.mark.parametrize("head", [True, False], ids=["head kept", "head deleted"])
def test_the_chain_check_names_the_rows_cut_from_the_end(
    qtbot, make_window, database, data_folder, key, clock, actors, head
):
    _ten_rows(database, clock, actors[Role.RECEPTION])
    with database.read() as session:  # what the desk's last commit wrote beside the keys
        write_anchor(folder_anchor(data_folder), last_row(session), anchor_key(key), NOW)
    window = _admin_window(make_window, data_folder, key)
    with database.write() as session:  # someone with the key, while the desk is open
        session.execute(text("DELETE FROM audit_event WHERE id > 5"))
        if not head:
            session.execute(text("DELETE FROM setting WHERE key = 'audit_head'"))
    shown = _check_the_chain(qtbot, window).splitlines()
    assert shown[0] == "The audit trail does not hold. Keep this database as it is."
    cut = "The last 5 rows are missing: rows 6–10 were recorded, the trail ends at row 5."
    if head:
        assert shown[1:] == [cut]
    else:  # the head is gone too: the anchor beside the keys tells
        assert shown[1:] == [
            f"{cut} This is known from soglia.audit-anchor, kept outside the database."
        ]


def test_an_intact_chain_says_how_many_rows_were_checked(
    qtbot, make_window, database, data_folder, key, clock, actors
):
    _ten_rows(database, clock, actors[Role.RECEPTION])
    window = _admin_window(make_window, data_folder, key)
    assert _check_the_chain(qtbot, window) == (
        "The audit trail is intact: 10 rows, each as it was written."
    )


def test_a_coordinator_is_told_at_login_of_the_rows_cut_since(
    qtbot, data_folder, clock, ui_settings, on_next_dialog, monkeypatch
):
    monkeypatch.setattr("clinic.staff.opening.KeyStore", lambda path: KeyStore(path, kdf=FAST))
    setup = SetUp("Casa", "Europe/Rome", "en", "anna", "Anna", STRONG)
    set_up(data_folder, setup, new_recovery_key(), clock).close()
    opened = open_as(data_folder, "anna", STRONG, clock)  # rows 1-3: set-up, two logins
    opened.close()
    cutting = Database.open(data_folder.database, opened.key)
    with cutting.write() as session:
        session.execute(text("DELETE FROM audit_event WHERE id > 1"))
    cutting.dispose()
    told: list[str] = []

    def warned(box) -> None:
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.accept()

    def login(dialog) -> None:
        assert isinstance(dialog, LoginDialog)
        qtbot.keyClicks(dialog.username, "anna")
        qtbot.keyClicks(dialog.password, STRONG)
        on_next_dialog(warned)
        dialog.login_button.click()

    on_next_dialog(login)
    entered = enter(data_folder, translator("en"), clock, ui_settings)
    assert entered is not None
    entered.close()
    assert told[0].split("\n\n") == [
        "Soglia found the audit trail broken and wrote it down in the trail itself:",
        "The last 2 rows had been deleted: rows 2–3 were recorded, the trail ended at row 1. "
        "Soglia found this on 10/03/2026, 10:30 and wrote it down in row 4.",
        "Keep this database as it is. Administration, Audit trail, Check the chain shows the "
        "state of the whole trail.",
    ]
