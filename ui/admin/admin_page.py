"""Administration (the coordinator): staff accounts, the audit trail, backups."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.admin.audit_tab import AuditTab
from ui.admin.backups_tab import BackupsTab
from ui.admin.staff_tab import StaffTab
from ui.context import DeskContext


class AdminPage(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        _ = ctx.t.gettext
        self.tabs = QTabWidget()
        self.staff = StaffTab(ctx)
        self.audit = AuditTab(ctx)
        self.backups = BackupsTab(ctx)
        self.tabs.addTab(self.staff, _("&Staff accounts"))
        self.tabs.addTab(self.audit, _("A&udit trail"))
        self.tabs.addTab(self.backups, _("&Backups"))
        QVBoxLayout(self).addWidget(self.tabs)
