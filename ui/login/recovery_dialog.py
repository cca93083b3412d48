"""The way back in for a coordinator who lost their password: the recovery key and a new one.

The key is checked, the database opened and the new password wrapped on a worker
(`ui.common.waiting`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.common.clock import Clock
from clinic.common.errors import ValidationError
from clinic.i18n.translator import Translator
from clinic.staff.accounts import new_password_problems, normal_username
from clinic.staff.opening import OpenClinic, choose_password, open_with_recovery_key
from db.errors import DatabaseOpenError
from db.folder import DataFolder
from ui.common.field_row import FieldWithError, show_field_errors
from ui.common.form_saving import Form
from ui.common.waiting import Waiting
from ui.login.password_dialog import password_field


class RecoveryDialog(QDialog):
    """After `exec()`, `opened` is the clinic opened for the coordinator, with a new password."""

    def __init__(
        self, folder: DataFolder, t: Translator, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._folder, self._t, self._clock = folder, t, clock
        self.opened: OpenClinic | None = None
        self.open_failure: DatabaseOpenError | None = None
        _ = t.gettext
        self.setWindowTitle(_("Use the recovery key"))
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.username = QLineEdit()
        self.password = password_field()
        self.password_again = password_field()
        self.rows = {
            "recovery_key": FieldWithError(self.recovery_key),
            "username": FieldWithError(self.username),
            "password": FieldWithError(self.password),
            "password_again": FieldWithError(self.password_again),
        }
        note = QLabel(
            _(
                "The recovery key was printed when Soglia was set up and is kept in the "
                "clinic's safe. With it, a coordinator chooses a new password."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Recovery key"), self.rows["recovery_key"])
        form.addRow(_("&Coordinator's user name"), self.rows["username"])
        form.addRow(_("&New password"), self.rows["password"])
        form.addRow(_("&Again"), self.rows["password_again"])
        buttons = QDialogButtonBox()
        go = QPushButton(_("&Open with the recovery key"))
        buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        go.clicked.connect(self.recover)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        self.waiting = Waiting()
        layout.addWidget(self.waiting)
        layout.addWidget(buttons)
        held = [self.recovery_key, self.username, self.password, self.password_again, go, cancel]
        self._form = Form(self.rows, held, self)
        go.setDefault(True)  # once in the dialog, so that Enter still opens after a click

    def recover(self) -> None:
        # The new password is checked first: a refused one must not spend the recovery key.
        username = normal_username(self.username.text())
        problems = new_password_problems(self.password.text(), self.password_again.text(), username)
        if problems:
            show_field_errors(self._t, self.rows, ValidationError(problems))
            return
        folder, clock, recovery_key = self._folder, self._clock, self.recovery_key.text()
        password, again = self.password.text(), self.password_again.text()
        self.waiting.run(
            self._form,
            self._t.gettext("Checking the recovery key and opening the clinic's database..."),
            lambda: _recover(folder, recovery_key, username, password, again, clock),
            self._opened,
            self._form.failed(self._t, self),
        )

    def _opened(self, result: OpenClinic | DatabaseOpenError) -> None:
        if isinstance(result, DatabaseOpenError):
            self.open_failure = result
            self.reject()
            return
        self.opened = result
        self.accept()


def _recover(
    folder: DataFolder, recovery_key: str, username: str, password: str, again: str, clock: Clock
) -> OpenClinic | DatabaseOpenError:
    """On the worker: the clinic opened with the recovery key and the new password chosen, or
    why the database cannot be opened; a refusal closes what was opened."""
    try:
        opened = open_with_recovery_key(folder, recovery_key, username, clock)
    except DatabaseOpenError as failure:
        return failure
    try:
        choose_password(opened, clock, password, again)
    except BaseException:
        opened.close()
        raise
    return opened
