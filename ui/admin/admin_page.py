"""Administration (the coordinator): staff accounts, the audit trail, backups.

The staff accounts tab is made with the page; the audit trail and the backups when first chosen
(`ui.common.made_when_shown`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.admin.audit_tab import AuditTab
from ui.admin.backups_tab import BackupsTab
from ui.admin.staff_tab import StaffTab
from ui.common.made_when_shown import Later, TabsMadeWhenShown
from ui.context import DeskContext


class AdminPage(QWidget):
    restore_requested = Signal(object, object)  # the backups tab's: Backup, RestoreGrant

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        _ = ctx.t.gettext
        self.tabs = TabsMadeWhenShown()
        self._staff = Later(lambda: StaffTab(ctx))
        self._audit = Later(lambda: AuditTab(ctx))
        self._backups = Later(lambda: BackupsTab(ctx))
        self._backups.when_made(lambda tab: tab.restore_requested.connect(self.restore_requested))
        self.tabs.add_later(self._staff, _("&Staff accounts"))
        self.tabs.add_later(self._audit, _("A&udit trail"))
        self.tabs.add_later(self._backups, _("&Backups"))
        QVBoxLayout(self).addWidget(self.tabs)

    @property
    def staff(self) -> StaffTab:
        return self._staff.get()

    @property
    def audit(self) -> AuditTab:
        return self._audit.get()

    @property
    def backups(self) -> BackupsTab:
        return self._backups.get()
