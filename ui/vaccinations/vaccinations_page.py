"""Vaccinations: the nurse's worklist and appointments (also reception's). Vaccine lots are
received, moved and counted on the Stock page, with every other item (one ledger, one set of
screens).

Only the tab shown first is made with the page; the other when first chosen
(`ui.common.made_when_shown`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from clinic.common.permissions import Actor, Permission
from ui.common.made_when_shown import Later, TabsMadeWhenShown, made_if_offered
from ui.context import DeskContext
from ui.vaccinations.appointments_tab import AppointmentsTab
from ui.vaccinations.worklist_tab import WorklistTab


def shown_to(actor: Actor) -> bool:
    return actor.can(Permission.VACCINATION_READ) or actor.can(Permission.APPOINTMENT_READ)


class VaccinationsPage(QWidget):
    person_wanted = Signal(int)  # a person chosen in the worklist: the desk opens their file

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        _ = ctx.t.gettext
        self.tabs = TabsMadeWhenShown()
        self._worklist: Later[WorklistTab] | None = None
        self._appointments: Later[AppointmentsTab] | None = None
        if ctx.actor.can(Permission.VACCINATION_READ):
            self._worklist = Later(lambda: WorklistTab(ctx))
            self._worklist.when_made(lambda tab: tab.person_wanted.connect(self.person_wanted))
            self.tabs.add_later(self._worklist, _("&Worklist"))
        if ctx.actor.can(Permission.APPOINTMENT_READ):
            self._appointments = Later(lambda: AppointmentsTab(ctx))
            self.tabs.add_later(self._appointments, _("&Appointments"))
        QVBoxLayout(self).addWidget(self.tabs)

    @property
    def worklist(self) -> WorklistTab | None:
        return made_if_offered(self._worklist)

    @property
    def appointments(self) -> AppointmentsTab | None:
        return made_if_offered(self._appointments)

    def reload_worklist(self) -> None:
        """The stored forecasts changed: a worklist already made shows them again (one made
        later reads them then)."""
        tab = None if self._worklist is None else self._worklist.made
        if tab is not None:
            tab.reload()
