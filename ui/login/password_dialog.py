"""Choosing one's own password: after an admin gave one, after the recovery key, or at will.

The password is wrapped (Argon2) and saved on a worker (`ui.common.waiting`)."""

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
from clinic.i18n.translator import Translator
from clinic.staff.opening import OpenClinic, choose_password
from ui.common.field_row import FieldWithError
from ui.common.form_saving import Form
from ui.common.waiting import Waiting


def password_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class PasswordDialog(QDialog):
    """`required=True`: the only way out is to choose a password or quit Soglia."""

    def __init__(
        self,
        opened: OpenClinic,
        t: Translator,
        clock: Clock,
        *,
        required: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._opened, self._t, self._clock = opened, t, clock
        _ = t.gettext
        self.setWindowTitle(_("Choose your password"))
        self.password = password_field()
        self.password_again = password_field()
        self.rows = {
            "password": FieldWithError(self.password),
            "password_again": FieldWithError(self.password_again),
        }
        layout = QVBoxLayout(self)
        if required:
            note = QLabel(_("Before you start, choose a password that only you know."))
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        form.addRow(_("&New password"), self.rows["password"])
        form.addRow(_("&Again"), self.rows["password_again"])
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        save = QPushButton(_("&Save the password"))
        buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
        leave = buttons.addButton(
            _("&Quit Soglia") if required else _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        save.clicked.connect(self.save)
        leave.clicked.connect(self.reject)
        self.waiting = Waiting()
        layout.addWidget(self.waiting)
        layout.addWidget(buttons)
        self._form = Form(self.rows, [self.password, self.password_again, save, leave], self)
        save.setDefault(True)  # once in the dialog, so that Enter still saves after a click
        self.password.setFocus()

    def save(self) -> None:
        opened, clock = self._opened, self._clock
        password, again = self.password.text(), self.password_again.text()
        self.waiting.run(
            self._form,
            self._t.gettext("Saving the password..."),
            lambda: choose_password(opened, clock, password, again),
            lambda _none: self.accept(),
            self._form.failed(self._t, self),
        )
