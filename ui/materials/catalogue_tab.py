"""The Stock page's Catalogue tab (the coordinator): the items handed out and kept, and the
places that hold them.

Above, every item in the catalogue's order, retired ones too, greyed and said so: Ctrl+N adds
one, Enter or Ctrl+E changes the one chosen, Ctrl+R retires it (no longer received or handed
out; its history stays), Ctrl+Shift+R offers it again. Below, the places, added, renamed
(Enter) and retired or used again by their buttons. Del retires what is chosen in the list that
has the focus. Nothing is deleted. After each change the page reads the stock again, so the
balances and the dialogs offer what the catalogue now holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.common.errors import KnownError
from clinic.common.permissions import Permission
from clinic.i18n.translator import Translator
from clinic.materials import catalogue, keeping
from clinic.materials.catalogue import Item, Place
from clinic.materials.words import CATEGORIES, PLACE_KINDS, UNITS
from ui.admin.offered_rows import (
    OfferedRowsModel,
    selected_offered,
    show_rows_keeping,
    watch_selection,
)
from ui.common import messages, theme
from ui.common.desk_buttons import DeskButtons
from ui.common.jobs import Job
from ui.common.row_table_model import Column
from ui.common.shortcuts import shortcut
from ui.common.table_view import row_table
from ui.context import DeskContext
from ui.materials.catalogue_dialogs import ItemDialog, PlaceDialog
from ui.operations import Loader, run_write

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Catalogue = tuple[list[Item], list[Place]]


def state_column(t: Translator) -> Column[Any]:
    """In use or retired, in words (the grey is not the only sign); those in use first."""
    return Column(
        lambda: t.gettext("State"),
        lambda row: t.gettext("In use") if row.active else t.gettext("Retired"),
        lambda row: not row.active,
        width=10,
    )


def items_model(t: Translator) -> OfferedRowsModel[Item]:
    _ = t.gettext

    def limit(value: int | None) -> str:
        return "" if value is None else str(value)

    return OfferedRowsModel(
        [
            Column(
                lambda: _("Name"),
                lambda i: i.name(t),
                lambda i: i.name(t).casefold(),
                width=24,
                stretch=True,
            ),
            Column(lambda: _("Category"), lambda i: _(CATEGORIES[i.category]), width=14),
            Column(lambda: _("Unit"), lambda i: _(UNITS[i.unit]), width=6),
            Column(lambda: _("Lots"), lambda i: _("Yes") if i.tracks_lots else _("No"), width=4),
            Column(
                lambda: _("Per contact"),
                lambda i: limit(i.contact_limit),
                lambda i: i.contact_limit or 0,
                RIGHT,
                width=8,
            ),
            Column(
                lambda: _("Per week"),
                lambda i: limit(i.weekly_limit),
                lambda i: i.weekly_limit or 0,
                RIGHT,
                width=8,
            ),
            state_column(t),
        ]
    )


def places_model(t: Translator) -> OfferedRowsModel[Place]:
    _ = t.gettext
    return OfferedRowsModel(
        [
            Column(
                lambda: _("Name"),
                lambda p: p.name(t),
                lambda p: p.name(t).casefold(),
                width=24,
                stretch=True,
            ),
            Column(lambda: _("Kind"), lambda p: _(PLACE_KINDS[p.kind]), width=14),
            state_column(t),
        ]
    )


def read_catalogue(session: Session, ctx: DeskContext) -> Catalogue:
    actor = ctx.actor
    return (
        catalogue.items(session, actor, active_only=False),
        catalogue.places(session, actor, active_only=False),
    )


class CatalogueTab(QWidget):
    changed = Signal()  # an item or a place saved: the page reads the stock again

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._keep: tuple[int | None, int | None] = (None, None)  # (item, place) to select
        self.items_model = items_model(ctx.t)
        self.items_view, _proxy = row_table(self.items_model, "catalogueItems")
        self.places_model = places_model(ctx.t)
        self.places_view, _proxy = row_table(self.places_model, "cataloguePlaces")
        self.items_view.activated.connect(lambda _index: self.change_item())
        self.places_view.activated.connect(lambda _index: self.rename_place())
        self.loader = Loader(ctx, self, self._show_rows)
        self._lay_out(self._item_buttons(), self._place_buttons())

    def _item_buttons(self) -> QHBoxLayout:
        _ = self._ctx.t.gettext
        may = Permission.STOCK_KEEP
        buttons = DeskButtons(self._ctx.actor, self)
        self.new_item_button = buttons.add(_("New &item..."), "Ctrl+N", self.new_item, may)
        self.change_button = buttons.add(_("&Change item..."), "Ctrl+E", self.change_item, may)
        self.retire_item_button = buttons.add(_("&Retire item..."), "Ctrl+R", self.retire_item, may)
        self.offer_button = buttons.add(
            _("&Offer item again"), "Ctrl+Shift+R", self.offer_item_again, may
        )
        shortcut("Del", self, self.retire_chosen, _("Retire the item or place chosen"))
        update = watch_selection(self.items_view, self.retire_item_button, self.offer_button)
        self._update_items = self._also_chosen(self.items_view, self.change_button, update)
        return _row(
            self.new_item_button, self.change_button, self.retire_item_button, self.offer_button
        )

    def _place_buttons(self) -> QHBoxLayout:
        _ = self._ctx.t.gettext
        self.new_place_button = _button(_("New &place..."), self.new_place)
        self.rename_button = _button(_("R&ename place..."), self.rename_place)
        self.retire_place_button = _button(_("Re&tire place..."), self.retire_place)
        self.use_button = _button(_("&Use again"), self.use_place_again)
        update = watch_selection(self.places_view, self.retire_place_button, self.use_button)
        self._update_places = self._also_chosen(self.places_view, self.rename_button, update)
        return _row(
            self.new_place_button, self.rename_button, self.retire_place_button, self.use_button
        )

    @staticmethod
    def _also_chosen(
        view: QTableView, button: QPushButton, update: Callable[[], None]
    ) -> Callable[[], None]:
        """`update`, and `button` usable while a row is chosen."""

        def both() -> None:
            update()
            button.setEnabled(selected_offered(view) is not None)

        view.selectionModel().selectionChanged.connect(lambda *_args: both())
        both()
        return both

    def _lay_out(self, item_buttons: QHBoxLayout, place_buttons: QHBoxLayout) -> None:
        _ = self._ctx.t.gettext
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(_("Items")))
        layout.addWidget(self.items_view, 3)
        layout.addLayout(item_buttons)
        layout.addSpacing(theme.GROUP_SPACING)
        layout.addWidget(_heading(_("Places")))
        layout.addWidget(self.places_view, 1)
        layout.addLayout(place_buttons)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: the catalogue as it is now (another desk may have changed it)."""
        super().showEvent(event)
        self.reload()
        self.items_view.setFocus()

    def reload(self) -> None:
        """Every item and place, retired ones too, read in the background."""
        ctx = self._ctx
        self.loader.load(lambda s: read_catalogue(s, ctx))

    def _show_rows(self, read: Catalogue) -> None:
        items, places = read
        show_rows_keeping(self.items_view, self.items_model, items, self._keep[0])
        show_rows_keeping(self.places_view, self.places_model, places, self._keep[1])
        self._keep = (None, None)
        self._update_items()
        self._update_places()

    def selected_item(self) -> Item | None:
        item = selected_offered(self.items_view)
        return item if isinstance(item, Item) else None

    def selected_place(self) -> Place | None:
        place = selected_offered(self.places_view)
        return place if isinstance(place, Place) else None

    def new_item(self) -> None:
        self._open(ItemDialog(self._ctx, self, None), item=True)

    def change_item(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._open(ItemDialog(self._ctx, self, item), item=True)

    def new_place(self) -> None:
        self._open(PlaceDialog(self._ctx, self, None), item=False)

    def rename_place(self) -> None:
        place = self.selected_place()
        if place is not None:
            self._open(PlaceDialog(self._ctx, self, place), item=False)

    def _open(self, dialog: ItemDialog | PlaceDialog, *, item: bool) -> None:
        try:
            dialog.exec()
            saved = dialog.saved_id
        finally:
            dialog.deleteLater()
        if saved is not None:
            self._keep = (saved, None) if item else (None, saved)
            self._saved()

    def retire_chosen(self) -> None:
        """Del: the place when the places have the focus, else the item."""
        if self.places_view.hasFocus():
            self.retire_place()
        else:
            self.retire_item()

    def retire_item(self) -> None:
        item, t = self.selected_item(), self._ctx.t
        if item is None or not item.active:
            return
        question = t.format(
            t.gettext(
                "Retire “{item}”? It will no longer be received or handed out; its history "
                "stays. You can offer it again later."
            ),
            item=item.name(t),
        )
        if messages.confirm(self, t, question, t.gettext("Retire"), t.gettext("Keep it")):
            self._set_item_active(item, active=False)

    def offer_item_again(self) -> None:
        item = self.selected_item()
        if item is not None and not item.active:
            self._set_item_active(item, active=True)

    def retire_place(self) -> None:
        place, t = self.selected_place(), self._ctx.t
        if place is None or not place.active:
            return
        question = t.format(
            t.gettext(
                "Retire “{place}”? Nothing will be received, moved or handed out there any "
                "more; its history stays. You can use it again later."
            ),
            place=place.name(t),
        )
        if messages.confirm(self, t, question, t.gettext("Retire"), t.gettext("Keep it")):
            self._set_place_active(place, active=False)

    def use_place_again(self) -> None:
        place = self.selected_place()
        if place is not None and not place.active:
            self._set_place_active(place, active=True)

    def _set_item_active(self, item: Item, *, active: bool) -> Job | None:
        ctx = self._ctx
        self._keep = (item.id, None)
        return self._write(
            lambda s: keeping.set_item_active(s, ctx.actor, ctx.clock, item.id, active=active)
        )

    def _set_place_active(self, place: Place, *, active: bool) -> Job | None:
        ctx = self._ctx
        self._keep = (None, place.id)
        return self._write(
            lambda s: keeping.set_place_active(s, ctx.actor, ctx.clock, place.id, active=active)
        )

    def _write(self, work: Callable[[Session], None]) -> Job | None:
        return run_write(self._ctx, self, work, lambda _none: self._saved(), failed=self._refused)

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()

    def _refused(self, error: KnownError) -> None:
        """The last dispensary kept, or something another desk changed: said, then shown as
        it is."""
        messages.show_error(self, self._ctx.t, error)
        self.reload()


def _button(text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    return label
