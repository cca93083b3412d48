"""The entry point: commands, start-up order, logins at the command line, plain refusals, logs
without personal data.

The window itself is replaced by a stand-in `ui.app` (no Qt in unit tests); the subprocess tests
run `main.py` exactly as a person or `run.py` would.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

import main
from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from db.engine import Database
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder, InstanceLock
from db.keys import new_key, write_key
from db.keyslots import KdfParams, KeyStore, load_key_store
from db.models.settings import Setting
from db.models.staff import Staff
from ui.cli.command import PASSWORD_VARIABLE
from ui.cli.log_file import LOG_FILE_NAME

ROOT = Path(__file__).resolve().parents[2]
MARKER = "MARKER-Élodie-7731"
CODE = "MRKEL230519852"
PASSWORD = "Quokka-Lantern-9-Harbour"
FAST = KdfParams(time_cost=1, memory_cost=1024, parallelism=1)

WindowRun = Callable[[DataFolder, "str | None"], int]


def _run_main(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_VARIABLE}
    if password is not None:
        env[PASSWORD_VARIABLE] = password
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def _log_text(folder: DataFolder) -> str:
    return (folder.logs / LOG_FILE_NAME).read_text(encoding="utf-8")


def _account(database: Database, clock: Clock, username: str, role: str) -> None:
    with database.write() as session:
        session.add(
            Staff(
                username=username,
                display_name=username.title(),
                role=role,
                active=True,
                created_at=clock.now(),
            )
        )


@pytest.fixture
def ready(data_folder: DataFolder, database: Database, key: bytes, clock: Clock) -> DataFolder:
    """A set-up folder: accounts `coord` (admin) and `desk` (reception), one password."""
    _account(database, clock, "coord", "admin")
    _account(database, clock, "desk", "reception")
    store = KeyStore(data_folder.keys, kdf=FAST)
    for username in ("coord", "desk"):
        store.set_password(username, key, PASSWORD)
    store.save()
    return data_folder


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> Callable[[WindowRun], list[tuple[object, ...]]]:
    """Replaces `ui.app` with a stand-in whose `run` is the given function; returns its calls."""

    def install(run: WindowRun) -> list[tuple[object, ...]]:
        calls: list[tuple[object, ...]] = []

        def recorded(folder: DataFolder, language: str | None) -> int:
            calls.append((folder, language))
            return run(folder, language)

        module = types.ModuleType("ui.app")
        module.run = recorded  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "ui.app", module)
        # Leave Qt's globals alone.
        monkeypatch.setattr("ui.desk_start.name_application", lambda: None)
        return calls

    return install


@pytest.fixture(autouse=True)
def _restore_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)


# Command line ----------------------------------------------------------------------------------


def test_help_lists_the_commands_and_options() -> None:
    finished = _run_main("--help")
    assert finished.returncode == 0
    text = " ".join(finished.stdout.split())
    for words in ("demo", "check", "audit", "--data-dir", "--language"):
        assert words in text
    assert "--user NAME" in _run_main("check", "--help").stdout


@pytest.mark.parametrize("argv", [["--data-dir", "/x", "demo"], ["demo", "--data-dir", "/x"]])
def test_the_data_folder_can_be_given_before_or_after_the_command(argv: list[str]) -> None:
    args = main.build_parser().parse_args(argv)
    assert (args.command, args.data_dir) == ("demo", Path("/x"))


def test_the_window_is_the_default() -> None:
    args = main.build_parser().parse_args([])
    assert (args.command, args.language, args.data_dir) == (None, None, None)


def test_demo_needs_its_own_data_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main.main(["demo"])
    assert caught.value.code == 2
    assert "--data-dir" in capsys.readouterr().err


@pytest.mark.parametrize("failure", list(OpenFailure))
def test_every_open_failure_has_one_plain_paragraph(failure: OpenFailure) -> None:
    text = main.open_failure_message(failure, folder=Path("/clinic/data"))
    assert "/clinic/data" in text
    assert "\n" not in text
    assert "{" not in text
    assert "the data folder" in main.open_failure_message(failure)


# Logging in at the command line ------------------------------------------------------------------


def test_a_command_logs_in_with_the_password_from_the_environment(ready: DataFolder) -> None:
    finished = _run_main(
        "check", "--data-dir", str(ready.root), "--user", "coord", password=PASSWORD
    )
    assert finished.returncode == 0, finished.stderr
    assert "is sound" in finished.stdout


def test_a_wrong_password_is_refused_with_one_message_and_counted(ready: DataFolder) -> None:
    finished = _run_main("check", "--data-dir", str(ready.root), "--user", "coord", password="no")
    assert finished.returncode == 2
    assert finished.stderr.strip() == "Wrong user name or password."
    assert load_key_store(ready).failures_of("coord").count == 1


def test_an_unknown_user_gets_the_same_message(ready: DataFolder) -> None:
    finished = _run_main("check", "--data-dir", str(ready.root), "--user", "nobody", password="x")
    assert (finished.returncode, finished.stderr.strip()) == (2, "Wrong user name or password.")


def test_a_command_needs_a_user_and_a_password(ready: DataFolder) -> None:
    no_user = _run_main("check", "--data-dir", str(ready.root), password=PASSWORD)
    assert no_user.returncode == 2
    assert "--user NAME" in no_user.stderr
    no_password = _run_main("check", "--data-dir", str(ready.root), "--user", "coord")
    assert no_password.returncode == 2
    assert PASSWORD_VARIABLE in no_password.stderr


def test_the_coordinators_commands_refuse_other_roles(ready: DataFolder) -> None:
    """The commands ask clinic/ the desk's own question, and say its refusal, not their own."""
    for command in (["check"], ["audit", "verify"], ["backup"]):
        finished = _run_main(
            *command, "--data-dir", str(ready.root), "--user", "desk", password=PASSWORD
        )
        assert finished.returncode == 2, command
        assert "Your role does not allow this." in finished.stderr, command
    assert not list(ready.backups.glob("*.db"))  # no backup made either


def test_a_folder_not_set_up_is_explained(tmp_path: Path) -> None:
    finished = _run_main("check", "--data-dir", str(tmp_path))
    assert finished.returncode == 2
    assert "no database" in finished.stderr
    assert not (tmp_path / "soglia.db").exists()


def test_a_folder_from_before_accounts_still_opens_with_its_key_file(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    database.dispose()
    write_key(data_folder.legacy_key, key)
    finished = _run_main("check", "--data-dir", str(data_folder.root))
    assert finished.returncode == 0, finished.stderr
    assert "is sound" in finished.stdout


# Refusals --------------------------------------------------------------------------------------


def test_a_garbage_database_is_explained_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "soglia.db").write_bytes(b"garbage " * 2000)
    write_key(tmp_path / "soglia.key", new_key())
    finished = _run_main("check", "--data-dir", str(tmp_path))
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    expected = main.open_failure_message(
        OpenFailure.NOT_A_DATABASE,
        folder=tmp_path,
        keys="soglia.key",  # a folder of that time
    )
    assert expected in finished.stderr
    assert (tmp_path / "soglia.db").read_bytes() == b"garbage " * 2000


def test_a_damaged_keys_file_is_explained_without_a_traceback(ready: DataFolder) -> None:
    ready.keys.write_text("{ damaged", encoding="utf-8")
    finished = _run_main("check", "--data-dir", str(ready.root), "--user", "coord", password="x")
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert main.open_failure_message(OpenFailure.KEY_FILE, folder=ready.root) in finished.stderr
    assert ready.keys.read_text(encoding="utf-8") == "{ damaged"


def test_demo_refuses_a_folder_that_has_a_database(tmp_path: Path) -> None:
    (tmp_path / "soglia.db").write_bytes(b"real data, perhaps")
    finished = _run_main("demo", "--data-dir", str(tmp_path), "--persons", "3")
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert "already a database" in finished.stderr
    assert (tmp_path / "soglia.db").read_bytes() == b"real data, perhaps"


def test_the_window_path_shows_the_refusal_in_a_message_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: Callable[[WindowRun], list[object]]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(main, "show_failure_box", shown.append)

    def run(folder: DataFolder, language: str | None) -> int:
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "after login")

    window(run)
    assert main.main(["--data-dir", str(tmp_path)]) == 2
    assert shown == [main.open_failure_message(OpenFailure.NOT_A_DATABASE, folder=tmp_path)]


def test_a_command_line_refusal_shows_no_message_box(
    ready: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "show_failure_box", pytest.fail)
    lock = InstanceLock(ready)
    lock.acquire()
    try:
        assert main.main(["check", "--data-dir", str(ready.root)]) == 2
    finally:
        lock.release()


# Start-up ----------------------------------------------------------------------------------------


def test_the_window_runs_with_the_folder_locked_and_the_language_asked_for(
    data_folder: DataFolder, window: Callable[[WindowRun], list[tuple[object, ...]]]
) -> None:
    def run(folder: DataFolder, language: str | None) -> int:
        with pytest.raises(Exception, match="in_use"):
            InstanceLock(folder).acquire()  # the lock is held while the window runs
        return 7

    calls = window(run)
    assert main.main(["--data-dir", str(data_folder.root), "--language", "it"]) == 7
    assert calls == [(data_folder, "it")]
    InstanceLock(data_folder).acquire()  # released on the way out
    assert "starting window" in _log_text(data_folder)


def test_a_bug_is_logged_with_its_traceback_but_without_the_values(
    data_folder: DataFolder,
    database: Database,
    window: Callable[[WindowRun], list[object]],
) -> None:
    def run(folder: DataFolder, language: str | None) -> int:
        for _ in range(2):  # the second save breaks the primary key: an unexpected error
            with database.write() as session:
                session.add(Setting(key=MARKER, value=MARKER))
        return 0

    window(run)
    handlers = list(logging.getLogger().handlers)
    with pytest.raises(Exception, match="UNIQUE"):
        main.main(["--data-dir", str(data_folder.root)])
    assert logging.getLogger().handlers == handlers  # the log file is closed on the way out
    log = _log_text(data_folder)
    assert "Traceback" in log
    assert "IntegrityError" in log
    assert MARKER not in log


def test_the_logs_hold_no_alias_code_key_or_password(
    ready: DataFolder, database: Database, key: bytes, clock: Clock, reception: Actor
) -> None:
    form = PersonForm(alias=MARKER, gender="woman", birth="23/05/1985")
    with database.write() as session:
        register_person(
            session, reception, clock, validate_person(form, "en_GB", clock.today()), CODE
        )
    database.dispose()
    wrong = _run_main("check", "--data-dir", str(ready.root), "--user", "coord", password=MARKER)
    right = _run_main("check", "--data-dir", str(ready.root), "--user", "coord", password=PASSWORD)
    assert (wrong.returncode, right.returncode) == (2, 0)
    log = _log_text(ready)
    for secret in (MARKER, CODE, key.hex(), key.hex().upper(), PASSWORD):
        assert secret not in log


# Demo ------------------------------------------------------------------------------------------


def test_demo_hands_its_options_to_the_generator_and_prints_the_logins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from clinic.demo.care import CareSummary
    from clinic.demo.clinic import DemoSummary

    received: dict[str, object] = {}

    def generate(database: Database, clock: Clock, **options: object) -> DemoSummary:
        received.update(options)
        progress = options["progress"]
        assert callable(progress)
        for done in range(101):
            progress("visits", done, 100)
        with database.write() as session:
            session.add(
                Staff(
                    username="demo-nurse-1",
                    display_name="N",
                    role="nurse",
                    active=True,
                    created_at=clock.now(),
                )
            )
        care = CareSummary(consultations=30, tests=9, referrals=4, interviews=2, pathways=3)
        return DemoSummary(persons=12, visits=345, staff=1, care=care)

    monkeypatch.setattr("clinic.demo.folder.generate", generate)
    argv = ["demo", "--data-dir", str(tmp_path), "--persons", "12", "--years", "2", "--seed", "9"]
    assert main.main(argv) == 0
    assert {k: received[k] for k in ("persons", "years", "seed")} == {
        "persons": 12,
        "years": 2,
        "seed": 9,
    }
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"Demo data in {tmp_path}: 12 persons, 345 visits, 1 staff accounts."
    assert lines[1] == (
        "Care records: 30 consultations (with 2 identification interviews), 9 rapid tests, "
        "4 referrals, 3 pathways."
    )
    assert lines[2] == "Log in as one of these, each with the password 'demo':"
    assert lines[3].split() == ["demo-nurse-1", "nurse"]
    assert lines[4].startswith("Recovery key of the demo clinic: ")
    assert err.splitlines()[0] == "visits: 0/100"
    assert len(err.splitlines()) == 11  # a line at every tenth, not at every row


@pytest.mark.slow
def test_demo_fills_a_new_folder_whose_coordinator_then_checks_it(tmp_path: Path) -> None:
    made = _run_main("demo", "--data-dir", str(tmp_path), "--persons", "20", "--years", "1")
    assert made.returncode == 0, made.stderr
    assert "20 persons" in made.stdout
    assert "demo-admin-1" in made.stdout
    checked = _run_main(
        "check", "--data-dir", str(tmp_path), "--user", "demo-admin-1", password="demo"
    )
    assert checked.returncode == 0, checked.stderr
    assert "sound" in checked.stdout
    assert not (tmp_path / "soglia.key").exists()  # the key exists only wrapped


def test_the_default_data_folder_is_the_users_application_data(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import main; print(main.default_data_dir())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path), "PATH": ""},
    )
    assert finished.returncode == 0, finished.stderr
    assert Path(finished.stdout.strip()) == tmp_path / "Soglia" / "Soglia"


# Audit -----------------------------------------------------------------------------------------


def test_audit_verify_reports_an_intact_trail_and_the_row_that_was_changed(
    ready: DataFolder, database: Database, key: bytes, clock: Clock, reception: Actor
) -> None:
    record = validate_person(PersonForm(alias=MARKER), "it_IT", clock.today())
    with database.write() as session:
        for n in range(3):
            register_person(session, reception, clock, record, f"CODE{n}")
    database.dispose()
    args = ("audit", "verify", "--data-dir", str(ready.root), "--user", "coord")
    intact = _run_main(*args, password=PASSWORD)
    assert intact.returncode == 0, intact.stderr
    # The three registrations, then this command's own login, whose commit wrote the anchor.
    assert intact.stdout.strip() == (
        "The audit trail is intact: 4 rows, each as it was written. "
        "Its end agrees with the anchor kept outside the database."
    )
    changed = Database.open(ready.database, key)
    with changed.write() as session:
        session.execute(text("UPDATE audit_event SET record_id = 7 WHERE id = 2"))
    changed.dispose()
    broken = _run_main(*args, password=PASSWORD)
    assert broken.returncode == 1
    assert broken.stdout.splitlines()[1] == "Row 2 was changed after it was written."
    assert MARKER not in _log_text(ready)


@pytest.mark.parametrize("head", [True, False], ids=["head kept", "head deleted"])
@pytest.mark.parametrize(
    ("cut", "named"),
    [
        (1, "The last row had been deleted: row 9 was recorded, the trail ended at row 8."),
        (
            5,
            "The last 5 rows had been deleted: rows 5–9 were recorded, the trail ended at row 4.",
        ),
        (9, "Every row had been deleted: rows 1–9 were recorded, the trail was empty."),
    ],
    ids=["one row", "five rows", "all rows"],
)
def test_audit_verify_names_the_rows_cut_from_the_end(
    ready: DataFolder,
    database: Database,
    key: bytes,
    clock: Clock,
    reception: Actor,
    cut: int,
    named: str,
    head: bool,
) -> None:
    """Eight registrations and a first `audit verify` (its login is row 9, and writes the
    anchor); then rows are deleted from the end, with or without the head. The next
    `audit verify` logs in, and names the rows cut before its own login appends anything."""
    record = validate_person(PersonForm(alias=MARKER), "it_IT", clock.today())
    with database.write() as session:
        for n in range(8):
            register_person(session, reception, clock, record, f"CODE{n}")
    database.dispose()
    args = ("audit", "verify", "--data-dir", str(ready.root), "--user", "coord")
    assert _run_main(*args, password=PASSWORD).returncode == 0
    cutting = Database.open(ready.database, key)
    with cutting.write() as session:
        session.execute(text("DELETE FROM audit_event WHERE id > :kept"), {"kept": 9 - cut})
        if not head:
            session.execute(text("DELETE FROM setting WHERE key = 'audit_head'"))
    cutting.dispose()
    broken = _run_main(*args, password=PASSWORD)
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert lines[0] == "The audit trail does not hold. Keep this database as it is."
    assert lines[1].startswith(named + " Soglia found this on ")
    assert lines[1].endswith(" and wrote it down in row 10.")
    assert len(lines) == 2


# Backup and restore ----------------------------------------------------------------------------


def _count_persons(folder: DataFolder, key: bytes) -> int:
    database = Database.open(folder.database, key)
    try:
        with database.read() as session:
            return int(session.execute(text("SELECT count(*) FROM person")).scalar() or 0)
    finally:
        database.dispose()


@pytest.mark.slow
def test_backup_then_restore_from_the_command_line(
    ready: DataFolder, database: Database, key: bytes, clock: Clock, reception: Actor, tmp_path
) -> None:
    record = validate_person(PersonForm(alias="Maria"), "it_IT", clock.today())
    with database.write() as session:
        register_person(session, reception, clock, record, "FIRST")
    database.dispose()
    usb = tmp_path / "usb"
    base = ("--data-dir", str(ready.root), "--user", "coord")
    made = _run_main("backup", *base, "--to", str(usb), password=PASSWORD)
    assert made.returncode == 0, made.stderr
    [backup] = sorted(ready.backups.glob("soglia-*.db"))
    assert (usb / backup.name).exists()
    assert backup.with_suffix(".keys").exists()
    later = Database.open(ready.database, key)
    with later.write() as session:
        register_person(session, reception, clock, record, "SECOND")
    later.dispose()
    assert _count_persons(ready, key) == 2

    restored = _run_main("restore", str(backup), *base, password=PASSWORD)
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    assert _count_persons(ready, key) == 1
    [aside] = ready.root.glob("soglia.db.before-restore-*")
    assert aside.exists()
    verified = _run_main("audit", "verify", *base, password=PASSWORD)
    assert verified.returncode == 0, verified.stdout


@pytest.mark.slow
def test_restore_on_a_new_computer_uses_the_backups_keys(
    ready: DataFolder, database: Database, key: bytes, clock: Clock, reception: Actor, tmp_path
) -> None:
    record = validate_person(PersonForm(alias="Maria"), "it_IT", clock.today())
    with database.write() as session:
        register_person(session, reception, clock, record, "FIRST")
    database.dispose()
    made = _run_main("backup", "--data-dir", str(ready.root), "--user", "coord", password=PASSWORD)
    assert made.returncode == 0, made.stderr
    [backup] = sorted(ready.backups.glob("soglia-*.db"))
    new_computer = tmp_path / "new-computer"
    wrong = _run_main(
        "restore", str(backup), "--data-dir", str(new_computer), "--user", "coord", password="x"
    )
    assert (wrong.returncode, wrong.stderr.strip()) == (2, "Wrong user name or password.")
    not_admin = _run_main(
        "restore",
        str(backup),
        "--data-dir",
        str(new_computer),
        "--user",
        "desk",
        password=PASSWORD,
    )
    assert not_admin.returncode == 2
    assert not (new_computer / "soglia.db").exists()
    restored = _run_main(
        "restore",
        str(backup),
        "--data-dir",
        str(new_computer),
        "--user",
        "coord",
        password=PASSWORD,
    )
    assert restored.returncode == 0, restored.stderr
    checked = _run_main(
        "check", "--data-dir", str(new_computer), "--user", "coord", password=PASSWORD
    )
    assert checked.returncode == 0, checked.stderr


def test_an_older_backup_is_restored_and_brought_to_the_newest_schema(
    tmp_path: Path, key: bytes, clock: Clock
) -> None:
    from alembic import command

    from db.migrate import HEAD_REVISION, alembic_config

    old = tmp_path / "soglia-20250101-090000Z.db"
    database = Database.open(old, key)
    with database.engine.connect() as connection, connection.begin():
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")  # before staff.must_change_password
        connection.exec_driver_sql(
            "INSERT INTO staff (id, username, display_name, role, active, created_at) "
            "VALUES (1, 'coord', 'Coord', 'admin', 1, '2025-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO person (id, code, gender, engagement, first_contact, contact_channel, "
            "status, created_at, updated_at, revision) VALUES (1, 'OLD1', 'woman', "
            "'not_stated', '2024-05-01', 'self', 'active', '2024-05-01', '2024-05-01', 1)"
        )
    database.dispose()
    store = KeyStore(old.with_suffix(".keys"), kdf=FAST)
    store.set_password("coord", key, PASSWORD)
    store.save()
    new = tmp_path / "new"
    restored = _run_main(
        "restore", str(old), "--data-dir", str(new), "--user", "coord", password=PASSWORD
    )
    assert restored.returncode == 0, restored.stderr
    opened = Database.open(new / "soglia.db", key)
    try:
        with opened.read() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            codes = session.execute(text("SELECT code FROM person")).scalars().all()
    finally:
        opened.dispose()
    assert (revision, codes) == (HEAD_REVISION, ["OLD1"])


@pytest.mark.slow
def test_after_a_whole_session_no_marker_is_anywhere_in_the_folder(
    ready: DataFolder, database: Database, key: bytes, clock: Clock, reception: Actor
) -> None:
    """reliability.md scenario 11: database, WAL, backups, keys files and logs hold no alias,
    code or name typed, whatever was done."""
    from tests.unit.db.test_encryption_at_rest import SECRETS, _register_marker

    _register_marker(database, clock, reception)
    database.dispose()
    base = ("--data-dir", str(ready.root))
    for args, password in (
        (("backup", "--user", "coord"), PASSWORD),
        (("check", "--user", "coord"), PASSWORD),
        (("audit", "verify", "--user", "coord"), PASSWORD),
        (("check", "--user", "MARKER-Élodie-7731"), PASSWORD),  # a name typed in the wrong field
        (("check", "--user", "coord"), "MRKZO230519852"),  # a code typed as a password
    ):
        _run_main(*args, *base, password=password)
    files = [p for p in ready.root.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".db", ".keys", ".log"}
    leaks = {
        str(p.relative_to(ready.root)): [s for s in SECRETS if s in p.read_bytes()] for p in files
    }
    assert leaks == {name: [] for name in leaks}
