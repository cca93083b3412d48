"""Vaccinations: the nurse's worklist, appointments (also reception's), and vaccine stock."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from clinic.common.permissions import Actor, Permission
from ui.context import DeskContext
from ui.vaccinations.appointments_tab import AppointmentsTab
from ui.vaccinations.stock_tab import StockTab
from ui.vaccinations.worklist_tab import WorklistTab


def shown_to(actor: Actor) -> bool:
    return any(
        actor.can(p)
        for p in (
            Permission.VACCINATION_READ,
            Permission.APPOINTMENT_READ,
            Permission.VACCINE_STOCK,
        )
    )


class VaccinationsPage(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        _ = ctx.t.gettext
        self.tabs = QTabWidget()
        self.worklist: WorklistTab | None = None
        self.appointments: AppointmentsTab | None = None
        self.stock: StockTab | None = None
        if ctx.actor.can(Permission.VACCINATION_READ):
            self.worklist = WorklistTab(ctx)
            self.tabs.addTab(self.worklist, _("&Worklist"))
        if ctx.actor.can(Permission.APPOINTMENT_READ):
            self.appointments = AppointmentsTab(ctx)
            self.tabs.addTab(self.appointments, _("&Appointments"))
        if ctx.actor.can(Permission.VACCINE_STOCK):
            self.stock = StockTab(ctx)
            self.tabs.addTab(self.stock, _("S&tock"))
        QVBoxLayout(self).addWidget(self.tabs)
