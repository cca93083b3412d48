"""Backups (the coordinator): make one now, see them, restore one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.backups.backing_up import Backup, back_up, list_backups
from clinic.backups.restoring import grant_restore
from clinic.common.errors import KnownError
from ui.common import messages
from ui.common.jobs import Job
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.operations import read_now


def backups_model(ctx: DeskContext) -> RowTableModel[Backup]:
    t = ctx.t
    _ = t.gettext
    zone = ctx.clock.zone
    columns: list[Column[Backup]] = [
        Column(
            lambda: _("Made"), lambda b: t.datetime(b.made_at, zone), lambda b: b.made_at, width=18
        ),
        Column(lambda: _("Size"), lambda b: f"{b.size / 1e6:.1f} MB", lambda b: b.size, width=10),
        Column(lambda: _("File"), lambda b: b.path.name, width=30),
    ]
    return RowTableModel(columns)


class BackupsTab(QWidget):
    restore_requested = Signal(object, object)  # the Backup to restore, the RestoreGrant

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        _ = ctx.t.gettext
        self.model = backups_model(ctx)
        self.view, self.proxy = row_table(self.model, "backups")
        self.status = QLabel(
            _(
                "A backup is made at the first login of each day; 7 daily, 4 weekly and 12 "
                "monthly ones are kept."
            )
        )
        self.status.setWordWrap(True)
        self.now_button = QPushButton(_("&Back up now"))
        self.restore_button = QPushButton(_("&Restore the selected backup..."))
        self.now_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.job: Job | None = None
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(list_backups(self._ctx.folder.backups))

    def back_up_now(self) -> Job | None:
        """In the background: the desk stays usable while the database is copied and checked."""
        ctx = self._ctx
        if ctx.keys is None or self.job is not None:
            return None
        second = Path(ctx.clinic.second_backup_folder) if ctx.clinic.second_backup_folder else None
        key, folder, clock, database, actor = (
            ctx.keys.key,
            ctx.folder,
            ctx.clock,
            ctx.database,
            ctx.actor,
        )
        job = Job(lambda: back_up(database, actor, clock, key, folder, second), self)
        job.done.connect(self._done)
        job.failed.connect(self._failed)
        self.now_button.setEnabled(False)
        self.status.setText(ctx.t.gettext("Making the backup, then checking it..."))
        self.job = job
        job.start()
        return job

    def _done(self, made: Backup) -> None:
        self.job = None
        self.now_button.setEnabled(True)
        self.status.setText(self._ctx.t.gettext("The backup is made and checked."))
        self.reload()

    def _failed(self, error: KnownError) -> None:
        self.job = None
        self.now_button.setEnabled(True)
        self.status.setText("")
        messages.show_error(self, self._ctx.t, error)

    def restore_selected(self) -> None:
        ctx = self._ctx
        backup = selected_row(self.view)
        if backup is None or ctx.keys is None:
            return
        key = ctx.keys.key
        grant = read_now(ctx, self, lambda s: grant_restore(s, ctx.actor, key))
        if grant is None:
            return
        t = ctx.t
        question = t.format(
            t.gettext(
                "Replace the database with the backup of {when}? Everything saved since then "
                "will be set aside (the current database is kept beside it). Soglia will then "
                "ask to log in again."
            ),
            when=t.datetime(backup.made_at, ctx.clock.zone),
        )
        if messages.confirm(self, t, question, t.gettext("Restore"), t.gettext("Cancel")):
            self.restore_requested.emit(backup, grant)
