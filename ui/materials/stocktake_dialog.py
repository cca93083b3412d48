"""A stocktake: the place's items, a count field each (Tab from one to the next, Enter saves).
A field left blank was not counted and keeps its balance. Before anything is written, the
differences found are listed for a yes or no; each becomes an adjustment `stocktake`."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QScrollArea, QWidget

from clinic.materials import stock
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.jobs import Job
from ui.context import DeskContext
from ui.materials.stock_dialogs import StockDialog
from ui.materials.stock_read import StockState

Key = tuple[int, int | None]  # (item, lot)


class StocktakeDialog(StockDialog):
    def __init__(
        self, ctx: DeskContext, parent: QWidget | None, state: StockState, place_id: int | None
    ) -> None:
        super().__init__(ctx, parent, state)
        _ = ctx.t.gettext
        self.setWindowTitle(_("Stocktake"))
        self.place = self._places(place_id)
        self.form.addRow(_("&Place:"), self.place)
        self.counts: dict[Key, QLineEdit] = {}
        self._labels: dict[Key, str] = {}
        self.list = QWidget()
        self.list_form = QFormLayout(self.list)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list)
        scroll.setMinimumHeight(360)
        hint = QLabel(_("Type what you counted; leave blank what you did not count."))
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.form.addRow(scroll)
        self.place.currentIndexChanged.connect(lambda _i: self._fill())
        self._fill()
        self._finish(self.save, _("&Save the count"))
        self.setMinimumWidth(520)

    def _fill(self) -> None:
        """One field per item in use at the place, one per lot for a tracked item."""
        t, state, place = self._ctx.t, self._state, self.place.currentData()
        while self.list_form.rowCount():
            self.list_form.removeRow(0)
        self.counts.clear()
        self._labels.clear()
        self.rows = {}
        for item in state.items:
            if not item.active:
                continue
            keys: list[tuple[Key, str]] = []
            if item.tracks_lots:
                for lot in state.lots_at(place, item.id):
                    words = t.format(
                        t.gettext("{item}, lot {number}"), item=item.name(t), number=lot.lot_number
                    )
                    keys.append(((item.id, lot.id), words))
            else:
                keys.append(((item.id, None), item.name(t)))
            for key, words in keys:
                self._add_count(key, words, state.held(place, *key))
        if self.saving is not None:
            self.saving.rows = self.rows

    def _add_count(self, key: Key, words: str, held: int) -> None:
        field = QLineEdit()
        field.setMaximumWidth(120)
        field.setAccessibleName(words)
        self.counts[key] = field
        self._labels[key] = words
        self.rows[f"count_{key[0]}_{key[1] or 0}"] = row = FieldWithError(field)
        label = self._ctx.t.format(
            self._ctx.t.gettext("{item} (now {count}):"), item=words, count=held
        )
        self.list_form.addRow(label, row)

    def typed(self) -> dict[Key, str]:
        return {key: field.text() for key, field in self.counts.items() if field.text().strip()}

    def save(self) -> Job | None:
        ctx, t, place = self._ctx, self._ctx.t, self.place.currentData()
        counted = self.typed()
        every = {key: field.text() for key, field in self.counts.items()}  # blank: not counted
        changes = []
        for key, text in counted.items():
            held = self._state.held(place, *key)
            if text.strip().isdigit() and int(text) != held:
                changes.append(
                    t.format(
                        t.gettext("{item}: {before} → {after}"),
                        item=self._labels[key],
                        before=held,
                        after=int(text),
                    )
                )
        question = (
            t.gettext("Write these corrections to the stock?") + "\n\n" + "\n".join(changes)
            if changes
            else t.gettext("The counts match the stock: record the stocktake?")
        )
        if counted and not messages.confirm(
            self, t, question, t.gettext("Write them"), t.gettext("Go back")
        ):
            return None
        return self._write(lambda s: stock.stocktake(s, ctx.actor, ctx.clock, place, every))
