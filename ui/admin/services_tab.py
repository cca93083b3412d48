"""The partner services (the coordinator): the directory that referrals go to.

Sorted by name, retired services too. A service is added (Ctrl+N), edited (Enter or Ctrl+E),
retired (Ctrl+R or Del: no new referrals to it; earlier ones keep it) or offered again
(Ctrl+Shift+R); nothing is deleted.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from clinic.care.directory import Service, services, set_service_active
from clinic.care.words import SERVICE_KINDS
from clinic.common.errors import KnownError
from clinic.common.permissions import Permission
from ui.admin.offered_rows import (
    OfferedRowsModel,
    selected_offered,
    show_rows_keeping,
    state_column,
    watch_selection,
)
from ui.admin.service_dialog import ServiceDialog
from ui.common import messages
from ui.common.desk_buttons import DeskButtons
from ui.common.jobs import Job
from ui.common.row_table_model import Column
from ui.common.shortcuts import shortcut
from ui.common.table_view import row_table
from ui.context import DeskContext
from ui.operations import Loader, run_write


def one_line(contact: str) -> str:
    """A contact of several lines on one table line (the form shows it as written)."""
    return "  ·  ".join(line.strip() for line in contact.splitlines() if line.strip())


def services_model(ctx: DeskContext) -> OfferedRowsModel[Service]:
    t = ctx.t
    _ = t.gettext
    return OfferedRowsModel(
        [
            Column(lambda: _("Name"), lambda s: s.name, width=24),
            Column(lambda: _("Kind"), lambda s: _(SERVICE_KINDS[s.kind]), width=18),
            state_column(t),
            Column(lambda: _("Contact"), lambda s: one_line(s.contact), width=24, stretch=True),
        ]
    )


class ServicesTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._keep: int | None = None  # the service to select once the list is read again
        self.model = services_model(ctx)
        self.view, self.proxy = row_table(self.model, "partnerServices")
        self.view.activated.connect(lambda _index: self.edit())
        self.loader = Loader(ctx, self, self._show_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons())

    def _buttons(self) -> QHBoxLayout:
        ctx = self._ctx
        _ = ctx.t.gettext
        may = Permission.CARE_LISTS
        buttons = DeskButtons(ctx.actor, self)
        self.new_button = buttons.add(_("&New service..."), "Ctrl+N", self.new, may)
        self.edit_button = buttons.add(_("&Edit..."), "Ctrl+E", self.edit, may)
        self.retire_button = buttons.add(_("&Retire..."), "Ctrl+R", self.retire, may)
        shortcut("Del", self, self.retire, _("&Retire..."), enabled=ctx.actor.can(may))
        self.offer_button = buttons.add(_("&Offer again"), "Ctrl+Shift+R", self.offer_again, may)
        self._update_buttons = watch_selection(self.view, self.retire_button, self.offer_button)
        row = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.retire_button, self.offer_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: the directory as it is now (another desk may have changed it)."""
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        """The whole directory, retired services too, read in the background."""
        self.loader.load(lambda s: services(s, retired=True))

    def _show_rows(self, rows: tuple[Service, ...]) -> None:
        show_rows_keeping(self.view, self.model, rows, self._keep)
        self._keep = None
        self._update_buttons()

    def selected(self) -> Service | None:
        service = selected_offered(self.view)
        return service if isinstance(service, Service) else None

    def new(self) -> None:
        self._open(None)

    def edit(self) -> None:
        service = self.selected()
        if service is not None:
            self._open(service)

    def _open(self, service: Service | None) -> None:
        """The form; the directory read again when it closes, saved or not (a refusal may have
        said that someone else changed the service)."""
        dialog = ServiceDialog(self._ctx, self, service)
        try:
            dialog.exec()
            saved = dialog.saved_id
        finally:
            dialog.deleteLater()
        if saved is not None:
            self._keep = saved
        self.reload()

    def retire(self) -> None:
        service, t = self.selected(), self._ctx.t
        if service is None or not service.active:
            return
        question = t.format(
            t.gettext(
                "Retire “{service}”? It will no longer be offered for new referrals; the "
                "referrals already made to it keep it. You can offer it again later."
            ),
            service=service.name,
        )
        if messages.confirm(self, t, question, t.gettext("Retire"), t.gettext("Keep it")):
            self._set_active(service, active=False)

    def offer_again(self) -> None:
        service = self.selected()
        if service is not None and not service.active:
            self._set_active(service, active=True)

    def _set_active(self, service: Service, *, active: bool) -> Job | None:
        ctx = self._ctx
        self._keep = service.id
        return run_write(
            ctx,
            self,
            lambda s: set_service_active(s, ctx.actor, ctx.clock, service.id, active=active),
            lambda _none: self.reload(),
            failed=self._refused,
        )

    def _refused(self, error: KnownError) -> None:
        messages.show_error(self, self._ctx.t, error)
        self.reload()
