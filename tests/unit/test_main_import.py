"""`init` and `import` at the command line, run as a person or a script runs them: a new clinic
made from a script, its template filled in, persons and contacts imported, then the clinic
opened as its coordinator; and what the commands refuse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from clinic.common.clock import Clock
from clinic.staff.opening import open_as
from db.folder import DataFolder
from db.models.desk import Visit
from db.models.registry import Person
from tests.unit import test_main
from tests.unit.clinic.imports.files import xlsx_bytes
from tests.unit.test_main import PASSWORD, _run_main

ready = test_main.ready  # the fixture: a set-up folder, accounts coord (admin) and desk


def _init(folder: Path, *extra: str, password: str = PASSWORD):
    return _run_main(
        "init", "--data-dir", str(folder), "--clinic", "Casa Aperta", "--admin", "coord",
        "--time-zone", "Europe/Rome", *extra, password=password,
    )  # fmt: skip


@pytest.mark.slow
def test_init_then_import_then_the_coordinator_opens_the_clinic(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    made = _init(folder, "--language", "it")
    assert made.returncode == 0, made.stderr
    key_line = made.stdout.splitlines()[-1].strip()
    assert len(key_line.split("-")) == 8  # the recovery key, printed once

    template = tmp_path / "persons.xlsx"
    written = _run_main("import", "--template", "persons", "--out", str(template))
    assert written.returncode == 0, written.stderr
    book = load_workbook(template)
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[:2] == ["code", "family_name"]
    rows = [header, ["AB-1", "", "", "1985", "woman", "RO", "02/04/2019", "ro", "street"]]
    persons = tmp_path / "p.xlsx"
    persons.write_bytes(xlsx_bytes(rows))
    contacts = tmp_path / "c.csv"
    contacts.write_text("code;date;kind;note\nAB-1;03/04/2019;visita;città\n", encoding="cp1252")

    base = ("--data-dir", str(folder), "--user", "coord")
    imported = _run_main("import", "persons", str(persons), *base, password=PASSWORD)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[-1] == "Imported. New: 1; already there: 0; refused: 0."
    visits = _run_main(
        "import", "contacts", str(contacts), *base, "--language", "en", password=PASSWORD
    )
    assert visits.returncode == 0, visits.stderr
    assert "Windows-1252" in visits.stdout  # said how the file was read
    assert "semicolons" in visits.stdout
    assert "Columns not imported: note." in visits.stdout

    opened = open_as(DataFolder(folder), "coord", PASSWORD, Clock(ZoneInfo("Europe/Rome")))
    try:
        with opened.database.read() as session:
            first = session.scalar(select(Person.first_contact).where(Person.code == "AB-1"))
            assert first == dt.date(2019, 4, 2)  # Italian clinic: the day first
            assert session.scalar(select(func.count()).select_from(Visit)) == 1
    finally:
        opened.close()


@pytest.mark.slow
def test_init_refuses_a_folder_that_has_a_clinic_and_explains_a_bad_form(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    assert _init(folder).returncode == 0
    again = _init(folder)
    assert again.returncode == 2
    assert "already a database" in again.stderr
    weak = _init(tmp_path / "other", password="short")
    assert weak.returncode == 2
    assert weak.stderr.strip() == "SOGLIA_PASSWORD: Too short: at least 10 characters."
    assert not (tmp_path / "other" / "soglia.db").exists()


def test_a_dry_run_prints_each_bad_row_and_exits_1(ready: DataFolder, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "code,birth,gender,first_contact\nAB-1,1985,woman,2019-04-02\nAB-2,1985,alien,2019-04-02\n",
        encoding="utf-8",
    )
    base = ("--data-dir", str(ready.root), "--user", "coord", "--dry-run", "--language", "en")
    finished = _run_main("import", "persons", str(path), *base, password=PASSWORD)
    assert finished.returncode == 1, finished.stderr
    assert finished.stdout.splitlines() == [
        "Read as CSV text in UTF-8, the columns separated by commas.",
        "Line 3, column “gender”: Write one of: woman, man, trans_woman, trans_man, non_binary,"
        " other, not_stated.",
        "Dry run, nothing written. New: 1; already there: 0; refused: 1.",
    ]


def test_import_refuses_other_roles_and_files_that_do_not_fit(ready: DataFolder, tmp_path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("code,birth\nAB-1,1985\n", encoding="utf-8")
    base = ("--data-dir", str(ready.root), "--language", "en")
    missing = _run_main("import", "persons", str(path), *base, "--user", "coord", password=PASSWORD)
    assert missing.returncode == 2
    assert "no column for: first_contact" in missing.stderr
    path.write_text("code,first_contact\nAB-1,2019-01-01\n", encoding="utf-8")
    desk = _run_main("import", "persons", str(path), *base, "--user", "desk", password=PASSWORD)
    assert desk.returncode == 2
    assert "Your role does not allow this." in desk.stderr
    assert _run_main("import", "persons", *base).returncode == 2  # no file
