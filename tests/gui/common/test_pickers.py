"""Long lists typed into like a person would: the name meant comes first and Enter takes it.

`Roman` + Enter ticked Aromanian (the first name containing it, alphabetically); now names that
start with what was typed, or have a word that does, come before names that only contain it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from db.models.registry import Person, PersonLanguage
from tests.gui.conftest import activate
from ui.common.language_picker import LanguagePicker
from ui.common.searchable_combo import SearchableCombo, searchable_combo
from ui.registry.person_dialog import PersonDialog

# The offscreen platform cannot raise a pop-up nor give it the keyboard; the completer's
# pop-up still lists and takes keys as it does on a desktop.
_POPUP = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


def _shown(view_model) -> list[str]:
    return [view_model.index(row, 0).data() for row in range(view_model.rowCount())]


def _press_enter(qtbot, widget: QWidget) -> None:
    """Enter where the keyboard is: in the pop-up while it is open, else in the field."""
    popup = widget.completer().popup() if isinstance(widget, SearchableCombo) else None
    target = popup if popup is not None and popup.isVisible() else widget
    qtbot.keyClick(target, Qt.Key.Key_Return)


def _picker(qtbot, window) -> LanguagePicker:
    picker = LanguagePicker(window.ctx)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    activate(picker)
    picker.filter.setFocus()
    return picker


def test_roman_offers_romanian_first_and_enter_ticks_it(qtbot, window):
    picker = _picker(qtbot, window)
    qtbot.keyClicks(picker.filter, "Roman")
    assert _shown(picker.list.model()) == ["Romanian", "Romansh", "Romany", "Aromanian"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.chosen() == ("ro",)
    assert picker.list.currentIndex().data() == "Romanian"
    # The text is selected: the next language replaces it, and Enter ticks that one too.
    qtbot.keyClicks(picker.filter, "ital")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.chosen() == ("it", "ro")
    assert _shown(picker.list.model())[:2] == ["Italian", "Romanian"]  # the match, then ticked


def test_enter_on_nothing_that_matches_ticks_nothing(qtbot, window):
    picker = _picker(qtbot, window)
    qtbot.keyClicks(picker.filter, "qqq")
    assert _shown(picker.list.model()) == []
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.chosen() == ()


def test_down_walks_into_the_list_and_space_ticks(qtbot, window):
    picker = _picker(qtbot, window)
    qtbot.keyClicks(picker.filter, "greek")
    assert _shown(picker.list.model())[:2] == ["Greek", "Ancient Greek"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    assert picker.list.hasFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen() == ("grc",)


@_POPUP
def test_the_country_combo_lists_names_starting_with_the_text_first_and_enter_takes_it(
    qtbot, window
):
    t = window.ctx.t
    combo = searchable_combo(
        [("", ""), *sorted((t.country(code), code) for code in ("SD", "SS", "RO", "GN", "GQ"))]
    )
    qtbot.addWidget(combo)
    combo.show()
    qtbot.waitExposed(combo)
    activate(combo)
    combo.setFocus()
    qtbot.keyClicks(combo, "sudan")
    assert _shown(combo.completer().popup().model()) == ["Sudan", "South Sudan"]
    _press_enter(qtbot, combo)
    assert (combo.currentText(), combo.currentData()) == ("Sudan", "SD")
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo, "guinea")
    assert _shown(combo.completer().popup().model()) == ["Guinea", "Equatorial Guinea"]
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo, "Roman")
    _press_enter(qtbot, combo)
    assert (combo.currentText(), combo.currentData()) == ("Romania", "RO")


@_POPUP
def test_a_new_person_speaks_romanian_from_roman_enter_without_the_form_saving_early(
    qtbot, window, on_next_dialog
):
    def register(dialog) -> None:
        assert isinstance(dialog, PersonDialog)
        activate(dialog)
        qtbot.keyClicks(dialog.family_name, "Rossi")
        qtbot.keyClicks(dialog.given_name, "Maria")
        qtbot.keyClicks(dialog.fields.birth, "1985")
        dialog.fields.country.setFocus()
        qtbot.keyClicks(dialog.fields.country, "Roman")
        _press_enter(qtbot, dialog.fields.country)
        assert dialog.fields.country.currentText() == "Romania"
        dialog.fields.languages.setFocus()
        qtbot.keyClicks(dialog.fields.languages.filter, "Roman")
        qtbot.keyClick(dialog.fields.languages.filter, Qt.Key.Key_Return)
        assert dialog.fields.languages.chosen() == ("ro",)
        assert dialog.isVisible()  # Enter ticked; it did not press Save
        qtbot.keyClicks(dialog.fields.consent_date, "01/03/2026")  # answered: saved at once
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )

    shown = on_next_dialog(register)
    qtbot.keyClick(window.reception.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1
    with window.ctx.database.read() as session:
        person = session.scalars(select(Person)).one()
        languages = session.scalars(
            select(PersonLanguage.language).where(PersonLanguage.person_id == person.id)
        ).all()
    assert (person.country, list(languages)) == ("RO", ["ro"])
