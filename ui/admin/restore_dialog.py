"""Restoring a backup when the database cannot be read: offered by the message at start-up.

Nobody can log in to a damaged database, so a coordinator of the time of the backup unlocks
its key with their password (`clinic.backups.restoring`). The backups of the data folder and of the
second folder are listed newest first; the chosen one is checked again and put in place in the
background, and the database it replaces is kept beside it, never deleted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.backups.backing_up import Backup
from clinic.backups.restoring import (
    Restored,
    authorise_restore,
    backup_file,
    restorable_backups,
    restore_without_login,
)
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, KnownError, ValidationError
from clinic.i18n.translator import Translator
from db.errors import DatabaseOpenError
from db.folder import DataFolder
from ui.common import messages
from ui.common.field_row import FieldWithError, show_field_errors
from ui.common.form_saving import Form
from ui.common.jobs import Job
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table, selected_row
from ui.common.theme import GROUP_SPACING
from ui.common.waiting import Waiting


def backups_model(t: Translator) -> RowTableModel[Backup]:
    """Backups by when they were made (this computer's time: the clinic's time zone is in the
    database that cannot be read), where they are and how large."""
    zone = dt.datetime.now().astimezone().tzinfo or dt.UTC
    _ = t.gettext
    columns: list[Column[Backup]] = [
        Column(
            lambda: _("Made"), lambda b: t.datetime(b.made_at, zone), lambda b: b.made_at, width=18
        ),
        Column(lambda: _("Folder"), lambda b: str(b.path.parent), width=36),
        Column(lambda: _("Size"), lambda b: f"{b.size / 1e6:.1f} MB", lambda b: b.size, width=10),
    ]
    return RowTableModel(columns)


class RestoreDialog(QDialog):
    """After `exec()`: `restored` if a backup was put in place; `open_failure` if the restored
    database could not be opened after all (main.py explains it)."""

    def __init__(
        self,
        folder: DataFolder,
        t: Translator,
        clock: Clock,
        second_folder: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder, self._t, self._clock = folder, t, clock
        self.restored: Restored | None = None
        self.open_failure: DatabaseOpenError | None = None
        self.setWindowTitle(t.gettext("Restore a backup"))
        self._build_fields(t)
        self.model.set_rows(restorable_backups(folder, second_folder))
        self.view.selectRow(0)  # the newest
        self._lay_out(t)
        self.username.setFocus()

    def _build_fields(self, t: Translator) -> None:
        self.model = backups_model(t)
        self.view, _proxy = row_table(self.model, "restore_backups")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.rows = {
            "backup": FieldWithError(self.view),
            "username": FieldWithError(self.username),
            "password": FieldWithError(self.password),
        }
        self.waiting = Waiting()

    def _lay_out(self, t: Translator) -> None:
        _ = t.gettext
        note = QLabel(
            _(
                "Choose a backup: it is checked before it is put in place, and the database it "
                "replaces is kept beside it, never deleted. A coordinator of the time of the "
                "backup unlocks it with their password."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&User name"), self.rows["username"])
        form.addRow(_("&Password"), self.rows["password"])
        layout = QVBoxLayout(self)
        layout.setSpacing(GROUP_SPACING)
        layout.addWidget(note)
        layout.addWidget(self.rows["backup"])
        layout.addLayout(form)
        layout.addWidget(self.waiting)
        layout.addWidget(self._buttons(t))
        self.resize(720, 480)

    def _buttons(self, t: Translator) -> QDialogButtonBox:
        _ = t.gettext
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(_("&Restore this backup"))
        self.other_button = QPushButton(_("&Other file..."))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.restore_button.clicked.connect(self.restore)
        self.other_button.clicked.connect(self.choose_file)
        cancel.clicked.connect(self.reject)
        self.restore_button.setDefault(True)
        held = [self.restore_button, self.other_button, cancel, self.view]
        self._form = Form(self.rows, [*held, self.username, self.password], self)
        return buttons

    def choose_file(self) -> None:
        _ = self._t.gettext
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup"), str(self._folder.backups), _("Soglia backups (*.db)")
        )
        if name:
            self.model.set_rows([backup_file(Path(name)), *self.model.rows()])
            self.view.selectRow(0)

    def restore(self) -> Job | None:
        """Check the person and the backup, then put it in place, in the background."""
        backup = selected_row(self.view)
        if backup is None:
            show_field_errors(
                self._t, self.rows, ValidationError.single(ErrorCode.REQUIRED, "backup")
            )
            return None
        show_field_errors(self._t, self.rows, None)
        folder, clock, path = self._folder, self._clock, backup.path
        username, password = self.username.text(), self.password.text()
        return self.waiting.run(
            self._form,
            self._t.gettext("Checking the backup, then putting it in place..."),
            lambda: _restore(folder, path, username, password, clock),
            self._done,
            self._failed,
        )

    def _failed(self, error: KnownError) -> None:
        self.password.clear()
        if not show_field_errors(self._t, self.rows, error):
            messages.show_error(self, self._t, error)
        self.password.setFocus()

    def _done(self, result: Restored | DatabaseOpenError) -> None:
        if isinstance(result, DatabaseOpenError):
            self.open_failure = result
            self.reject()
            return
        self.restored = result
        messages.show_info(self, self._t, restored_text(self._t, result))
        self.accept()


def _restore(
    folder: DataFolder, backup: Path, username: str, password: str, clock: Clock
) -> Restored | DatabaseOpenError:
    """On the worker thread: who restores, then the restore."""
    grant = authorise_restore(folder, backup, username, password, clock)
    try:
        return restore_without_login(folder, backup, grant, clock)
    except DatabaseOpenError as failure:  # the restored database will not open either
        return failure


def restored_text(t: Translator, restored: Restored) -> str:
    if restored.kept_as is None:
        return t.gettext("The backup is in place. Log in to go on.")
    if restored.damaged:
        text = t.gettext(
            "The backup is in place. The damaged database is kept beside it as {file}. "
            "Log in to go on."
        )
    else:
        text = t.gettext(
            "The backup is in place. The database it replaced is kept beside it as {file}. "
            "Log in to go on."
        )
    return t.format(text, file=restored.kept_as.name)
