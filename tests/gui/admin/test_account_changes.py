"""Sessions follow the account: a desk opened before a coordinator changed the account refuses
its next action, says why, and the refusal is in the audit trail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.audit.transactions import writing
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.management import change_role
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from tests.conftest import NOW

CODE = "NAOOA031119912"


def test_a_nurse_demoted_while_her_desk_is_open_is_told_why_her_next_read_is_refused(
    qtbot, make_window, database, actors, clock, on_next_dialog
):
    record = validate_person(PersonForm(alias="Ana", birth="1991"), "en_GB", NOW.date())
    with database.write() as session:
        register_person(session, actors[Role.RECEPTION], clock, record, CODE)
    nurse = actors[Role.NURSE]
    window = make_window(Role.NURSE)
    window.show_page(window.reception)
    reception = window.reception
    QTest.keyClicks(reception.search, CODE)
    qtbot.waitUntil(lambda: reception.results.rowCount() == 1)
    QTest.keyClick(reception.search, Qt.Key.Key_Down)  # she has found the person...
    # ...when the coordinator, at another desk, demotes her
    with writing(database, clock) as session:
        change_role(session, actors[Role.ADMIN], clock, nurse.staff_id, Role.RECEPTION)

    shown: list[str] = []

    def read(box):
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    handled = on_next_dialog(read)
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(reception.results_view, Qt.Key.Key_V, keys)
    qtbot.waitUntil(lambda: bool(handled))
    assert "changed your account (its role or training)" in shown[0]
    with database.read() as session:
        denials = session.scalars(select(AuditEvent).where(AuditEvent.action == Action.DENIED))
        assert (nurse.staff_id, "vaccination.read") in [(e.staff_id, e.fields) for e in denials]
