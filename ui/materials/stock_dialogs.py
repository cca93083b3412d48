"""Receive, transfer, adjust, and an item's minimum at a place: one dialog each, saved by
Enter, each refusal under its field and what was typed kept.

The dialogs offer only what the person may keep: a nurse (VACCINE_STOCK without STOCK_KEEP)
sees the vaccines alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QWidget
from sqlalchemy.orm import Session

from clinic.common.permissions import Actor, Permission
from clinic.materials import keeping, stock
from clinic.materials.catalogue import Item
from clinic.materials.stock import AdjustmentForm, ReceiptForm
from clinic.materials.words import ADJUSTMENT_REASONS
from db.vocabulary.materials import AdjustmentReason, ItemCategory, PlaceKind
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.context import DeskContext
from ui.materials.stock_read import StockState, by_name
from ui.operations import Form, run_write


def keepable(actor: Actor, state: StockState) -> list[Item]:
    """The items in use this person may receive, move and adjust."""
    everything = actor.can(Permission.STOCK_KEEP)
    return [
        i for i in state.items if i.active and (everything or i.category is ItemCategory.VACCINES)
    ]


def may_keep(actor: Actor) -> bool:
    return actor.can(Permission.STOCK_KEEP) or actor.can(Permission.VACCINE_STOCK)


class StockDialog(QDialog):
    """A form over the stock as the page last read it."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, state: StockState) -> None:
        super().__init__(parent)
        self._ctx, self._state = ctx, state
        self.rows: dict[str, FieldWithError] = {}
        self.form = QFormLayout()
        self.saving: Form | None = None
        self.setMinimumWidth(460)

    def _row(self, name: str, label: str, field: QWidget) -> None:
        self.rows[name] = FieldWithError(field)
        self.form.addRow(label, self.rows[name])

    def _finish(self, save: Callable[[], object], save_text: str = "") -> None:
        buttons = form_dialog_layout(self, self.form, save, save_text)
        self.saving = Form(self.rows, [buttons], self)

    def _items(self, chosen: int | None) -> QComboBox:
        box = QComboBox()
        for item in by_name(self._ctx.t, keepable(self._ctx.actor, self._state)):
            box.addItem(item.name(self._ctx.t), item.id)
        box.setCurrentIndex(max(box.findData(chosen), 0))
        return box

    def _places(self, chosen: int | None) -> QComboBox:
        box = QComboBox()
        for place in self._state.places:
            box.addItem(place.name(self._ctx.t), place.id)
        box.setCurrentIndex(max(box.findData(chosen), 0))
        return box

    def _item(self, box: QComboBox) -> Item | None:
        return self._state.item(box.currentData())

    def _write(self, work: Callable[[Session], object]) -> Job | None:
        ctx = self._ctx
        return run_write(ctx, self, work, lambda _made: self.accept(), form=self.saving)

    def reject(self) -> None:
        typed = any(
            isinstance(row.field, QLineEdit) and row.field.text().strip()
            for row in self.rows.values()
        )
        if typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()


class ReceiveDialog(StockDialog):
    """A delivery from a supplier or a donor; a tracked item with its lot and expiry."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        state: StockState,
        item_id: int | None = None,
        place_id: int | None = None,
    ) -> None:
        super().__init__(ctx, parent, state)
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(_("Receive stock"))
        self.item = self._items(item_id)
        self.place = self._places(place_id)
        self.quantity = QLineEdit()
        self.lot_number = QLineEdit()
        self.expiry = QLineEdit()
        self.expiry.setPlaceholderText(t.date_hint())
        self.source = QLineEdit()
        self.funder = QLineEdit()
        self._row("item", _("&Item:"), self.item)
        self._row("place", _("&Place:"), self.place)
        self._row("quantity", _("&Quantity:"), self.quantity)
        self._row("lot_number", _("Lot &number:"), self.lot_number)
        self._row("expiry", _("&Expiry:"), self.expiry)
        self._row("source", _("&From (supplier or donor):"), self.source)
        self._row("funder", _("Paid &by:"), self.funder)
        self.item.currentIndexChanged.connect(lambda _i: self._lots_asked())
        self._lots_asked()
        self._finish(self.save)

    def _lots_asked(self) -> None:
        item = self._item(self.item)
        tracked = item is not None and item.tracks_lots
        for name in ("lot_number", "expiry"):
            self.rows[name].setEnabled(tracked)
            label = self.form.labelForField(self.rows[name])
            if label is not None:
                label.setEnabled(tracked)

    def save(self) -> Job | None:
        ctx = self._ctx
        form = ReceiptForm(
            self.item.currentData(),
            self.place.currentData(),
            self.quantity.text(),
            self.lot_number.text(),
            self.expiry.text(),
            self.source.text(),
            self.funder.text(),
        )
        return self._write(
            lambda s: stock.receive(s, ctx.actor, ctx.clock, form, ctx.t.locale_name)
        )


class LotChoice:
    """A lot combo that follows an item combo: the item's lots held at the place chosen."""

    def __init__(self, dialog: StockDialog, item: QComboBox, place: QComboBox) -> None:
        self.box = QComboBox()
        self._dialog, self._item, self._place = dialog, item, place
        item.currentIndexChanged.connect(lambda _i: self.refill())
        place.currentIndexChanged.connect(lambda _i: self.refill())

    def refill(self) -> None:
        t, state = self._dialog._ctx.t, self._dialog._state
        chosen = self.box.currentData()
        self.box.clear()
        item = state.item(self._item.currentData())
        tracked = item is not None and item.tracks_lots
        if tracked and item is not None:
            for lot in state.lots_at(self._place.currentData(), item.id):
                held = state.held(self._place.currentData(), item.id, lot.id)
                words = t.format(
                    t.gettext("{number}, expires {expiry}, {count} here"),
                    number=lot.lot_number,
                    expiry=t.short_date(lot.expiry),
                    count=held,
                )
                self.box.addItem(words, lot.id)
        self.box.setCurrentIndex(max(self.box.findData(chosen), 0))
        self.box.setEnabled(tracked)


class TransferDialog(StockDialog):
    """Stock taken from one place to another: the outreach bag filled from the dispensary."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        state: StockState,
        item_id: int | None = None,
        place_id: int | None = None,
    ) -> None:
        super().__init__(ctx, parent, state)
        _ = ctx.t.gettext
        self.setWindowTitle(_("Move stock to another place"))
        self.item = self._items(item_id)
        self.from_place = self._places(place_id)
        outreach = next((p.id for p in state.places if p.kind is PlaceKind.OUTREACH), None)
        self.to_place = self._places(outreach if place_id != outreach else None)
        self.lot = LotChoice(self, self.item, self.from_place)
        self.quantity = QLineEdit()
        self._row("item", _("&Item:"), self.item)
        self._row("from_place", _("&From:"), self.from_place)
        self._row("lot", _("&Lot:"), self.lot.box)
        self._row("to_place", _("&To:"), self.to_place)
        self._row("quantity", _("&Quantity:"), self.quantity)
        self.lot.refill()
        self._finish(self.save)

    def save(self) -> Job | None:
        ctx = self._ctx
        item, lot = self.item.currentData(), self.lot.box.currentData()
        source, target = self.from_place.currentData(), self.to_place.currentData()
        quantity = self.quantity.text()

        def work(s: Session) -> object:
            return stock.transfer(s, ctx.actor, ctx.clock, item, lot, source, target, quantity)

        return self._write(work)


class AdjustDialog(StockDialog):
    """Stock expired, damaged, lost or found: a signed change with its reason."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        state: StockState,
        item_id: int | None = None,
        place_id: int | None = None,
    ) -> None:
        super().__init__(ctx, parent, state)
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(_("Adjust stock"))
        self.item = self._items(item_id)
        self.place = self._places(place_id)
        self.lot = LotChoice(self, self.item, self.place)
        self.change = QLineEdit()
        self.change.setPlaceholderText(_("-3 takes three away, 2 adds two"))
        self.reason = QComboBox()
        self.reason.addItem("", "")
        for reason, words in ADJUSTMENT_REASONS.items():
            if reason is not AdjustmentReason.STOCKTAKE:  # a stocktake writes its own
                self.reason.addItem(_(words), reason.value)
        self.note = QLineEdit()
        self._row("item", _("&Item:"), self.item)
        self._row("place", _("&Place:"), self.place)
        self._row("lot", _("&Lot:"), self.lot.box)
        self._row("change", _("&Change:"), self.change)
        self._row("reason", _("&Reason:"), self.reason)
        self._row("note", _("&Note:"), self.note)
        self.lot.refill()
        self._finish(self.save)

    def save(self) -> Job | None:
        ctx = self._ctx
        form = AdjustmentForm(
            self.item.currentData(),
            self.place.currentData(),
            self.lot.box.currentData(),
            self.change.text(),
            self.reason.currentData() or "",
            self.note.text(),
        )
        return self._write(lambda s: stock.adjust(s, ctx.actor, ctx.clock, form))


class MinimumDialog(StockDialog):
    """Under how many of an item at a place the desk is warned; blank for never."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        state: StockState,
        item_id: int,
        place_id: int,
    ) -> None:
        super().__init__(ctx, parent, state)
        t = ctx.t
        _ = t.gettext
        item, place = state.item(item_id), state.place(place_id)
        assert item is not None
        assert place is not None
        self._ids = (item_id, place_id)
        self.setWindowTitle(
            t.format(_("Minimum of {item} at {place}"), item=item.name(t), place=place.name(t))
        )
        self.minimum = QLineEdit()
        held = state.minimums.get((place_id, item_id))
        self.minimum.setText("" if held is None else str(held))
        self._row("minimum", _("&Minimum:"), self.minimum)
        self._finish(self.save)

    def save(self) -> Job | None:
        ctx, (item, place), text = self._ctx, self._ids, self.minimum.text()
        return self._write(
            lambda s: keeping.set_threshold(s, ctx.actor, ctx.clock, item, place, text)
        )

    def reject(self) -> None:
        QDialog.reject(self)
