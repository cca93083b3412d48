"""The Stock page's Catalogue tab (issue 13), by keyboard on the real window: the coordinator
adds an item that the balances and the Receive dialog then offer, changes its limit, retires it
and offers it again; a bad limit stays in its form with its message; a place added and renamed
is offered by the balances' place filter; the last dispensary is kept; only the coordinator has
the tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic.materials import catalogue
from clinic.staff.vocabulary import Role
from tests.gui.conftest import activate, press, settle
from ui.main_window import MainWindow
from ui.materials.catalogue_dialogs import ItemDialog, PlaceDialog
from ui.materials.catalogue_tab import CatalogueTab
from ui.materials.stock_dialogs import ReceiveDialog
from ui.materials.stock_page import StockPage

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _stock(qtbot, window: MainWindow) -> StockPage:
    page = window.stock_page
    assert page is not None
    window.show_page(page)
    settle(qtbot, window)
    return page


def _alt(qtbot, page: StockPage, key: Qt.Key) -> None:
    """Alt+`key`: a tab chosen by its underlined letter."""
    activate(page)
    QTest.keyClick(page, key, ALT)
    settle(qtbot, page.window())


def _catalogue(qtbot, page: StockPage) -> CatalogueTab:
    _alt(qtbot, page, Qt.Key.Key_L)
    tab = page.tabs.currentWidget()
    assert isinstance(tab, CatalogueTab)
    return tab


def _keys(qtbot, widget: QWidget, key: Qt.Key, modifiers=CTRL) -> None:
    activate(widget)
    QTest.keyClick(widget, key, modifiers)
    settle(qtbot, widget.window())


def _cells(view) -> list[list[str]]:
    model = view.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _select(view, name: str) -> int:
    """The row named `name` chosen with the arrow keys, as a person does; its number."""
    view.setFocus()
    names = [cells[0] for cells in _cells(view)]
    QTest.keyClick(view, Qt.Key.Key_Home, CTRL)
    for _row in range(names.index(name)):
        QTest.keyClick(view, Qt.Key.Key_Down)
    [chosen] = view.selectionModel().selectedRows()
    assert chosen.row() == names.index(name)
    return chosen.row()


def _selected(view) -> list[str]:
    [index] = view.selectionModel().selectedRows()
    return _cells(view)[index.row()]


def _answer(text: str):
    def click(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        press(box, text)

    return click


def _receivable(qtbot, page: StockPage, on_next_dialog) -> list[str]:
    """The items the Receive dialog offers, opened by its key from the Balances tab."""
    _alt(qtbot, page, Qt.Key.Key_B)
    offered: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ReceiveDialog)
        offered.extend(dialog.item.itemText(i) for i in range(dialog.item.count()))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    handled = on_next_dialog(read)
    _keys(qtbot, page, Qt.Key.Key_R)
    assert handled
    return offered


def _balance_names(page: StockPage) -> set[str]:
    model = page.balances.view.model()
    return {model.index(row, 0).data() for row in range(model.rowCount())}


def test_an_item_added_by_keyboard_is_in_the_balances_and_receive_then_its_limit_changed(
    qtbot, make_window, database, actors, on_next_dialog
):
    window = make_window(Role.ADMIN)
    page = _stock(qtbot, window)
    tab = _catalogue(qtbot, page)
    assert not page.receive_button.isVisible()  # Ctrl+R retires here: one key, one meaning

    def add(dialog: QWidget) -> None:
        assert isinstance(dialog, ItemDialog)
        activate(dialog)
        assert QApplication.focusWidget() is dialog.names["en"]  # the user's language first
        QTest.keyClicks(dialog.names["en"], "Hand cream")
        QTest.keyClicks(dialog.category, "Hy")
        QTest.keyClicks(dialog.unit, "pi")
        QTest.keyClicks(dialog.contact_limit, "3")
        QTest.keyClicks(dialog.weekly_limit, "6")
        QTest.keyClick(dialog.weekly_limit, Qt.Key.Key_Return)

    handled = on_next_dialog(add)
    _keys(qtbot, tab, Qt.Key.Key_N)
    assert handled
    assert _selected(tab.items_view) == ["Hand cream", "Hygiene", "piece", "No", "3", "6", "In use"]
    assert _cells(tab.items_view)[-1][0] == "Hand cream"  # at the end of the catalogue
    assert "Hand cream" in _balance_names(page)
    assert "Hand cream" in _receivable(qtbot, page, on_next_dialog)

    tab = _catalogue(qtbot, page)
    _select(tab.items_view, "Hand cream")
    seen: list[str] = []

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, ItemDialog)
        seen.extend([dialog.names["en"].text(), dialog.contact_limit.text()])
        assert not dialog.tracks_lots.isEnabled()  # chosen when it was added
        dialog.contact_limit.setFocus()
        dialog.contact_limit.selectAll()
        QTest.keyClicks(dialog.contact_limit, "4")
        QTest.keyClick(dialog.contact_limit, Qt.Key.Key_Return)

    on_next_dialog(change)
    QTest.keyClick(tab.items_view, Qt.Key.Key_Return)  # Enter changes the item chosen
    settle(qtbot, window)
    assert seen == ["Hand cream", "3"]
    assert _selected(tab.items_view)[4:6] == ["4", "6"]
    with database.read() as session:
        items = catalogue.items(session, actors[Role.ADMIN])
    [cream] = [i for i in items if ("en", "Hand cream") in i.names]
    assert (cream.contact_limit, cream.weekly_limit) == (4, 6)


def test_a_retired_item_is_greyed_no_longer_received_and_offered_again(
    qtbot, make_window, database, actors, on_next_dialog
):
    window = make_window(Role.ADMIN)
    page = _stock(qtbot, window)
    assert "Dental dam" in _receivable(qtbot, page, on_next_dialog)
    tab = _catalogue(qtbot, page)
    row = _select(tab.items_view, "Dental dam")
    asked: list[str] = []

    def retire(box: QWidget) -> None:
        asked.append(box.text())
        _answer("Retire")(box)

    on_next_dialog(retire)
    _keys(qtbot, tab.items_view, Qt.Key.Key_R)
    assert asked == [
        "Retire “Dental dam”? It will no longer be received or handed out; its history stays. "
        "You can offer it again later."
    ]
    assert _selected(tab.items_view)[0::6] == ["Dental dam", "Retired"]
    grey = QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    model = tab.items_view.model()
    assert model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) == grey
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # Condom, in use
    assert not tab.retire_item_button.isEnabled()
    assert tab.offer_button.isEnabled()
    assert "Dental dam" not in _receivable(qtbot, page, on_next_dialog)
    assert "Dental dam" not in _balance_names(page)  # it held nothing

    tab = _catalogue(qtbot, page)
    _select(tab.items_view, "Dental dam")
    _keys(qtbot, tab.items_view, Qt.Key.Key_R, CTRL | SHIFT)
    assert _selected(tab.items_view)[0::6] == ["Dental dam", "In use"]
    with database.read() as session:
        in_use = catalogue.items(session, actors[Role.ADMIN])
    assert "Dental dam" in [i.name(window.ctx.t) for i in in_use]
    assert "Dental dam" in _receivable(qtbot, page, on_next_dialog)


@pytest.mark.parametrize("limit", ["abc", "0"])
def test_a_bad_limit_is_said_under_its_field_and_the_name_kept(
    qtbot, make_window, database, actors, on_next_dialog, limit
):
    window = make_window(Role.ADMIN)
    tab = _catalogue(qtbot, _stock(qtbot, window))
    seen: list[object] = []

    def add(dialog: QWidget) -> None:
        activate(dialog)
        QTest.keyClicks(dialog.names["en"], "Hand cream")
        QTest.keyClicks(dialog.category, "Hy")
        QTest.keyClicks(dialog.unit, "pi")
        QTest.keyClicks(dialog.contact_limit, limit)
        QTest.keyClick(dialog.contact_limit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.saving.busy)
        seen.extend(
            [
                dialog.rows["contact_limit"].error.text(),
                dialog.rows["weekly_limit"].error.isVisible(),
                dialog.names["en"].text(),
                dialog.contact_limit.text(),
                dialog.isVisible(),
            ]
        )
        on_next_dialog(_answer("Close without saving"))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # typed text: asked first

    on_next_dialog(add)
    _keys(qtbot, tab, Qt.Key.Key_N)
    assert seen == ["Give a whole number between 1 and 10000.", False, "Hand cream", limit, True]
    assert QApplication.activeModalWidget() is None
    assert "Hand cream" not in [cells[0] for cells in _cells(tab.items_view)]
    with database.read() as session:
        items = catalogue.items(session, actors[Role.ADMIN], active_only=False)
    assert not [i for i in items if ("en", "Hand cream") in i.names]


def test_a_place_added_then_renamed_is_offered_by_the_balances_filter(
    qtbot, make_window, on_next_dialog
):
    window = make_window(Role.ADMIN)
    page = _stock(qtbot, window)
    tab = _catalogue(qtbot, page)

    def add(dialog: QWidget) -> None:
        assert isinstance(dialog, PlaceDialog)
        activate(dialog)
        QTest.keyClicks(dialog.name, "Van Nord")
        QTest.keyClicks(dialog.kind, "Outreach")
        QTest.keyClick(dialog.kind, Qt.Key.Key_Return)

    handled = on_next_dialog(add)
    _keys(qtbot, tab, Qt.Key.Key_P, ALT)  # New place...: the button clicked a moment later
    qtbot.waitUntil(lambda: bool(handled))
    settle(qtbot, window)
    assert _selected(tab.places_view) == ["Van Nord", "Outreach bag or van", "In use"]

    def rename(dialog: QWidget) -> None:
        assert dialog.name.text() == "Van Nord"
        dialog.name.selectAll()
        QTest.keyClicks(dialog.name, "Van Sud")
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)

    handled = on_next_dialog(rename)
    tab.places_view.setFocus()
    QTest.keyClick(tab.places_view, Qt.Key.Key_Return)  # Enter renames the place chosen
    settle(qtbot, window)
    assert handled
    assert _selected(tab.places_view) == ["Van Sud", "Outreach bag or van", "In use"]
    _alt(qtbot, page, Qt.Key.Key_B)
    places = [page.balances.place.itemText(i) for i in range(page.balances.place.count())]
    assert places == ["All places", "Dispensary", "Outreach bag", "Van Sud"]
    assert page.consumption is not None
    box = page.consumption.place
    assert [box.itemText(i) for i in range(box.count())] == places  # its filter too


def test_retiring_the_only_dispensary_is_refused_with_its_reason(
    qtbot, make_window, on_next_dialog
):
    window = make_window(Role.ADMIN)
    tab = _catalogue(qtbot, _stock(qtbot, window))
    _select(tab.places_view, "Dispensary")
    told: list[str] = []

    def refused(box: QWidget) -> None:
        told.append(box.text())
        box.accept()

    def retire(box: QWidget) -> None:
        on_next_dialog(refused)
        _answer("Retire")(box)

    on_next_dialog(retire)
    _keys(qtbot, tab.places_view, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: bool(told))
    settle(qtbot, window)
    assert told == [
        "This is the last dispensary in use: the desk's stock is kept there. Add another one first."
    ]
    assert _selected(tab.places_view) == ["Dispensary", "Dispensary", "In use"]
    assert "Dental dam" in [cells[0] for cells in _cells(tab.items_view)]  # no item retired


@pytest.mark.parametrize("role", [Role.NURSE, Role.RECEPTION])
def test_only_the_coordinator_has_the_catalogue(qtbot, make_window, role):
    window = make_window(role)
    page = _stock(qtbot, window)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Cata&logue" not in tabs
    assert page.catalogue is None
    assert not window.findChildren(CatalogueTab)
