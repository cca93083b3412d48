"""Before the desk: the set-up wizard, the login window, its lock, the recovery key and the
password one must choose, driven as a person would."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWizard

from clinic.common.clock import Clock
from clinic.i18n.translator import translator
from clinic.staff.accounts import SetUp
from clinic.staff.opening import open_as, set_up
from db.folder import DataFolder, FolderState
from db.keyslots import KeyStore, load_key_store, new_recovery_key
from tests.gui.conftest import activate, press_accept, waited
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.app import enter
from ui.login.login_dialog import LoginDialog
from ui.login.password_dialog import PasswordDialog
from ui.login.recovery_dialog import RecoveryDialog
from ui.login.setup_wizard import CHECKED_GROUPS, SetupWizard

OTHER = "Walrus-Compass-41-Meadow"
T = translator("en")


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key slots with cheap Argon2 costs: the real costs are measured by the benchmark."""
    monkeypatch.setattr("clinic.staff.opening.KeyStore", lambda path: KeyStore(path, kdf=FAST))


@pytest.fixture
def ready(data_folder: DataFolder, clock: Clock) -> str:
    """A set-up clinic; returns its recovery key."""
    recovery = new_recovery_key()
    set_up(
        data_folder, SetUp("Casa", "Europe/Rome", "en", "anna", "Anna", STRONG), recovery, clock
    ).close()
    return recovery


# Set-up ----------------------------------------------------------------------------------------


def _fill_wizard(qtbot, wizard: SetupWizard, password: str = STRONG) -> None:
    qtbot.keyClicks(wizard.clinic_page.name, "Casa Aperta")
    wizard.clinic_page.time_zone.setCurrentText("Europe/Rome")
    wizard.next()
    page = wizard.account_page
    qtbot.keyClicks(page.username, "anna")
    qtbot.keyClicks(page.display_name, "Anna R.")
    qtbot.keyClicks(page.password, password)
    qtbot.keyClicks(page.password_again, password)
    wizard.next()


def test_the_wizard_sets_up_the_clinic_after_the_recovery_key_is_typed_back(
    qtbot, data_folder, clock
):
    wizard = SetupWizard(data_folder, T, clock)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_wizard(qtbot, wizard)
    assert wizard.currentPage() is wizard.key_page
    shown = wizard.key_page.key.text()
    assert shown == wizard.recovery_key
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # until noted
    wizard.key_page.noted.setChecked(True)
    wizard.next()
    groups = shown.split("-")
    page = wizard.check_page
    qtbot.keyClicks(page.group_a, "WRONG")
    qtbot.keyClicks(page.group_b, groups[CHECKED_GROUPS[1] - 1].lower())
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert page.rows["group_a"].error.text() == "This is not that group of the key."
    assert data_folder.state() is FolderState.NEW  # nothing made yet
    page.group_a.clear()
    qtbot.keyClicks(page.group_a, groups[CHECKED_GROUPS[0] - 1])
    wizard.button(QWizard.WizardButton.FinishButton).click()
    waited(qtbot, page)
    assert wizard.opened is not None
    assert wizard.opened.login.username == "anna"
    wizard.opened.close()
    assert data_folder.state() is FolderState.READY
    open_as(data_folder, "anna", STRONG, clock).close()


def test_the_recovery_key_can_be_saved_as_a_pdf_that_holds_it(
    qtbot, data_folder, clock, tmp_path, monkeypatch
):
    import io
    import re

    from pypdf import PdfReader

    asked: list[str] = []
    target = tmp_path / "usb" / "chosen.pdf"
    target.parent.mkdir()

    def choose_file(parent, caption, suggested, filters):
        asked.append(Path(suggested).name)
        return str(target), filters

    monkeypatch.setattr("ui.login.recovery_key_output.QFileDialog.getSaveFileName", choose_file)
    wizard = SetupWizard(data_folder, T, clock)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_wizard(qtbot, wizard)
    page = wizard.key_page
    with qtbot.waitSignal(page.saved, timeout=30_000):  # the first PDF loads the fonts
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["soglia-recovery-key-casa-aperta-2026-03-10.pdf"]
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    assert "-".join(re.findall(r"\b[A-Z2-7]{4}\b", text)) == wizard.recovery_key
    assert str(target) in page.saved_note.text()
    assert page.saved_note.isVisible()
    assert data_folder.state() is FolderState.NEW  # saving the key made nothing else


def test_a_weak_password_is_explained_in_the_wizard_and_nothing_is_made(qtbot, data_folder, clock):
    wizard = SetupWizard(data_folder, T, clock)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_wizard(qtbot, wizard, password="password1")
    assert wizard.currentPage() is wizard.account_page
    assert wizard.account_page.rows["password"].error.text().startswith("Too short")
    assert wizard.account_page.username.text() == "anna"  # what was typed stays
    assert data_folder.state() is FolderState.NEW


# Login -----------------------------------------------------------------------------------------


def test_a_wrong_password_gets_one_message_and_the_name_stays(qtbot, data_folder, clock, ready):
    dialog = LoginDialog(data_folder, T, clock, "anna")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "not it")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    waited(qtbot, dialog)
    assert dialog.password_row.error.text() == "Wrong user name or password."
    assert (dialog.username.text(), dialog.password.text()) == ("anna", "")
    assert dialog.opened is None


def test_the_fifth_wrong_password_locks_the_account_and_says_until_when(
    qtbot, data_folder, clock, ready
):
    dialog = LoginDialog(data_folder, T, clock, "anna")
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt in range(5):
        qtbot.keyClicks(dialog.password, f"wrong {attempt}")
        dialog.login_button.click()
        waited(qtbot, dialog)
    qtbot.keyClicks(dialog.password, STRONG)  # even the right one, while locked
    dialog.login_button.click()
    waited(qtbot, dialog)
    message = dialog.password_row.error.text()
    assert message.startswith("Too many wrong passwords: this account is locked until ")
    assert dialog.opened is None


def test_the_right_password_opens_the_clinic(qtbot, data_folder, clock, ready):
    dialog = LoginDialog(data_folder, T, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.username.hasFocus() or dialog.focusWidget() is dialog.username
    qtbot.keyClicks(dialog.username, "Anna")
    qtbot.keyClicks(dialog.password, STRONG)
    dialog.login_button.click()
    waited(qtbot, dialog)
    assert dialog.opened is not None
    assert dialog.opened.login.display_name == "Anna"
    dialog.opened.close()


def _typed(qtbot, text: str) -> None:
    """Type where the cursor is, as a person does, not into a field the test picks."""
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _press(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def _add_account(data_folder, clock, username: str) -> None:
    from clinic.audit.transactions import writing
    from clinic.staff.management import KeyAccess, create_staff
    from clinic.staff.vocabulary import Role

    opened = open_as(data_folder, "anna", STRONG, clock)
    with writing(opened.database, clock) as session:
        keys = KeyAccess(opened.store, opened.key)
        create_staff(session, opened.login.actor, clock, keys, username, "Bea", Role.NURSE, OTHER)
    opened.close()


def _login_window(qtbot, data_folder, clock, last_user: str, language: str = "en") -> LoginDialog:
    dialog = LoginDialog(data_folder, translator(language), clock, last_user)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(dialog)
    return dialog


def test_the_next_person_types_their_name_over_the_last_one_not_into_the_password(
    qtbot, data_folder, clock, ready
):
    """The desk is shared: Bea logged in last, Anna comes next and types as she would."""
    _add_account(data_folder, clock, "bea")
    dialog = _login_window(qtbot, data_folder, clock, "bea")
    assert dialog.username.text() == "bea"  # the last user is still offered
    _typed(qtbot, "anna")
    _press(qtbot, Qt.Key.Key_Tab)
    _typed(qtbot, STRONG)
    _press(qtbot, Qt.Key.Key_Return)
    waited(qtbot, dialog)
    assert dialog.opened is not None
    assert dialog.opened.login.username == "anna"
    dialog.opened.close()
    # Bea was not charged with a wrong password (five of those lock her out).
    assert load_key_store(data_folder).failures_of("bea") is None


def test_after_a_wrong_password_and_a_click_on_log_in_enter_still_logs_in(
    qtbot, data_folder, clock, ready
):
    dialog = _login_window(qtbot, data_folder, clock, "anna")
    qtbot.mouseClick(dialog.password, Qt.MouseButton.LeftButton)
    _typed(qtbot, "not it")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    waited(qtbot, dialog)
    assert dialog.password_row.error.text() == "Wrong user name or password."
    assert dialog.password.hasFocus()
    _typed(qtbot, STRONG)
    _press(qtbot, Qt.Key.Key_Return)
    waited(qtbot, dialog)
    assert dialog.opened is not None
    dialog.opened.close()


def _fully_shown(row) -> bool:
    """The field at its full height and every line of the message under it in sight."""
    field, error = row.field, row.error
    return (
        field.height() >= field.sizeHint().height()
        and error.isVisible()
        and error.height() >= error.heightForWidth(error.width())
        and error.mapTo(row.window(), error.rect().bottomLeft()).y() <= row.window().height()
    )


def test_a_two_line_message_leaves_the_password_field_whole(qtbot, data_folder, clock, ready):
    dialog = _login_window(qtbot, data_folder, clock, "anna", language="it")
    _press(qtbot, Qt.Key.Key_Tab)
    for attempt in range(6):  # the fifth locks the account, the sixth is told so
        _typed(qtbot, f"sbagliata {attempt}")
        _press(qtbot, Qt.Key.Key_Return)
        waited(qtbot, dialog)
    message = dialog.password_row.error.text()
    assert message.startswith("Troppe password errate")  # long enough to take two lines
    qtbot.waitUntil(lambda: _fully_shown(dialog.password_row))


@pytest.fixture
def large_font(qapp):
    """A person who set their desktop's text larger (the wizard is then just tall enough)."""
    before = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(before.pointSizeF() * 1.3)
    qapp.setFont(bigger)
    yield
    qapp.setFont(before)


def test_messages_in_the_wizard_leave_its_fields_whole(qtbot, data_folder, clock, large_font):
    wizard = SetupWizard(data_folder, translator("it"), clock)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.clinic_page.name, "Casa Aperta")
    wizard.next()
    page = wizard.account_page
    qtbot.keyClicks(page.username, "a b")
    qtbot.keyClicks(page.password, "corta")
    qtbot.keyClicks(page.password_again, "un'altra")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: all(_fully_shown(row) for row in page.rows.values()))


def test_the_recovery_key_and_a_new_password_open_the_clinic(qtbot, data_folder, clock, ready):
    dialog = RecoveryDialog(data_folder, T, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.recovery_key, ready.lower().replace("-", " "))
    qtbot.keyClicks(dialog.username, "anna")
    qtbot.keyClicks(dialog.password, OTHER)
    qtbot.keyClicks(dialog.password_again, OTHER)
    dialog.recover()
    waited(qtbot, dialog)
    assert dialog.opened is not None
    dialog.opened.close()
    open_as(data_folder, "anna", OTHER, clock).close()  # the new password works


def test_a_wrong_recovery_key_is_explained_next_to_it(qtbot, data_folder, clock, ready):
    dialog = RecoveryDialog(data_folder, T, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.recovery_key, new_recovery_key())
    qtbot.keyClicks(dialog.username, "anna")
    qtbot.keyClicks(dialog.password, OTHER)
    qtbot.keyClicks(dialog.password_again, OTHER)
    dialog.recover()
    waited(qtbot, dialog)
    assert (
        dialog.rows["recovery_key"].error.text() == "This is not the recovery key of this clinic."
    )
    assert dialog.opened is None


def test_an_account_given_a_password_must_choose_its_own_before_the_desk(
    qtbot, data_folder, clock, ready, ui_settings, on_next_dialog
):
    from clinic.audit.transactions import writing
    from clinic.staff.management import KeyAccess, create_staff
    from clinic.staff.vocabulary import Role

    opened = open_as(data_folder, "anna", STRONG, clock)
    with writing(opened.database, clock) as session:
        create_staff(
            session,
            opened.login.actor,
            clock,
            KeyAccess(opened.store, opened.key),
            "bea",
            "Bea",
            Role.RECEPTION,
            STRONG,
        )
    opened.close()
    seen: list[str] = []

    def choose(dialog) -> None:
        assert isinstance(dialog, PasswordDialog)
        seen.append("password")
        qtbot.keyClicks(dialog.password, OTHER)
        qtbot.keyClicks(dialog.password_again, OTHER)
        press_accept(dialog)

    def login(dialog) -> None:
        assert isinstance(dialog, LoginDialog)
        seen.append("login")
        qtbot.keyClicks(dialog.username, "bea")
        qtbot.keyClicks(dialog.password, STRONG)
        on_next_dialog(choose)
        dialog.login_button.click()

    on_next_dialog(login)
    entered = enter(data_folder, T, clock, ui_settings)
    assert seen == ["login", "password"]
    assert entered is not None
    assert entered.login.username == "bea"
    entered.close()
    assert ui_settings.last_user() == "bea"
    open_as(data_folder, "bea", OTHER, clock).close()


def test_quitting_at_the_login_window_opens_nothing(
    qtbot, data_folder, clock, ready, ui_settings, on_next_dialog
):
    on_next_dialog(lambda dialog: dialog.reject())
    assert enter(data_folder, T, clock, ui_settings) is None


def test_a_new_folder_starts_with_the_wizard(
    qtbot, tmp_path: Path, clock, ui_settings, on_next_dialog
):
    from db.folder import prepare

    folder = prepare(tmp_path / "new")
    seen: list[object] = []
    on_next_dialog(lambda dialog: (seen.append(type(dialog)), dialog.reject()))
    assert enter(folder, T, clock, ui_settings) is None
    assert seen == [SetupWizard]
    assert folder.state() is FolderState.NEW


def test_a_restore_chosen_at_the_desk_is_put_in_place_and_audited(
    qtbot, data_folder, clock, ready, on_next_dialog
):
    from sqlalchemy import text

    from clinic.backups.backing_up import back_up
    from clinic.backups.restoring import grant_restore
    from clinic.registry.vocabulary import CodeScheme
    from clinic.settings.configuration import ClinicSettings
    from db.models.registry import Person
    from tests.conftest import NOW
    from ui.app import _restore
    from ui.context import DeskContext

    opened = open_as(data_folder, "anna", STRONG, clock)
    made = back_up(opened.database, opened.login.actor, clock, opened.key, data_folder)
    with opened.database.write() as session:  # saved after the backup
        session.add(
            Person(
                code="LATER1",
                gender="woman",
                engagement="not_stated",
                first_contact=NOW.date(),
                contact_channel="self",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    with opened.database.read() as session:  # what the backups tab asks before closing
        grant = grant_restore(session, opened.login.actor, opened.key)
    opened.close()
    told: list[str] = []
    on_next_dialog(lambda box: (told.append(box.text()), box.accept()))
    clinic = ClinicSettings(CodeScheme.SLK581, "Europe/Rome")
    ctx = DeskContext(opened.database, data_folder, opened.login.actor, clinic, clock, T)
    _restore(data_folder, made.path, grant, ctx)
    assert told == ["The backup is in place. Log in again to go on."]
    again = open_as(data_folder, "anna", STRONG, clock)
    try:
        with again.database.read() as session:
            codes = session.execute(text("SELECT code FROM person")).scalars().all()
            actions = session.execute(text("SELECT action FROM audit_event")).scalars().all()
    finally:
        again.close()
    assert codes == []
    assert "restore" in actions


def test_while_the_password_is_checked_the_window_says_so_and_cannot_be_left(
    qtbot, data_folder, clock, ready, monkeypatch
):
    """Argon2 and the opening (perhaps a long migration) run on a worker: the window is drawn,
    says what runs, and neither a second click nor Escape nor closing cuts the opening short."""
    release = threading.Event()

    def held_open(*args, **kwargs):
        release.wait(timeout=10)  # the GUI thread would be stuck here if the login ran on it
        return open_as(*args, **kwargs)

    monkeypatch.setattr("clinic.staff.opening.open_as", held_open)
    dialog = _login_window(qtbot, data_folder, clock, "anna")
    _press(qtbot, Qt.Key.Key_Tab)
    _typed(qtbot, STRONG)
    _press(qtbot, Qt.Key.Key_Return)
    assert dialog.waiting.isVisible()
    assert dialog.waiting.label.text() == (
        "Checking the password and opening the clinic's database..."
    )
    held = [dialog.username, dialog.password, dialog.login_button, dialog.recovery_button]
    assert not any(widget.isEnabled() for widget in held)
    assert not _button(dialog, "&Quit").isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    release.set()
    waited(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.opened is not None
    dialog.opened.close()


def _button(dialog, text: str) -> QPushButton:
    [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    return button


def test_the_desks_modules_are_awaited_on_the_worker_not_on_the_screens_thread(
    qtbot, data_folder, clock, ready
):
    """A fast typist logs in before the desk's modules are loaded in the background: the wait
    for them is the login's (its worker), not the GUI thread's, which would freeze."""
    waited_on: list[threading.Thread] = []
    dialog = LoginDialog(
        data_folder, T, clock, "anna", warm_up=lambda: waited_on.append(threading.current_thread())
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, STRONG)
    dialog.login_button.click()
    waited(qtbot, dialog)
    assert len(waited_on) == 1
    assert waited_on[0] is not threading.main_thread()
    assert dialog.opened is not None
    dialog.opened.close()
