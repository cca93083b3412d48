"""The entry point: commands, start-up order, plain refusals, logs without personal data.

The window itself is replaced by a stand-in `ui.app` (no Qt in unit tests); the subprocess tests
run `main.py` exactly as a person or `run.py` would.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

import main
from clinic.clock import Clock
from clinic.permissions import Actor
from clinic.person_form import PersonForm, validate_person
from clinic.registry import register_person
from db.datafolder import DataFolder, InstanceLock
from db.engine import Database
from db.errors import OpenFailure
from db.keys import key_path, new_key, read_key, write_key
from db.models import Setting
from db.vocabulary import Role

ROOT = Path(__file__).resolve().parents[2]
MARKER = "MARKER-Élodie-7731"
CODE = "MRKEL230519852"

WindowRun = Callable[[DataFolder, Database, Role, "str | None"], int]


def _run_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _log_text(folder: DataFolder) -> str:
    return (folder.logs / main.LOG_FILE_NAME).read_text(encoding="utf-8")


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> Callable[[WindowRun], list[tuple[object, ...]]]:
    """Replaces `ui.app` with a stand-in whose `run` is the given function; returns its calls."""

    def install(run: WindowRun) -> list[tuple[object, ...]]:
        calls: list[tuple[object, ...]] = []

        def recorded(
            folder: DataFolder, database: Database, role: Role, language: str | None
        ) -> int:
            calls.append((folder, role, language))
            return run(folder, database, role, language)

        module = types.ModuleType("ui.app")
        module.run = recorded  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "ui.app", module)
        monkeypatch.setattr(main, "_name_application", lambda: None)  # leave Qt's globals alone
        return calls

    return install


@pytest.fixture(autouse=True)
def _restore_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


# Command line ----------------------------------------------------------------------------------


def test_help_lists_the_commands_and_options() -> None:
    finished = _run_main("--help")
    assert finished.returncode == 0
    text = " ".join(finished.stdout.split())
    for words in ("demo", "check", "--data-dir", "--language", "--role", "until staff accounts"):
        assert words in text


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "/x", "demo"],
        ["demo", "--data-dir", "/x"],
    ],
)
def test_the_data_folder_can_be_given_before_or_after_the_command(argv: list[str]) -> None:
    args = main.build_parser().parse_args(argv)
    assert (args.command, args.data_dir) == ("demo", Path("/x"))


def test_the_window_is_the_default_and_reception_the_default_role() -> None:
    args = main.build_parser().parse_args([])
    assert (args.command, args.role, args.language, args.data_dir) == (
        None,
        "reception",
        None,
        None,
    )


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


# Refusals --------------------------------------------------------------------------------------


def test_a_garbage_database_is_explained_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "soglia.db").write_bytes(b"garbage " * 2000)
    write_key(key_path(tmp_path), new_key())
    finished = _run_main("check", "--data-dir", str(tmp_path))
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert main.open_failure_message(OpenFailure.NOT_A_DATABASE, folder=tmp_path) in finished.stderr
    assert (tmp_path / "soglia.db").read_bytes() == b"garbage " * 2000


def test_a_database_without_its_key_is_explained_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "soglia.db").write_bytes(b"garbage " * 2000)
    finished = _run_main("--data-dir", str(tmp_path), "check")
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert main.open_failure_message(OpenFailure.KEY_FILE, folder=tmp_path) in finished.stderr
    assert not key_path(tmp_path).exists()


def test_demo_refuses_a_folder_that_has_a_database(tmp_path: Path) -> None:
    (tmp_path / "soglia.db").write_bytes(b"real data, perhaps")
    finished = _run_main("demo", "--data-dir", str(tmp_path), "--persons", "3")
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert "already a database" in finished.stderr
    assert (tmp_path / "soglia.db").read_bytes() == b"real data, perhaps"


def test_check_refuses_a_folder_without_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["check", "--data-dir", str(tmp_path)]) == 2
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "soglia.db").exists()


def test_the_window_path_shows_the_refusal_in_a_message_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: Callable[[WindowRun], list[object]]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(main, "_show_failure_box", shown.append)
    calls = window(lambda *args: 0)
    (tmp_path / "soglia.db").write_bytes(b"garbage " * 2000)
    write_key(key_path(tmp_path), new_key())
    assert main.main(["--data-dir", str(tmp_path)]) == 2
    assert shown == [main.open_failure_message(OpenFailure.NOT_A_DATABASE, folder=tmp_path)]
    assert calls == []


def test_a_command_line_refusal_shows_no_message_box(
    data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "_show_failure_box", pytest.fail)
    lock = InstanceLock(data_folder)
    lock.acquire()
    try:
        assert main.main(["check", "--data-dir", str(data_folder.root)]) == 2
    finally:
        lock.release()


# Start-up ----------------------------------------------------------------------------------------


def test_the_window_gets_the_opened_database_role_and_language(
    data_folder: DataFolder, window: Callable[[WindowRun], list[tuple[object, ...]]]
) -> None:
    def run(folder: DataFolder, database: Database, role: Role, language: str | None) -> int:
        with pytest.raises(Exception, match="in_use"):
            InstanceLock(folder).acquire()  # the lock is held while the window runs
        with database.read() as session:
            assert session.get(Setting, "nothing") is None  # open and migrated
        return 7

    calls = window(run)
    argv = ["--data-dir", str(data_folder.root), "--role", "nurse", "--language", "it"]
    assert main.main(argv) == 7
    assert calls == [(data_folder, Role.NURSE, "it")]
    InstanceLock(data_folder).acquire()  # released on the way out
    assert "starting window" in _log_text(data_folder)


def test_a_bug_is_logged_with_its_traceback_but_without_the_values(
    data_folder: DataFolder, window: Callable[[WindowRun], list[object]]
) -> None:
    def run(folder: DataFolder, database: Database, role: Role, language: str | None) -> int:
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


def test_the_logs_hold_no_alias_code_or_key(
    data_folder: DataFolder,
    database: Database,
    clock: Clock,
    reception: Actor,
    capsys: pytest.CaptureFixture[str],
) -> None:
    form = PersonForm(alias=MARKER, gender="woman", birth="23/05/1985")
    with database.write() as session:
        register_person(
            session, reception, clock, validate_person(form, "en_GB", clock.today()), CODE
        )
    database.dispose()
    assert main.main(["check", "--data-dir", str(data_folder.root)]) == 0
    assert "sound" in capsys.readouterr().out
    log = _log_text(data_folder)
    key = key_path(data_folder.root).read_text(encoding="ascii").strip()
    for secret in (MARKER, CODE, key, key.upper()):
        assert secret not in log


# Demo ------------------------------------------------------------------------------------------


def test_demo_hands_its_options_to_the_generator_and_prints_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from clinic.demo import DemoSummary

    received: dict[str, object] = {}

    def generate(database: Database, clock: Clock, **options: object) -> DemoSummary:
        received.update(options)
        progress = options["progress"]
        assert callable(progress)
        for done in range(101):
            progress("visits", done, 100)
        return DemoSummary(persons=12, visits=345, staff=6)

    monkeypatch.setattr("clinic.demo.generate", generate)
    argv = ["demo", "--data-dir", str(tmp_path), "--persons", "12", "--years", "2", "--seed", "9"]
    assert main.main(argv) == 0
    assert {k: received[k] for k in ("persons", "years", "seed")} == {
        "persons": 12,
        "years": 2,
        "seed": 9,
    }
    out, err = capsys.readouterr()
    assert out.strip() == f"Demo data in {tmp_path}: 12 persons, 345 visits, 6 staff accounts."
    assert err.splitlines()[0] == "visits: 0/100"
    assert err.splitlines()[-1] == "visits: 100/100"
    assert len(err.splitlines()) == 11  # a line at every tenth, not at every row


def test_demo_fills_a_new_folder_that_then_checks_sound(tmp_path: Path) -> None:
    made = _run_main("demo", "--data-dir", str(tmp_path), "--persons", "20", "--years", "1")
    assert made.returncode == 0, made.stderr
    assert "20 persons" in made.stdout
    checked = _run_main("check", "--data-dir", str(tmp_path))
    assert checked.returncode == 0, checked.stderr
    assert "sound" in checked.stdout


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


def test_audit_verify_reports_an_intact_trail_and_the_row_that_was_changed(
    data_folder: DataFolder, database: Database, clock: Clock, reception: Actor
) -> None:
    record = validate_person(PersonForm(alias=MARKER), "it_IT", clock.today())
    with database.write() as session:
        for n in range(3):
            register_person(session, reception, clock, record, f"CODE{n}")
    database.dispose()
    intact = _run_main("audit", "verify", "--data-dir", str(data_folder.root))
    assert (intact.returncode, intact.stdout.strip()) == (
        0,
        "The audit trail is intact: 3 rows, each as it was written.",
    )
    changed = Database.open(data_folder.database, read_key(key_path(data_folder.root)))
    with changed.write() as session:
        session.execute(text("UPDATE audit_event SET record_id = 7 WHERE id = 2"))
    changed.dispose()
    broken = _run_main("audit", "verify", "--data-dir", str(data_folder.root))
    assert broken.returncode == 1
    assert "row 2 was changed since it was written" in broken.stdout
    assert MARKER not in _log_text(data_folder)
