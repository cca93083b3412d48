"""The Stock page: Balances and Movements for everyone who reads the stock; receive (Ctrl+R),
transfer (Ctrl+T), adjust (Ctrl+J), the minimum of an item at a place (Ctrl+M) and a
stocktake (Ctrl+K) for those who keep it. A nurse keeps the vaccines alone: her dialogs offer
only them; the coordinator keeps everything, and the catalogue (`catalogue_tab`): while that
tab is shown, its keys are the only ones (Ctrl+R retires an item there).

The page reads the stock when shown and after each change it makes (a few hundred rows, read
at once); the ledger is read a page at a time (`movements_tab`).
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from clinic.common.permissions import Actor, Permission
from clinic.staff.vocabulary import Role
from db.vocabulary.materials import ItemCategory
from ui.common.desk_buttons import DeskButtons
from ui.common.shortcuts import shortcut
from ui.context import DeskContext
from ui.materials.balances_tab import BalancesTab
from ui.materials.catalogue_tab import CatalogueTab
from ui.materials.consumption_tab import ConsumptionTab
from ui.materials.movements_tab import MovementsTab
from ui.materials.stock_dialogs import (
    AdjustDialog,
    MinimumDialog,
    ReceiveDialog,
    StockDialog,
    TransferDialog,
)
from ui.materials.stock_read import StockState, read_stock
from ui.materials.stocktake_dialog import StocktakeDialog
from ui.operations import read_now


def shown_to(actor: Actor) -> bool:
    """Those whose work is the stock: who keeps it (the coordinator, the nurse's vaccines),
    who hands it out at the desk or fills the outreach bag (reception, social workers,
    outreach). A psychologist, who rarely hands anything out, reads what is left in the
    hand-out dialog and has no page for it."""
    return actor.can(Permission.STOCK_READ) and actor.role is not Role.PSYCHOLOGIST


class StockPage(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        _ = ctx.t.gettext
        self.state = self._read() or StockState([], [], [], {}, {})
        self.tabs = QTabWidget()
        self.balances = BalancesTab(ctx)
        self.movements = MovementsTab(ctx, self.state)
        self.tabs.addTab(self.balances, _("&Balances"))
        self.tabs.addTab(self.movements, _("&Movements"))
        self.consumption: ConsumptionTab | None = None
        if ctx.actor.can(Permission.STATISTICS):
            self.consumption = ConsumptionTab(ctx, self.state.places)
            self.tabs.addTab(self.consumption, _("Co&nsumption"))
        self.catalogue: CatalogueTab | None = None
        if ctx.actor.can(Permission.STOCK_KEEP):
            self.catalogue = CatalogueTab(ctx)
            self.tabs.addTab(self.catalogue, _("Cata&logue"))
            self.catalogue.changed.connect(self.reload)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.balances.show_state(self.state)
        self.keeping = QWidget()  # the buttons below the stock, with their keys
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.keeping)
        self.keeping.setLayout(self._buttons(self.keeping))

    def _buttons(self, keeping: QWidget) -> QHBoxLayout:
        ctx = self._ctx
        _ = ctx.t.gettext
        keep, vaccines = Permission.STOCK_KEEP, Permission.VACCINE_STOCK
        either = keep if ctx.actor.can(keep) else vaccines
        buttons = DeskButtons(ctx.actor, keeping)
        self.receive_button = buttons.add(_("&Receive..."), "Ctrl+R", self.receive, either)
        self.transfer_button = buttons.add(_("Trans&fer..."), "Ctrl+T", self.transfer, either)
        self.adjust_button = buttons.add(_("&Adjust..."), "Ctrl+J", self.adjust, either)
        self.stocktake_button = buttons.add(_("Stoc&ktake..."), "Ctrl+K", self.stocktake, keep)
        self.minimum_button = buttons.add(_("M&inimum..."), "Ctrl+M", self.minimum, keep)
        shortcut("F5", self, self.reload, _("Refresh"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        for button in (
            self.receive_button,
            self.transfer_button,
            self.adjust_button,
            self.stocktake_button,
            self.minimum_button,
        ):
            row.addWidget(button)
        return row

    def show_vaccines(self) -> None:
        """The balances of the vaccines alone (the first step "Vaccine stock" comes here)."""
        self.tabs.setCurrentWidget(self.balances)
        self.balances.category.setCurrentIndex(
            self.balances.category.findData(ItemCategory.VACCINES)
        )
        self.balances.view.setFocus()

    def _tab_shown(self, index: int) -> None:
        shown = self.tabs.widget(index)
        self.keeping.setVisible(shown is not self.catalogue)
        if self.consumption is not None and shown is self.consumption:
            self.consumption.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after work elsewhere (a hand-out, a dose): the stock as it is now."""
        super().showEvent(event)
        self.reload()

    def _read(self) -> StockState | None:
        ctx = self._ctx
        return read_now(ctx, self, lambda s: read_stock(s, ctx.actor))

    def reload(self) -> None:
        state = self._read()
        if state is not None:
            self.state = state
            self.balances.show_state(state)
            self.movements.show_state(state)
            if self.consumption is not None:
                self.consumption.set_places(state.places)
        if self.catalogue is not None and self.catalogue.isVisible():
            self.catalogue.reload()

    def _chosen(self) -> tuple[int | None, int | None]:
        """The item and place of the balance selected, or the place filtered on."""
        row = self.balances.selected()
        if row is None:
            return None, self.balances.place.currentData()
        return row.item.id, row.place.id

    def _run(self, dialog: StockDialog | QDialog) -> None:
        try:
            saved = dialog.exec()
        finally:
            dialog.deleteLater()
        if saved:
            self.reload()

    def receive(self) -> None:
        self._run(ReceiveDialog(self._ctx, self, self.state, *self._chosen()))

    def transfer(self) -> None:
        self._run(TransferDialog(self._ctx, self, self.state, *self._chosen()))

    def adjust(self) -> None:
        self._run(AdjustDialog(self._ctx, self, self.state, *self._chosen()))

    def stocktake(self) -> None:
        self._run(StocktakeDialog(self._ctx, self, self.state, self._chosen()[1]))

    def minimum(self) -> None:
        item, place = self._chosen()
        if item is not None and place is not None:
            self._run(MinimumDialog(self._ctx, self, self.state, item, place))
