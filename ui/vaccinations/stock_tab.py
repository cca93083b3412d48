"""Vaccine lots in the fridge: what is left, what expires first; receiving a delivery."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.common.permissions import Permission
from clinic.i18n.translator import N_
from clinic.vaccinations.stock import (
    Lot,
    LotForm,
    LotState,
    Product,
    list_lots,
    list_products,
    receive_lot,
)
from clinic.vaccinations.words import vaccine_group_text
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.common.table_view import row_table
from ui.common.theme import Status
from ui.context import DeskContext
from ui.operations import Form, read_now, run_write

LOT_STATES = {
    LotState.EMPTY: N_("Empty"),
    LotState.EXPIRED: N_("Expired"),
    LotState.EXPIRES_SOON: N_("Expires soon"),
}
# An expired lot must not be given (red); one expiring soon is used first (amber); an empty lot
# needs nothing done, so it stays untinted: its word says it.
LOT_TINTS = {LotState.EXPIRED: Status.OVERDUE, LotState.EXPIRES_SOON: Status.WARNING}
_STATE_ORDER = {LotState.EXPIRED: 0, LotState.EXPIRES_SOON: 1, None: 2, LotState.EMPTY: 3}


def lots_model(ctx: DeskContext) -> RowTableModel[Lot]:
    t = ctx.t
    _ = t.gettext
    today = ctx.clock.today()

    def state_text(lot: Lot) -> str:
        state = lot.state(today)
        return "" if state is None else _(LOT_STATES[state])

    return RowTableModel(
        [
            Column(lambda: _("Vaccine"), lambda lot: lot.product, width=20),
            Column(lambda: _("Lot"), lambda lot: lot.lot_number, width=12),
            Column(
                lambda: _("Expires"), lambda lot: t.short_date(lot.expiry), lambda lot: lot.expiry
            ),
            Column(
                lambda: _("Doses left"), lambda lot: str(lot.quantity), lambda lot: lot.quantity
            ),
            Column(
                lambda: _("State"),
                state_text,
                lambda lot: (_STATE_ORDER[lot.state(today)], lot.expiry),
            ),
        ],
        lambda lot: _tint(lot.state(today)),
    )


def _tint(state: LotState | None) -> Status | None:
    return None if state is None else LOT_TINTS.get(state)


class StockTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        _ = ctx.t.gettext
        self.model = lots_model(ctx)
        self.view, _proxy = row_table(self.model, "lots", 2)
        self.empty_too = QCheckBox(_("Show &used-up lots"))
        self.empty_too.toggled.connect(lambda _on: self.reload())
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_too)
        buttons.addStretch(1)
        if ctx.actor.can(Permission.VACCINE_STOCK):
            text = _("&Receive a lot")
            receive = QPushButton(f"{text}  ({key_text('Ctrl+Shift+R')})")
            receive.clicked.connect(lambda _c=False: self.receive())
            shortcut("Ctrl+Shift+R", self, self.receive, text)
            buttons.addWidget(receive)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """The lots of the fridge (a few dozen rows, a few hundred with the used-up ones)."""
        ctx, in_stock_only = self._ctx, not self.empty_too.isChecked()
        rows = read_now(ctx, self, lambda s: list_lots(s, ctx.actor, in_stock_only=in_stock_only))
        if rows is not None:
            self.model.set_rows(rows)

    def receive(self) -> None:
        ctx = self._ctx
        products = read_now(ctx, self, lambda s: list_products(s, ctx.actor))
        if products is None:
            return
        dialog = LotDialog(ctx, self, products)
        if dialog.exec():
            self.reload()
        dialog.deleteLater()


class LotDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None, products: list[Product]) -> None:
        super().__init__(parent)
        self._ctx = ctx
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(_("Receive a lot"))
        self.product = QComboBox()
        for product in products:
            self.product.addItem(
                f"{product.name} — {vaccine_group_text(t, product.vaccine_group)}", product.id
            )
        self.lot_number = QLineEdit()
        self.expiry = QLineEdit()
        self.expiry.setPlaceholderText(t.date_hint())
        self.quantity = QLineEdit()
        self.rows = {
            "product": FieldWithError(self.product),
            "lot_number": FieldWithError(self.lot_number),
            "expiry": FieldWithError(self.expiry),
            "quantity": FieldWithError(self.quantity),
        }
        form = QFormLayout()
        form.addRow(_("&Vaccine:"), self.rows["product"])
        form.addRow(_("Lot &number:"), self.rows["lot_number"])
        form.addRow(_("&Expiry:"), self.rows["expiry"])
        form.addRow(_("&Doses received:"), self.rows["quantity"])
        self.saving = Form(self.rows, [form_dialog_layout(self, form, self.save)], self)

    def save(self) -> Job | None:
        ctx = self._ctx
        form = LotForm(
            self.product.currentData(),
            self.lot_number.text(),
            self.expiry.text(),
            self.quantity.text(),
        )
        return run_write(
            ctx,
            self,
            lambda s: receive_lot(s, ctx.actor, ctx.clock, form, ctx.t.locale_name),
            lambda _lot: self.accept(),
            form=self.saving,
        )
