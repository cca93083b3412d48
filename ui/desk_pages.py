"""Which pages a role has, in which order, and where a brand-new clinic's first steps are done.

The role's daily page comes first (and is the one shown at login), Settings last; the keys are
Ctrl+1..n in the order shown, so no number is skipped whatever the role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from clinic.common.permissions import Permission
from clinic.settings.first_steps import Step
from clinic.staff.vocabulary import Role
from ui.admin.admin_page import AdminPage
from ui.common.ui_settings import UiSettings
from ui.context import DeskContext
from ui.reception.reception_page import ReceptionPage
from ui.settings.settings_page import SettingsPage
from ui.vaccinations.vaccinations_page import VaccinationsPage
from ui.vaccinations.vaccinations_page import shown_to as vaccinations_shown_to

# The page a role works on all day (reliability.md, "Roles"); Reception for the others.
DAILY_PAGE = {Role.NURSE: "vaccinations", Role.ADMIN: "administration"}

Place = tuple[str, Callable[[], object]]  # a button's text and what it does


@dataclass(frozen=True)
class Page:
    title: str
    icon: str  # a key of theme.ICONS, and the page's name in DAILY_PAGE
    widget: QWidget


def page_keys(number: int) -> str:
    """Ctrl+1 for the first page shown, Ctrl+2 for the next..."""
    return f"Ctrl+{number}"


class DeskPages:
    """The pages made for one session of one role."""

    def __init__(self, ctx: DeskContext, ui_settings: UiSettings) -> None:
        _ = ctx.t.gettext
        self._ctx = ctx
        self.reception = ReceptionPage(ctx)
        self.settings = SettingsPage(ctx, ui_settings)
        pages = [Page(_("Reception"), "reception", self.reception)]
        self.vaccinations: VaccinationsPage | None = None
        if vaccinations_shown_to(ctx.actor):
            self.vaccinations = VaccinationsPage(ctx)
            pages.append(Page(_("Vaccinations"), "vaccinations", self.vaccinations))
        self.admin: AdminPage | None = None
        if ctx.actor.can(Permission.STAFF_MANAGE) and ctx.keys is not None:
            self.admin = AdminPage(ctx)
            pages.append(Page(_("Administration"), "administration", self.admin))
        daily = DAILY_PAGE.get(ctx.actor.role)
        pages.sort(key=lambda page: page.icon != daily)  # stable: the rest keep their order
        self.pages = [*pages, Page(_("Settings"), "settings", self.settings)]

    def first_step_places(self, show: Callable[[QWidget], None]) -> dict[Step, Place]:
        """Where each first step is done: a button's words, and `show`ing the place."""
        _ = self._ctx.t.gettext
        places: dict[Step, Place] = {}
        admin, vaccinations = self.admin, self.vaccinations
        if admin is not None:
            places[Step.STAFF] = (_("Staff accounts"), lambda: _tab(show, admin, admin.staff))
        if vaccinations is not None and (stock := vaccinations.stock) is not None:
            places[Step.VACCINE_LOTS] = (
                _("Vaccine stock"),
                lambda: _tab(show, vaccinations, stock),
            )
        if self._ctx.actor.can(Permission.PERSON_CREATE):
            places[Step.FIRST_PERSON] = (_("New person..."), self._register_first_person(show))
        return places

    def _register_first_person(self, show: Callable[[QWidget], None]) -> Callable[[], None]:
        def register() -> None:
            show(self.reception)
            self.reception.new_person()

        return register


def _tab(show: Callable[[QWidget], None], page: AdminPage | VaccinationsPage, tab: QWidget) -> None:
    show(page)
    page.tabs.setCurrentWidget(tab)
