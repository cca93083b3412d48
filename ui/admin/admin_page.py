"""Administration (the coordinator): staff accounts, the audit trail, backups, the care lists
and the partner services.

The staff accounts tab is made with the page; the others when first chosen
(`ui.common.made_when_shown`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from clinic.common.permissions import Permission
from ui.admin.audit_tab import AuditTab
from ui.admin.backups_tab import BackupsTab
from ui.admin.care_lists_tab import CareListsTab
from ui.admin.services_tab import ServicesTab
from ui.admin.staff_tab import StaffTab
from ui.common.made_when_shown import Later, TabsMadeWhenShown, made_if_offered
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
        self._care_lists: Later[CareListsTab] | None = None
        self._services: Later[ServicesTab] | None = None
        if ctx.actor.can(Permission.CARE_LISTS):
            self._care_lists = Later(lambda: CareListsTab(ctx))
            self._services = Later(lambda: ServicesTab(ctx))
            self.tabs.add_later(self._care_lists, _("Care &lists"))
            self.tabs.add_later(self._services, _("Partner ser&vices"))
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

    @property
    def care_lists(self) -> CareListsTab | None:
        return made_if_offered(self._care_lists)

    @property
    def services(self) -> ServicesTab | None:
        return made_if_offered(self._services)
