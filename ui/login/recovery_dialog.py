"""The way back in for a coordinator who lost their password: the recovery key and a new one."""

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
from clinic.common.errors import KnownError, ValidationError
from clinic.i18n.translator import Translator
from clinic.staff.accounts import new_password_problems, normal_username
from clinic.staff.opening import OpenClinic, choose_password, open_with_recovery_key
from db.errors import DatabaseOpenError
from db.folder import DataFolder
from ui.common import messages
from ui.common.field_row import FieldWithError, show_field_errors
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
        layout.addWidget(buttons)
        go.setDefault(True)  # once in the dialog, so that Enter still opens after a click

    def recover(self) -> None:
        # The new password is checked first: a refused one must not spend the recovery key.
        username = normal_username(self.username.text())
        problems = new_password_problems(self.password.text(), self.password_again.text(), username)
        if problems:
            show_field_errors(self._t, self.rows, ValidationError(problems))
            return
        try:
            opened = open_with_recovery_key(
                self._folder, self.recovery_key.text(), username, self._clock
            )
        except KnownError as error:
            show_field_errors(self._t, self.rows, error)
            return
        except DatabaseOpenError as failure:
            self.open_failure = failure
            self.reject()
            return
        try:
            choose_password(opened, self._clock, self.password.text(), self.password_again.text())
        except KnownError as error:
            opened.close()
            if not show_field_errors(self._t, self.rows, error):
                messages.show_error(self, self._t, error)
            return
        self.opened = opened
        self.accept()
