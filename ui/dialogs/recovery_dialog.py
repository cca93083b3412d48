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

from clinic.accounts import password_problem
from clinic.clock import Clock
from clinic.errors import FieldError, KnownError, ValidationError
from clinic.i18n import Translator
from clinic.messages import error_text, field_errors
from clinic.opening import OpenClinic, choose_password, open_with_recovery_key
from db.datafolder import DataFolder
from db.errors import DatabaseOpenError
from ui.dialogs.password_dialog import password_field
from ui.widgets.field_row import FieldWithError


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
        go.setDefault(True)
        buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        go.clicked.connect(self.recover)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def recover(self) -> None:
        for row in self.rows.values():
            row.set_error(None)
        problems = self._password_problems()
        if problems:
            self._show(ValidationError(problems))
            return
        try:
            opened = open_with_recovery_key(
                self._folder, self.recovery_key.text(), self.username.text(), self._clock
            )
        except KnownError as error:
            self.rows[error.field or "recovery_key"].set_error(error_text(self._t, error))
            return
        except DatabaseOpenError as failure:
            self.open_failure = failure
            self.reject()
            return
        try:
            choose_password(opened, self._clock, self.password.text(), self.password_again.text())
        except KnownError as error:
            opened.close()
            self._show(error)
            return
        self.opened = opened
        self.accept()

    def _password_problems(self) -> list[FieldError]:
        problems = []
        problem = password_problem(self.password.text(), self.username.text().strip().casefold())
        if problem:
            problems.append(problem)
        if self.password.text() != self.password_again.text():
            problems.append(FieldError("passwords_differ", "password_again"))
        return problems

    def _show(self, error: KnownError) -> None:
        items = field_errors(error) if isinstance(error, ValidationError) else {error.field: error}
        for field, item in items.items():
            self.rows[field if field in self.rows else "recovery_key"].set_error(
                error_text(self._t, item)
            )
