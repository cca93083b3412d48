"""The desk's tables show each row as a person reads it, and their models keep Qt's rules.

Each model is filled with a few hand-written rows and its displayed grid compared with a grid
written by hand from what the desk must say (the clock is 10:30 in Rome, 09:30 UTC); pytest-qt's
`qtmodeltester` then checks the model against Qt's own model contract, with those rows in it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from clinic.audit.log import AuditRow, PersonState
from clinic.backups.backing_up import Backup
from clinic.care.directory import Service
from clinic.care.lists import ListEntry
from clinic.care.vocabulary import CareList, ServiceKind
from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.desk.checkin import QueueEntry
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.i18n.translator import translator
from clinic.registry.persons import Change, PersonSummary
from clinic.registry.vocabulary import CodeScheme, Gender
from clinic.settings.configuration import ClinicSettings
from clinic.staff.management import StaffAccount
from clinic.staff.vocabulary import Role
from clinic.vaccinations.appointments import Appointment
from clinic.vaccinations.records import DoseRow
from clinic.vaccinations.status import GroupStatus, Verdict
from clinic.vaccinations.vocabulary import AppointmentStatus, ForecastStatus, VaccineSchedule
from clinic.vaccinations.worklist import Urgency, WorklistRow
from db.engine import Database
from db.folder import DataFolder
from ui.admin import restore_dialog
from ui.admin.audit_tab import audit_model
from ui.admin.backups_tab import backups_model
from ui.admin.care_lists_tab import entries_model
from ui.admin.services_tab import services_model
from ui.admin.staff_tab import staff_model
from ui.common.language_picker import LanguageList
from ui.common.row_table_model import RowTableModel
from ui.context import DeskContext
from ui.reception.queue_model import queue_model
from ui.registry import person_dialog
from ui.registry.person_results_model import person_results_model
from ui.vaccinations import vaccination_dialog
from ui.vaccinations.appointments_tab import appointments_model
from ui.vaccinations.worklist_tab import worklist_model


def utc(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def desk(
    database: Database, data_folder: DataFolder, clock: Clock, actors: dict[Role, Actor]
) -> Callable[[Role], DeskContext]:
    """The desk of a role, in English, in Rome."""
    clinic = ClinicSettings(CodeScheme.SLK581, "Europe/Rome")

    def of(role: Role) -> DeskContext:
        return DeskContext(database, data_folder, actors[role], clinic, clock, translator("en"))

    return of


@pytest.fixture
def ctx(desk: Callable[[Role], DeskContext]) -> DeskContext:
    return desk(Role.RECEPTION)


def grid(model: RowTableModel) -> list[list[str]]:
    """The headers, then each row's cells, as the table shows them."""
    columns = range(model.columnCount())
    display = Qt.ItemDataRole.DisplayRole
    headers = [model.headerData(c, Qt.Orientation.Horizontal, display) for c in columns]
    cells = [[model.index(r, c).data() for c in columns] for r in range(model.rowCount())]
    return [headers, *cells]


def shown(qtmodeltester, model: RowTableModel, rows: list) -> list[list[str]]:
    model.set_rows(rows)
    qtmodeltester.check(model)
    return grid(model)


def test_the_queue_table(qtmodeltester, ctx):
    rows = [
        QueueEntry(1, 7, "MRA90F01", "Maria", utc(10, 9, 0),
                   (VisitReason.MEDICAL, VisitReason.SOCIAL), QueueState.IN_PROGRESS,
                   3, "Anna", utc(10, 9, 12), None),
        QueueEntry(2, None, None, None, utc(10, 9, 25), (VisitReason.MATERIAL,),
                   QueueState.WAITING, None, None, None, None),
        QueueEntry(3, 8, "XYZ", None, utc(10, 8, 0), (VisitReason.REST,), QueueState.LEFT,
                   None, None, None, utc(10, 8, 45)),
    ]  # fmt: skip
    assert shown(qtmodeltester, queue_model(ctx), rows) == [
        ["Arrived", "Waited", "Person", "Reasons", "State", "Seen by"],
        ["10:00", "12 min", "MRA90F01 · Maria", "Medical, Social", "Being seen", "Anna"],
        ["10:25", "5 min", "Walk-in (not registered)", "Material", "Waiting", ""],
        ["09:00", "45 min", "XYZ", "Rest, shower, laundry", "Left without being seen", ""],
    ]


def test_the_search_results_table(qtmodeltester, ctx):
    rows = [  # the last visit at 00:30 in Rome, still the 5th in UTC: the desk's day is shown
        PersonSummary(1, "MRA90F01", "Maria", Gender.TRANS_WOMAN, 1990, "BR", utc(5, 23, 30)),
        PersonSummary(2, "XYZ", None, Gender.NOT_STATED, None, None, None),
    ]
    assert shown(qtmodeltester, person_results_model(ctx), rows) == [
        ["Code", "Alias", "Gender", "Born", "Origin", "Last visit"],
        ["MRA90F01", "Maria", "Trans woman", "1990", "Brazil", "06/03/2026"],
        ["XYZ", "", "Not stated", "", "", ""],
    ]


def test_the_staff_table(qtmodeltester, ctx):
    rows = [
        StaffAccount(1, "anna", "Anna Rossi", Role.NURSE, True, False, None),
        StaffAccount(2, "bea", "Bea", Role.ADMIN, False, False, utc(10, 9, 45)),
        StaffAccount(3, "chiara", "Chiara", Role.SOCIAL, True, False, None, interviewer=True),
    ]
    assert shown(qtmodeltester, staff_model(ctx), rows) == [
        ["User name", "Name", "Role", "Active", "Identification interviews", "Locked until"],
        ["anna", "Anna Rossi", "Nurse or doctor", "Yes", "", ""],
        ["bea", "Bea", "Coordinator (admin)", "No", "", "10:45"],
        ["chiara", "Chiara", "Social worker", "Yes", "Trained", ""],
    ]


def test_the_backups_table(qtmodeltester, ctx):
    folder = Path("/backups")
    rows = [
        Backup(folder / "soglia-20260305T130400Z.db", utc(5, 13, 4), 12_345_678),
        Backup(folder / "soglia-20260309T230000Z.db", utc(9, 23, 0), 2_500_000),
    ]
    assert shown(qtmodeltester, backups_model(ctx), rows) == [
        ["Made", "Size", "File"],
        ["05/03/2026, 14:04", "12.3 MB", "soglia-20260305T130400Z.db"],
        ["10/03/2026, 00:00", "2.5 MB", "soglia-20260309T230000Z.db"],
    ]


APPOINTMENTS = [
    Appointment(1, 7, "MRA90F01", "HepB", 2, dt.date(2026, 3, 11), "09:30",
                AppointmentStatus.BOOKED, 1),
    Appointment(2, 8, "XYZ", "Mpox", None, dt.date(2026, 3, 9), None,
                AppointmentStatus.MISSED, 1),
]  # fmt: skip


def test_the_appointments_table_names_the_vaccine_to_the_nurse(qtmodeltester, desk):
    assert shown(qtmodeltester, appointments_model(desk(Role.NURSE)), APPOINTMENTS) == [
        ["Day", "Time", "Code", "Vaccine", "Dose", "Status"],
        ["Wed 11/03/2026", "09:30", "MRA90F01", "Hepatitis B", "2", "Booked"],
        ["Mon 09/03/2026", "", "XYZ", "Mpox", "", "Did not come"],
    ]


def test_the_appointments_table_shows_reception_the_slot_not_the_vaccine(qtmodeltester, ctx):
    assert shown(qtmodeltester, appointments_model(ctx), APPOINTMENTS) == [
        ["Day", "Time", "Code", "Status"],
        ["Wed 11/03/2026", "09:30", "MRA90F01", "Booked"],
        ["Mon 09/03/2026", "", "XYZ", "Did not come"],
    ]


def test_the_worklist_table(qtmodeltester, desk):
    rows = [
        WorklistRow(7, "MRA90F01", "HepB", 3, dt.date(2026, 2, 1), dt.date(2026, 2, 10),
                    dt.date(2026, 3, 1), dt.date(2025, 8, 1), None, Urgency.OVERDUE,
                    alias="Maria", queue_today=QueueState.WAITING),
        WorklistRow(8, "XYZ", "HPV", None, dt.date(2026, 4, 1), None, None, None,
                    dt.date(2026, 4, 2), Urgency.UPCOMING),
    ]  # fmt: skip
    assert shown(qtmodeltester, worklist_model(desk(Role.NURSE)), rows) == [
        ["Code", "Alias", "Queue today", "Vaccine", "Dose", "Status", "From", "Best on",
         "Late from", "Last dose", "Appointment"],
        ["MRA90F01", "Maria", "Waiting", "Hepatitis B", "3", "Overdue", "01/02/2026",
         "10/02/2026", "01/03/2026", "01/08/2025", ""],
        ["XYZ", "", "", "HPV", "", "Coming up", "01/04/2026", "", "", "", "02/04/2026"],
    ]  # fmt: skip


def test_a_persons_record_history_names_the_field_never_its_values(qtmodeltester, ctx):
    rows = [
        Change(utc(9, 16, 5), 3, "Anna", "alias", "Maria", "Mary"),
        Change(utc(9, 23, 15), 4, "Bea", "work_settings", None, "street"),
    ]
    assert shown(qtmodeltester, person_dialog.history_model(ctx), rows) == [
        ["When", "Who", "What changed"],
        ["09/03/2026, 17:05", "Anna", "Alias"],
        ["10/03/2026, 00:15", "Bea", "Work settings"],
    ]


def test_the_cdsi_dates_table(qtmodeltester, desk):
    rows = [
        GroupStatus("HepB", ForecastStatus.NOT_COMPLETE, 2, dt.date(2026, 3, 1),
                    dt.date(2026, 3, 8), dt.date(2026, 5, 1)),
        GroupStatus("Td", ForecastStatus.COMPLETE),
    ]  # fmt: skip
    assert shown(qtmodeltester, vaccination_dialog.cdsi_dates_model(desk(Role.NURSE)), rows) == [
        ["Vaccine", "Dose", "Earliest", "Recommended", "Past due"],
        ["Hepatitis B", "2", "01/03/2026", "08/03/2026", "01/05/2026"],
        ["Tetanus, diphtheria", "", "", "", ""],
    ]


@pytest.fixture
def in_rome(monkeypatch) -> Iterator[None]:
    """This computer's time zone is Rome's (restoring shows backups in the computer's time)."""
    monkeypatch.setenv("TZ", "Europe/Rome")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_restore_table_of_backups(qtmodeltester, in_rome):
    rows = [Backup(Path("/media/usb/soglia-20260305T130400Z.db"), utc(5, 13, 4), 12_345_678)]
    model = restore_dialog.backups_model(translator("en"))
    assert shown(qtmodeltester, model, rows) == [
        ["Made", "Folder", "Size"],
        ["05/03/2026, 14:04", "/media/usb", "12.3 MB"],
    ]


def test_the_audit_table(qtmodeltester, desk):
    rows = [
        AuditRow(1, utc(10, 8, 0), "anna", "Anna Rossi", "nurse", "person.update", "person", 7,
                 ("alias", "gender"), True, person_id=7, person_code="MRA90F01",
                 person_state=PersonState.IN_REGISTRY),
        AuditRow(2, utc(10, 8, 30), "bea", None, "admin", "settings.update", "settings", None,
                 (), True),
        AuditRow(3, utc(10, 9, 0), "carla", "carla", "reception", "visit.create", "visit", 12,
                 (), True),
    ]  # fmt: skip
    assert shown(qtmodeltester, audit_model(desk(Role.ADMIN)), rows) == [
        ["When", "Who", "What", "About", "Details"],
        ["10/03/2026, 09:00", "Anna Rossi (anna)", "Record changed", "MRA90F01", "Alias, Gender"],
        ["10/03/2026, 09:30", "bea", "Settings changed", "Clinic settings", ""],
        ["10/03/2026, 10:00", "carla", "Checked in", "Visit of someone not registered", ""],
    ]


def test_the_care_list_entries_table(qtmodeltester, desk):
    rows = [  # Soglia's own entry in the coordinator's language, the clinic's own as written
        ListEntry(1, CareList.SOCIAL_TOPIC, "documents", None, True),
        ListEntry(2, CareList.SOCIAL_TOPIC, None, "Rent arrears <b>", False),
    ]
    assert shown(qtmodeltester, entries_model(desk(Role.ADMIN)), rows) == [
        ["Entry", "State"],
        ["Documents and residence permit", "Offered"],
        ["Rent arrears <b>", "Retired"],
    ]


def test_the_partner_services_table(qtmodeltester, desk):
    rows = [
        Service(1, "Casa Rifugio", ServiceKind.SHELTER, "Via Roma 1\n\n  0583 123456 ", True),
        Service(2, "=cmd|' /C calc'!A0", ServiceKind.POLICE, "", False),
    ]
    assert shown(qtmodeltester, services_model(desk(Role.ADMIN)), rows) == [
        ["Name", "Kind", "State", "Contact"],
        ["Casa Rifugio", "Emergency shelter", "Offered", "Via Roma 1  ·  0583 123456"],
        ["=cmd|' /C calc'!A0", "Police or prosecutor", "Retired", ""],
    ]


def dose(given_on: dt.date, group: str, **changes) -> DoseRow:
    """A dose given here by Anna, valid, with what a test changes."""
    anna_s = DoseRow(
        id=1, given_on=given_on, vaccine_group=group, product_id=None, product=None, cvx=None,
        dose_number=None, lot_number=None, lot_expiry=None, amount=None, unit=None, route=None,
        site=None, schedule=VaccineSchedule.STANDARD, given_elsewhere=False, given_by="Anna",
        leaflet_on=None, refused=False, refusal_reason=None, entered_in_error=False,
        verdict=Verdict(True, None),
    )  # fmt: skip
    return replace(anna_s, **changes)


def test_the_vaccination_history_table(qtmodeltester, desk):
    rows = [
        dose(dt.date(2026, 2, 1), "HepB", product="Engerix-B", dose_number=1, lot_number="AB1"),
        dose(dt.date(2025, 6, 1), "HepA", given_elsewhere=True, given_by=None),
        dose(dt.date(2026, 3, 2), "HPV", refused=True, refusal_reason="later", verdict=None),
        dose(dt.date(2026, 1, 5), "Td", entered_in_error=True, verdict=None),
    ]
    model = vaccination_dialog.history_model(desk(Role.NURSE))
    assert shown(qtmodeltester, model, rows) == [
        ["Date", "Vaccine", "Product", "Dose", "Lot", "Given by", "Evaluation"],
        ["01/02/2026", "Hepatitis B", "Engerix-B", "1", "AB1", "Anna", "Valid"],
        ["01/06/2025", "Hepatitis A", "", "", "", "Elsewhere", "Valid"],
        ["02/03/2026", "HPV", "", "", "", "Anna", "Refused: Wants to think about it / another day"],
        ["05/01/2026", "Tetanus, diphtheria", "", "", "", "Anna", "Entered in error"],
    ]


def test_the_language_list_ticks_by_click_or_space_and_keeps_qts_rules(qtmodeltester):
    model = LanguageList([("Arabic", "ar"), ("Romanian", "ro"), ("Tigrinya", "ti")])
    model.setData(model.index(2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.tick(0)
    qtmodeltester.check(model)
    checks = [model.index(r).data(Qt.ItemDataRole.CheckStateRole) for r in range(3)]
    assert [model.index(r).data() for r in range(3)] == ["Arabic", "Romanian", "Tigrinya"]
    assert checks == [Qt.CheckState.Checked, Qt.CheckState.Unchecked, Qt.CheckState.Checked]
    assert model.ticked() == ("ar", "ti")
