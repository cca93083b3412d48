"""Which pages a role has, in which order, and where a brand-new clinic's first steps are done.

The role's daily page comes first (and is the one shown at login), Settings last; the keys are
Ctrl+1..n in the order shown, so no number is skipped whatever the role. A page is made when it
is first shown, or its widget first asked for (`ui.common.made_when_shown`): logging in makes
only the daily page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from clinic.common.permissions import Permission
from clinic.settings.first_steps import Step
from clinic.staff.vocabulary import Role
from ui.admin.admin_page import AdminPage
from ui.common.made_when_shown import Later, made_if_offered
from ui.common.ui_settings import UiSettings
from ui.context import DeskContext
from ui.follow_up.follow_up_page import FollowUpPage
from ui.follow_up.follow_up_page import shown_to as follow_up_shown_to
from ui.materials.stock_page import StockPage
from ui.materials.stock_page import shown_to as stock_shown_to
from ui.outreach.sessions_page import SessionsPage
from ui.outreach.sessions_page import shown_to as sessions_shown_to
from ui.reception.reception_page import ReceptionPage
from ui.settings.settings_page import SettingsPage
from ui.vaccinations.vaccinations_page import VaccinationsPage
from ui.vaccinations.vaccinations_page import shown_to as vaccinations_shown_to

# The page a role works on all day (reliability.md, "Roles"); Reception for the others.
DAILY_PAGE = {
    Role.NURSE: "vaccinations",
    Role.ADMIN: "administration",
    Role.OUTREACH: "sessions",
}

Place = tuple[str, Callable[[], object]]  # a button's text and what it does
Show = Callable[[QWidget], None]


@dataclass(frozen=True)
class Page:
    title: str
    icon: str  # a key of theme.ICONS, and the page's name in DAILY_PAGE
    later: Later[QWidget]  # the page's widget, made on first need


def page_keys(number: int) -> str:
    """Ctrl+1 for the first page shown, Ctrl+2 for the next..."""
    return f"Ctrl+{number}"


class DeskPages:
    """The pages of one session of one role, each made on first need."""

    def __init__(self, ctx: DeskContext, ui_settings: UiSettings) -> None:
        _ = ctx.t.gettext
        self._ctx = ctx
        self.later_reception = Later(lambda: ReceptionPage(ctx))
        self.later_settings = Later(lambda: SettingsPage(ctx, ui_settings))
        pages = [Page(_("Reception"), "reception", self.later_reception)]
        self.later_vaccinations: Later[VaccinationsPage] | None = None
        if vaccinations_shown_to(ctx.actor):
            self.later_vaccinations = Later(lambda: VaccinationsPage(ctx))
            self.later_vaccinations.when_made(
                lambda page: page.person_wanted.connect(self._open_person)
            )
            pages.append(Page(_("Vaccinations"), "vaccinations", self.later_vaccinations))
        self.later_follow_up: Later[FollowUpPage] | None = None
        if follow_up_shown_to(ctx.actor):
            self.later_follow_up = Later(lambda: FollowUpPage(ctx))
            self.later_follow_up.when_made(
                lambda page: page.person_wanted.connect(self._open_person)
            )
            pages.append(Page(_("Follow-up"), "follow_up", self.later_follow_up))
        self.later_stock: Later[StockPage] | None = None
        if stock_shown_to(ctx.actor):
            self.later_stock = Later(lambda: StockPage(ctx))
            pages.append(Page(_("Stock"), "stock", self.later_stock))
        # Street and group sessions: the outreach worker's day; after the social worker's and
        # the coordinator's own pages.
        self.later_sessions: Later[SessionsPage] | None = None
        if sessions_shown_to(ctx.actor):
            self.later_sessions = Later(lambda: SessionsPage(ctx))
            pages.append(Page(_("Sessions"), "sessions", self.later_sessions))
        self.later_admin: Later[AdminPage] | None = None
        if ctx.actor.can(Permission.STAFF_MANAGE) and ctx.keys is not None:
            self.later_admin = Later(lambda: AdminPage(ctx))
            pages.append(Page(_("Administration"), "administration", self.later_admin))
        daily = DAILY_PAGE.get(ctx.actor.role)
        pages.sort(key=lambda page: page.icon != daily)  # stable: the rest keep their order
        self.pages = [*pages, Page(_("Settings"), "settings", self.later_settings)]

    def _open_person(self, person_id: int) -> None:
        """A person chosen in another page's list: their file, opened as the desk opens it."""
        self.reception.open_person(person_id)

    @property
    def follow_up(self) -> FollowUpPage | None:
        return made_if_offered(self.later_follow_up)

    @property
    def reception(self) -> ReceptionPage:
        return self.later_reception.get()

    @property
    def settings(self) -> SettingsPage:
        return self.later_settings.get()

    @property
    def vaccinations(self) -> VaccinationsPage | None:
        return made_if_offered(self.later_vaccinations)

    @property
    def stock(self) -> StockPage | None:
        return made_if_offered(self.later_stock)

    @property
    def sessions(self) -> SessionsPage | None:
        return made_if_offered(self.later_sessions)

    @property
    def admin(self) -> AdminPage | None:
        return made_if_offered(self.later_admin)

    def first_step_places(self, show: Show) -> dict[Step, Place]:
        """Where each first step is done: a button's words, and `show`ing the place."""
        _ = self._ctx.t.gettext
        places: dict[Step, Place] = {}
        if self.later_admin is not None:
            places[Step.STAFF] = (_("Staff accounts"), lambda: self._show_staff(show))
        if self.later_stock is not None and self._ctx.actor.can(Permission.VACCINE_STOCK):
            places[Step.VACCINE_LOTS] = (_("Vaccine stock"), lambda: self._show_stock(show))
        if self._ctx.actor.can(Permission.PERSON_CREATE):
            places[Step.FIRST_PERSON] = (_("New person..."), lambda: self._register(show))
        return places

    def _show_staff(self, show: Show) -> None:
        admin = self.admin
        assert admin is not None  # a place only the coordinator's desk has
        show(admin)
        admin.tabs.setCurrentWidget(admin.staff)

    def _show_stock(self, show: Show) -> None:
        """The Stock page's balances of vaccines, where a lot is received (Ctrl+R)."""
        page = self.stock
        assert page is not None  # as first_step_places checked
        show(page)
        page.show_vaccines()

    def _register(self, show: Show) -> None:
        show(self.reception)
        self.reception.new_person()
