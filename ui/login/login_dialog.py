"""The login window, before anything else: user name and password, or the recovery key.

A wrong password gets one message whatever was wrong; the password field is emptied, the user
name kept. Nothing of the clinic shows before the key is unwrapped. The window opens in the user
name (the last one, selected): the desk is shared, and whoever comes next types their own name.
Unwrapping the key and opening (and perhaps migrating) the database run on a worker while the
window says so (`ui.common.waiting`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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
from clinic.common.errors import KnownError
from clinic.i18n.messages import error_text
from clinic.i18n.translator import Translator
from db.errors import DatabaseOpenError
from db.folder import DataFolder
from ui.common.field_row import FieldWithError
from ui.common.form_saving import Form
from ui.common.waiting import Waiting

if TYPE_CHECKING:
    from clinic.staff.opening import OpenClinic


class LoginDialog(QDialog):
    """After `exec()`, `opened` is the clinic opened for the person who logged in."""

    def __init__(
        self,
        folder: DataFolder,
        t: Translator,
        clock: Clock,
        username: str = "",
        demo: bool = False,
        parent: QWidget | None = None,
        *,
        warm_up: Callable[[], object] = lambda: None,
    ) -> None:
        """`warm_up` runs on the login's worker once the clinic is open: what the desk needs
        before it is shown and the GUI thread should not wait for (`ui.app` imports it)."""
        super().__init__(parent)
        self._folder, self._t, self._clock = folder, t, clock
        self._warm_up = warm_up
        self.opened: OpenClinic | None = None
        self.open_failure: DatabaseOpenError | None = None
        self.wants_recovery = False
        _ = t.gettext
        self.setWindowTitle(_("Soglia: log in"))
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_row = FieldWithError(self.password)
        form = QFormLayout()
        form.addRow(_("&User name"), self.username)
        form.addRow(_("&Password"), self.password_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if demo:
            hint = QLabel(
                _(
                    "Demo clinic: log in as demo-reception-1 (or another demo account), "
                    "password demo."
                )
            )
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.waiting = Waiting()
        layout.addWidget(self.waiting)
        layout.addWidget(self._buttons())
        # Only now that it is inside the dialog: a button made default before that is forgotten
        # as soon as another button had the focus (a click on "Log in"), and Enter then does
        # nothing after a wrong password.
        self.login_button.setDefault(True)
        # The next person at the desk types their own name over the last one: starting in the
        # password field would make them type their name as a colleague's wrong password.
        self.username.setFocus()
        self.username.selectAll()

    def _buttons(self) -> QDialogButtonBox:
        _ = self._t.gettext
        buttons = QDialogButtonBox()
        self.login_button = QPushButton(_("&Log in"))
        self.recovery_button = QPushButton(_("Forgot the password? Use the &recovery key"))
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.recovery_button, QDialogButtonBox.ButtonRole.HelpRole)
        quit_button = buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.clicked.connect(self.log_in)
        self.recovery_button.clicked.connect(self._recovery)
        quit_button.clicked.connect(self.reject)
        held = [self.username, self.password, self.login_button, self.recovery_button, quit_button]
        self._form = Form({"password": self.password_row}, held, self)
        return buttons

    def log_in(self) -> None:
        """Check the password and open the clinic, on a worker; the window says so meanwhile."""
        self.password_row.set_error(None)
        folder, clock, warm_up = self._folder, self._clock, self._warm_up
        username, password = self.username.text(), self.password.text()
        self.waiting.run(
            self._form,
            self._t.gettext("Checking the password and opening the clinic's database..."),
            lambda: _open(folder, username, password, clock, warm_up),
            self._opened,
            self._refused,
        )

    def _opened(self, result: OpenClinic | DatabaseOpenError) -> None:
        if isinstance(result, DatabaseOpenError):
            self.open_failure = result
            self.reject()
            return
        self.opened = result
        self.accept()

    def _refused(self, error: KnownError) -> None:
        self.password.clear()
        self.password_row.set_error(error_text(self._t, error))
        self.password.setFocus()

    def _recovery(self) -> None:
        self.wants_recovery = True
        self.reject()


def _open(
    folder: DataFolder, username: str, password: str, clock: Clock, warm_up: Callable[[], object]
) -> OpenClinic | DatabaseOpenError:
    """On the worker: the clinic opened for the person, or why its database cannot be."""
    from clinic.staff.opening import open_as  # loaded in the background meanwhile (ui.app)

    try:
        opened = open_as(folder, username, password, clock)
    except DatabaseOpenError as failure:
        return failure
    try:
        warm_up()
    except BaseException:
        opened.close()
        raise
    return opened
