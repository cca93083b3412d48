"""Registering and editing a person at the desk: the code shown before saving, duplicates
flagged, bad input explained next to its field with nothing saved and nothing lost."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox
from sqlalchemy import select

from clinic.registry.codes import CARD_ALPHABET
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person, update_person
from clinic.registry.vocabulary import CodeScheme
from clinic.staff.vocabulary import Role
from db.models.desk import Visit
from db.models.registry import Person
from db.models.vaccinations import VaccineForecast
from tests.conftest import NOW, fill_the_disk
from tests.gui.conftest import activate, press_save, settle
from tests.unit.clinic.vaccinations.test_records import give, lot
from ui.common.jobs import Job
from ui.registry.duplicates_dialog import DuplicatesDialog
from ui.registry.person_dialog import PersonDialog
from ui.registry.person_overview_dialog import PersonOverviewDialog


def _persons(database) -> list[Person]:
    with database.read() as session:
        return list(session.scalars(select(Person).order_by(Person.id)))


def _open_new_person(qtbot, window, on_next_dialog, action) -> list:
    shown = on_next_dialog(action)
    qtbot.keyClick(window.reception.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1
    return shown


def _type(qtbot, edit, text: str) -> None:
    """Type ASCII with the keyboard; paste the rest (QTest has no key for `Ș`)."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def _answer(qtbot, dialog: PersonDialog, family: str, given: str, birth: str, gender: str):
    """The code's questions; consent "not asked" ticked, so saving asks nothing more."""
    _type(qtbot, dialog.family_name, family)
    _type(qtbot, dialog.given_name, given)
    dialog.fields.gender.setCurrentIndex(dialog.fields.gender.findData(gender))
    _type(qtbot, dialog.fields.birth, birth)
    dialog.fields.consent_not_asked.setChecked(True)


def _through_the_summary(on_next_dialog, then):
    """In the person's summary: Ctrl+E, then `then` in the form it opens."""

    def summary(dialog) -> None:
        assert isinstance(dialog, PersonOverviewDialog)
        on_next_dialog(then)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    return summary


def test_a_new_person_sees_their_code_before_saving_and_only_the_code_is_kept(
    qtbot, window, on_next_dialog
):
    previews: list[str] = []

    def register(dialog) -> None:
        assert isinstance(dialog, PersonDialog)
        assert dialog.family_name.hasFocus() or dialog.focusWidget() is dialog.family_name
        _answer(qtbot, dialog, "Rossi", "Maria", "23/05/1985", "woman")
        qtbot.keyClicks(dialog.fields.alias, "Mari")
        previews.append(dialog.code_preview.text())
        dialog.save_button.click()

    _open_new_person(qtbot, window, on_next_dialog, register)
    # Rossi: letters 2, 3, 5 are O, S, I; Maria: A, R; 23 May 1985; woman: 2.
    assert previews == ["OSIAR230519852"]
    [person] = _persons(window.ctx.database)
    assert (person.code, person.alias, person.birth_year) == ("OSIAR230519852", "Mari", 1985)


def test_names_in_other_alphabets_are_transliterated_for_the_code(qtbot, window, on_next_dialog):
    previews: list[str] = []

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Ștefănescu", "Ioana", "01/02/1990", "woman")
        previews.append(dialog.code_preview.text())
        dialog.fields.birth.clear()
        qtbot.keyClicks(dialog.fields.birth, "1990")
        _answer(qtbot, dialog, "", "", "", "trans_woman")  # only the gender changes
        previews.append(dialog.code_preview.text())
        on_next_dialog(lambda box: _answer_box(box, "Close without saving"))
        dialog.reject()

    _open_new_person(qtbot, window, on_next_dialog, register)
    # Stefanescu: T, E, A; Ioana: O, A; a year alone counts as 1 January.
    assert previews == ["TEAOA010219902", "TEAOA010119902"]


def test_a_save_in_progress_holds_the_form_until_the_person_is_written(
    qtbot, window, database, on_next_dialog
):
    """Another desk's write (here: a gate on the writer thread) keeps the save waiting: the
    receptionist can neither save twice nor close the form on a person half-saved."""
    workers, gate = window.ctx.workers, threading.Event()
    seen: list[object] = []

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "1985", "woman")
        workers.start(Job(lambda: gate.wait(10)), workers.writes)
        try:
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            [box] = dialog.findChildren(QDialogButtonBox)
            seen.append([button.isEnabled() for button in box.buttons()])
            if not dialog.isVisible():
                return  # saved at once, nothing held: the assertion below says so
            activate(dialog)
            qtbot.keyClick(dialog.fields.alias, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(dialog.fields.alias, Qt.Key.Key_Escape)
            seen.append((dialog.isVisible(), _persons(database)))
        finally:
            gate.set()
        qtbot.waitUntil(lambda: not dialog.isVisible())

    _open_new_person(qtbot, window, on_next_dialog, register)
    assert seen == [[False, False, False], (True, [])]  # Save, Save and check in, Cancel
    [person] = _persons(database)
    assert person.code == "OSIAR010119852"


BAD_INPUT = [
    ("birth", "31/02/1990", "This date does not exist."),
    ("birth", "12/12/2090", "This date is in the future."),
    ("birth", "banana", "Not a date. Type it as DD/MM/YYYY."),
    ("birth", "1850", "Give a birth year between 1900 and 2026, or a full date."),
    ("alias", "Maria\x07", "Remove the invisible or control characters from this field."),
    ("first_contact", "01/01/2099", "This date is in the future."),
    ("consent_date", "99/99/9999", "This date does not exist."),
]


@pytest.mark.parametrize(("field", "typed", "message"), BAD_INPUT)
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_saved_or_lost(
    qtbot, window, on_next_dialog, field, typed, message
):
    seen: list[tuple[str, bool, str]] = []

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "", "woman")
        edit = getattr(dialog.fields, field)
        edit.clear()
        edit.insert(typed)  # pasted: control characters cannot be typed with QTest
        dialog.save_button.click()
        row = dialog.fields.rows[field]
        seen.append((row.error.text(), dialog.isVisible(), edit.text()))
        seen.append((dialog.family_name.text(), dialog.isVisible(), dialog.given_name.text()))
        on_next_dialog(lambda box: _answer_box(box, "Close without saving"))
        dialog.reject()

    _open_new_person(qtbot, window, on_next_dialog, register)
    assert seen[0] == (message, True, typed)
    assert seen[1] == ("Rossi", True, "Maria")
    assert _persons(window.ctx.database) == []


@pytest.mark.parametrize(
    ("given", "birth", "row", "focus", "message"),
    [
        (
            "Ma\x07ria",
            "1985",
            "given_name",
            "family_name",  # the code's questions are answered again from the first
            "Remove the invisible or control characters from this field.",
        ),
        (
            "Maria",
            "",
            "birth",
            "birth",
            "The code needs at least the birth year. Ask for it, or an approximate year.",
        ),
    ],
)
def test_a_code_that_cannot_be_made_is_explained_under_its_question_and_nothing_is_lost(
    qtbot, window, on_next_dialog, given, birth, row, focus, message
):
    seen: list[object] = []

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "", birth, "woman")
        dialog.given_name.insert(given)  # pasted: control characters cannot be typed with QTest
        activate(dialog)
        dialog.save_button.click()
        rows = {**dialog._answer_rows, **dialog.fields.rows}
        seen.append((rows[row].error.text(), rows[focus].field.hasFocus(), dialog.isVisible()))
        seen.append(
            (dialog.family_name.text(), dialog.given_name.text(), dialog.fields.birth.text())
        )
        on_next_dialog(lambda box: _answer_box(box, "Close without saving"))
        dialog.reject()

    _open_new_person(qtbot, window, on_next_dialog, register)
    assert seen == [(message, True, True), ("Rossi", given, birth)]
    assert _persons(window.ctx.database) == []


def _answer_box(box, answer: str) -> None:
    assert isinstance(box, QMessageBox)
    [button] = [b for b in box.buttons() if b.text() == answer]
    button.click()


def test_closing_a_filled_form_asks_first_and_keeping_it_keeps_everything(
    qtbot, window, on_next_dialog
):
    kept: list[str] = []

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "1985", "woman")
        on_next_dialog(lambda box: _answer_box(box, "Keep editing"))
        dialog.reject()
        kept.append(dialog.fields.birth.text())
        kept.append(str(dialog.isVisible()))
        on_next_dialog(lambda box: _answer_box(box, "Close without saving"))
        dialog.reject()

    _open_new_person(qtbot, window, on_next_dialog, register)
    assert kept == ["1985", "True"]


def _registered(database, clock, reception, code: str, **fields: str) -> int:
    record = validate_person(PersonForm(**fields), "it_IT", NOW.date())
    with database.write() as session:
        return register_person(session, reception, clock, record, code).id


def test_a_different_person_with_the_same_code_is_saved_with_a_suffix(
    qtbot, window, database, clock, reception, on_next_dialog
):
    _registered(database, clock, reception, "OSIAR230519852", gender="woman", birth="23/05/1985")
    flagged: list[list[str]] = []

    def choose(dialog) -> None:
        assert isinstance(dialog, DuplicatesDialog)
        flagged.append([dialog.model.row(r).code for r in range(dialog.model.rowCount())])
        dialog.different_button.click()

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "23/05/1985", "woman")
        on_next_dialog(choose)
        dialog.save_button.click()

    _open_new_person(qtbot, window, on_next_dialog, register)
    assert flagged == [["OSIAR230519852"]]
    assert [p.code for p in _persons(database)] == ["OSIAR230519852", "OSIAR230519852/2"]


def test_the_same_person_opens_their_own_record_and_nothing_new_is_saved(
    qtbot, window, database, clock, reception, on_next_dialog
):
    _registered(
        database, clock, reception, "OSIAR230519852", alias="Mari", gender="woman", birth="1985"
    )
    opened: list[tuple[str, str]] = []

    def look(dialog) -> None:
        opened.append((dialog.windowTitle(), dialog.rows["alias"].text()))
        dialog.reject()

    def choose(dialog) -> None:
        on_next_dialog(look)
        dialog.same_button.click()

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "23/05/1985", "woman")
        on_next_dialog(choose)
        dialog.save_button.click()

    _open_new_person(qtbot, window, on_next_dialog, register)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [("Person OSIAR230519852", "Mari")]
    assert [p.code for p in _persons(database)] == ["OSIAR230519852"]


def test_a_close_code_with_the_same_birth_year_and_gender_is_flagged(
    qtbot, window, database, clock, reception, on_next_dialog
):
    _registered(database, clock, reception, "OSIAR230519852", gender="woman", birth="1985")
    flagged: list[str] = []

    def back(dialog) -> None:
        flagged.append(dialog.model.row(0).code)
        dialog.back_button.click()

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rosi", "Maria", "23/05/1985", "woman")  # one letter less
        on_next_dialog(back)
        dialog.save_button.click()
        flagged.append(dialog.family_name.text())  # back in the form, answers still there
        on_next_dialog(lambda box: _answer_box(box, "Close without saving"))
        dialog.reject()

    _open_new_person(qtbot, window, on_next_dialog, register)
    assert flagged == ["OSIAR230519852", "Rosi"]
    assert len(_persons(database)) == 1


def test_with_card_codes_the_code_is_shown_before_saving(
    qtbot, make_window, database, on_next_dialog
):
    window = make_window(scheme=CodeScheme.CARD)
    shown: list[str] = []

    def register(dialog) -> None:
        shown.append(dialog.code_preview.text())
        assert not dialog.family_name.isVisible()
        dialog.fields.birth.insert("1990")
        dialog.fields.consent_date.insert("10/03/2026")
        dialog.save_button.click()

    _open_new_person(qtbot, window, on_next_dialog, register)
    [code] = shown
    assert len(code) == 9
    assert code[4] == "-"
    assert set(code.replace("-", "")) <= set(CARD_ALPHABET)
    assert [p.code for p in _persons(database)] == [code]


def test_a_card_code_taken_meanwhile_is_explained_and_another_one_drawn(
    qtbot, make_window, database, clock, reception, on_next_dialog
):
    window = make_window(scheme=CodeScheme.CARD)
    seen: list[str] = []

    def warned(box) -> None:
        seen.append(box.text())
        box.accept()

    def register(dialog) -> None:
        seen.append(dialog.code_preview.text())
        _registered(database, clock, reception, seen[0], birth="1980")  # another desk, same card
        dialog.fields.birth.insert("1990")
        dialog.fields.consent_date.insert("10/03/2026")
        on_next_dialog(warned)
        press_save(qtbot, dialog)
        seen.append(dialog.code_preview.text())
        dialog.save_button.click()

    _open_new_person(qtbot, window, on_next_dialog, register)
    first, message, second = seen
    assert message == "Another person already has this code."
    assert second != first
    assert [p.code for p in _persons(database)] == [first, second]


def test_an_edit_is_saved_and_listed_in_the_record_history(
    qtbot, window, database, clock, reception, on_next_dialog
):
    _registered(database, clock, reception, "OSIAR230519852", alias="Maria", birth="1985")

    def edit(dialog) -> None:
        dialog.fields.alias.clear()
        qtbot.keyClicks(dialog.fields.alias, "Maria Luisa")
        dialog.save_button.click()

    on_next_dialog(_through_the_summary(on_next_dialog, edit))
    qtbot.keyClicks(window.reception.search, "maria")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _persons(database)[0].revision == 2)
    [person] = _persons(database)
    assert (person.alias, person.revision) == ("Maria Luisa", 2)

    history: list[list[str]] = []

    def look(dialog) -> None:
        model = dialog.history
        history.append([model.index(0, c).data() for c in range(model.columnCount())])
        dialog.reject()

    activate(window)
    on_next_dialog(_through_the_summary(on_next_dialog, look))
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(history))
    assert history == [["10/03/2026, 10:30", "Desk (reception)", "Alias"]]


def test_a_birth_date_corrected_in_the_form_moves_the_stored_vaccine_forecast(
    qtbot, window, database, clock, reception, actors, on_next_dialog
):
    """Started at 14, HPV is a 2-dose series: the worklist's next dose moves with the birth date
    the desk corrects, in the same save (`clinic.person_file.editing`)."""
    code = "NAOOA031119912"
    person_id = _registered(
        database, clock, reception, code, alias="Ana", gender="woman", birth="03/11/1991"
    )
    gardasil = lot(database, actors[Role.NURSE], clock, "Gardasil")
    give(
        database, actors[Role.NURSE], clock, person_id, gardasil.id, gardasil.product_id, NOW.date()
    )

    def edit(dialog) -> None:
        dialog.fields.birth.clear()
        qtbot.keyClicks(dialog.fields.birth, "03/11/2011")
        dialog.save_button.click()

    on_next_dialog(_through_the_summary(on_next_dialog, edit))
    qtbot.keyClicks(window.reception.search, "ana")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _persons(database)[0].revision == 2)
    with database.read() as session:
        hpv = session.get(VaccineForecast, (person_id, "HPV"))
    assert hpv.earliest == dt.date(2026, 8, 10)  # 5 months after the first dose, not 4 weeks


def test_someone_else_saving_first_is_explained_and_the_form_kept(
    qtbot, window, database, clock, reception, on_next_dialog
):
    person_id = _registered(database, clock, reception, "OSIAR230519852", alias="Maria")
    seen: list[str] = []

    def edit(dialog) -> None:
        other = validate_person(PersonForm(alias="Mara"), "it_IT", NOW.date())
        with database.write() as session:  # another desk saves the same person meanwhile
            update_person(session, reception, clock, person_id, 1, other)
        dialog.fields.alias.clear()
        qtbot.keyClicks(dialog.fields.alias, "Maria Luisa")

        def warned(box) -> None:
            seen.append(box.text())
            box.accept()

        on_next_dialog(warned)
        press_save(qtbot, dialog)
        seen.append(dialog.fields.alias.text())
        on_next_dialog(lambda box: _answer_box(box, "Close without saving"))
        dialog.reject()

    on_next_dialog(_through_the_summary(on_next_dialog, edit))
    qtbot.keyClicks(window.reception.search, "osiar")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[0].startswith("Someone else changed this record while you were editing.")
    assert seen[1] == "Maria Luisa"
    [person] = _persons(database)
    assert person.alias == "Mara"


def test_a_full_disk_is_explained_and_the_form_kept(
    qtbot, window, database, clock, reception, on_next_dialog
):
    fill_the_disk(database, reception, clock)
    persons = len(_persons(database))
    seen: list[str] = []

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "23/05/1985", "woman")

        def warned(box) -> None:
            seen.append(box.text())
            box.accept()

        on_next_dialog(warned)
        press_save(qtbot, dialog)
        seen.append(
            f"{dialog.isVisible()} {dialog.family_name.text()} {dialog.fields.birth.text()}"
        )
        on_next_dialog(lambda box: _answer_box(box, "Close without saving"))
        dialog.reject()

    _open_new_person(qtbot, window, on_next_dialog, register)
    assert seen[0].startswith("The database could not save this (the disk may be full")
    assert seen[1] == "True Rossi 23/05/1985"
    assert len(_persons(database)) == persons


def test_a_new_person_form_assumes_nothing(qtbot, window, on_next_dialog):
    seen: list[tuple[str, str, str, str]] = []

    def look(dialog) -> None:
        fields = dialog.fields
        seen.append(
            (
                fields.gender.currentData(),
                fields.engagement.currentData(),
                fields.first_contact.text(),
                dialog.code_preview.text(),
            )
        )
        dialog.reject()

    _open_new_person(qtbot, window, on_next_dialog, look)
    assert seen == [("not_stated", "not_stated", "10/03/2026", "(needs the birth year)")]


@pytest.mark.parametrize("alias", ["x'); DROP TABLE person;--", "100% _a_", "Жанна", "<b>Zoë</b>"])
def test_an_alias_with_sql_or_markup_characters_is_kept_exactly(
    qtbot, window, database, on_next_dialog, alias
):
    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "1985", "woman")
        dialog.fields.alias.insert(alias)
        dialog.save_button.click()

    _open_new_person(qtbot, window, on_next_dialog, register)
    [person] = _persons(database)
    assert person.alias == alias
    window.reception.search.setText(alias)
    window.reception.run_search()
    assert window.reception.results_proxy.index(0, 1).data() == alias


def test_save_and_check_in_registers_then_asks_the_reasons(qtbot, window, database, on_next_dialog):
    headings: list[str] = []

    def reasons(dialog) -> None:
        headings.append(dialog.findChildren(QLabel)[0].text())
        activate(dialog)
        QTest.keyClick(dialog, "5")  # rest, shower, laundry
        [box] = dialog.findChildren(QDialogButtonBox)
        box.button(QDialogButtonBox.StandardButton.Ok).click()

    def register(dialog) -> None:
        _answer(qtbot, dialog, "Rossi", "Maria", "1985", "woman")
        qtbot.keyClicks(dialog.fields.alias, "Mari")
        on_next_dialog(reasons)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _open_new_person(qtbot, window, on_next_dialog, register)
    settle(qtbot, window)
    [person] = _persons(database)
    assert headings == ["OSIAR010119852 · Mari"]
    with database.read() as session:
        [visit] = session.scalars(select(Visit)).all()
        assert (visit.person_id, visit.reasons) == (person.id, {"rest"})
