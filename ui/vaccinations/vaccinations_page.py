"""Vaccinations: the nurse's worklist, appointments (also reception's), and vaccine stock.

Only the tab shown first is made with the page; the others when first chosen
(`ui.common.made_when_shown`): the stock tab alone reads and fits its table for tens of ms.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from clinic.common.permissions import Actor, Permission
from ui.common.made_when_shown import Later, TabsMadeWhenShown, made_if_offered
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
    person_wanted = Signal(int)  # a person chosen in the worklist: the desk opens their file

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        _ = ctx.t.gettext
        self.tabs = TabsMadeWhenShown()
        self._worklist: Later[WorklistTab] | None = None
        self._appointments: Later[AppointmentsTab] | None = None
        self._stock: Later[StockTab] | None = None
        if ctx.actor.can(Permission.VACCINATION_READ):
            self._worklist = Later(lambda: WorklistTab(ctx))
            self._worklist.when_made(lambda tab: tab.person_wanted.connect(self.person_wanted))
            self.tabs.add_later(self._worklist, _("&Worklist"))
        if ctx.actor.can(Permission.APPOINTMENT_READ):
            self._appointments = Later(lambda: AppointmentsTab(ctx))
            self.tabs.add_later(self._appointments, _("&Appointments"))
        if ctx.actor.can(Permission.VACCINE_STOCK):
            self._stock = Later(lambda: StockTab(ctx))
            self.tabs.add_later(self._stock, _("S&tock"))
        QVBoxLayout(self).addWidget(self.tabs)

    @property
    def worklist(self) -> WorklistTab | None:
        return made_if_offered(self._worklist)

    @property
    def appointments(self) -> AppointmentsTab | None:
        return made_if_offered(self._appointments)

    @property
    def stock(self) -> StockTab | None:
        return made_if_offered(self._stock)

    def reload_worklist(self) -> None:
        """The stored forecasts changed: a worklist already made shows them again (one made
        later reads them then)."""
        tab = None if self._worklist is None else self._worklist.made
        if tab is not None:
            tab.reload()
