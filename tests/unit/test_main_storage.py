"""The commands when storage fails or is shared: a backup beside a running desk (scenario 8), a
damaged database restored and never written (scenario 5), a full disk (scenario 4) and other
folders that cannot be used, each said truly and without a traceback."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text

import main
from clinic.backups.backing_up import list_backups
from clinic.common.clock import Clock
from clinic.common.errors import StorageError
from clinic.i18n.messages import error_text
from clinic.i18n.translator import translator
from db.engine import Database
from db.errors import OpenFailure
from db.folder import DataFolder
from db.keyslots import KeyStore
from db.models.registry import Person
from db.sqlcipher import connect_raw, integrity_problems
from tests.conftest import NOW
from tests.unit.test_main import FAST, PASSWORD, _account, _run_main
from ui.cli.command import PASSWORD_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096
MARKER = "MARKER-Beside-4411"

# The desk, as far as the folder can tell: it holds the folder's lock and saves persons, each
# with the terms that find it, in one transaction; it says "ready" once it holds the lock.
DESK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from sqlalchemy import text
    from db.folder import DataFolder, InstanceLock
    from db.engine import Database
    folder = DataFolder(Path({folder!r}))
    lock = InstanceLock(folder)
    lock.acquire()
    database = Database.open(folder.database, bytes.fromhex({key!r}))
    PERSON = text(
        "INSERT INTO person (code, alias, gender, engagement, first_contact, contact_channel, "
        "status, created_at, updated_at, revision) VALUES (:c, :a, 'woman', 'not_stated', "
        "'2026-01-01', 'self', 'active', '2026-01-01', '2026-01-01', 1)"
    )
    TERM = text("INSERT INTO search_term (term, person_id) VALUES (:t, :p)")
    print("ready", flush=True)
    n = 0
    while {writing!r}:
        with database.write() as session:
            session.execute(PERSON, {{"c": f"DESK{{n}}", "a": {marker!r}}})
            pid = session.execute(text("SELECT max(id) FROM person")).scalar()
            for term in ("alpha", "beta", "gamma"):
                session.execute(TERM, {{"t": term, "p": pid}})
        n += 1
    sys.stdin.read()  # until the test is done
    """
)


@pytest.fixture
def ready(data_folder: DataFolder, database: Database, key: bytes, clock: Clock) -> DataFolder:
    """A set-up folder with a coordinator `coord`, its database closed (as test_main's)."""
    _account(database, clock, "coord", "admin")
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("coord", key, PASSWORD)
    store.save()
    database.dispose()
    return data_folder


@contextmanager
def _desk(folder: DataFolder, key: bytes, *, writing: bool) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the desk's lock (and saving, if `writing`) while inside."""
    script = DESK.format(
        root=str(ROOT), folder=str(folder.root), key=key.hex(), writing=writing, marker=MARKER
    )
    with subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as desk:
        try:
            assert desk.stdout is not None
            assert desk.stdout.readline().strip() == "ready"
            yield desk
        finally:
            desk.kill()
            desk.communicate()


def _count(database: Database, sql: str) -> int:
    with database.read() as session:
        return int(session.execute(text(sql)).scalar() or 0)


def _damage_last_page(folder: DataFolder) -> bytes:
    content = bytearray(folder.database.read_bytes())
    content[-PAGE // 2] ^= 0x02
    folder.database.write_bytes(bytes(content))
    return bytes(content)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _coord(folder: DataFolder) -> tuple[str, ...]:
    return ("--data-dir", str(folder.root), "--user", "coord")


# A backup beside the desk -------------------------------------------------------------------


def test_a_scheduled_backup_runs_beside_a_desk_that_writes(ready: DataFolder, key: bytes):
    """reliability.md scenario 8, by the command a scheduler runs during opening hours."""
    with _desk(ready, key, writing=True) as desk:
        watcher = Database.open(ready.database, key)
        try:
            while _count(watcher, "SELECT count(*) FROM person") < 30:
                pass  # the desk is well under way
        finally:
            watcher.dispose()
        made = _run_main("backup", *_coord(ready), password=PASSWORD)
        still_writing = desk.poll() is None
    assert made.returncode == 0, made.stderr
    assert still_writing
    [backup] = list_backups(ready.backups)
    assert f"Backup made and checked: {backup.path}" in made.stdout
    content = backup.path.read_bytes()
    assert not content.startswith(b"SQLite format 3")  # encrypted
    assert MARKER.encode() not in content
    assert not [p.name for p in ready.backups.iterdir() if ".partial" in p.name]
    connection = connect_raw(backup.path, key, pragmas=False)
    try:
        assert integrity_problems(connection) == []
        persons = connection.execute("SELECT count(*) FROM person").fetchone()[0]
        terms = connection.execute("SELECT count(*) FROM search_term").fetchone()[0]
    finally:
        connection.close()
    assert persons >= 30
    assert terms == 3 * persons  # a consistent snapshot: never a person without its terms


def test_a_desk_started_during_a_scheduled_backup_is_not_refused(ready: DataFolder, key: bytes):
    """The backup command holds the folder's lock only while it opens the database."""
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        import main
        from db.folder import DataFolder, InstanceLock
        from pathlib import Path
        folder = DataFolder(Path({str(ready.root)!r}))
        import clinic.backups.backing_up
        real = clinic.backups.backing_up._make
        def make(*args, **kwargs):
            lock = InstanceLock(folder)
            lock.acquire()  # a desk starting now
            lock.release()
            print("desk could start", flush=True)
            return real(*args, **kwargs)
        clinic.backups.backing_up._make = make
        sys.exit(main.main(["backup", "--data-dir", str(folder.root), "--user", "coord"]))
        """
    )
    finished = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), PASSWORD_VARIABLE: PASSWORD},
        cwd=ROOT,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith("desk could start")


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != PASSWORD_VARIABLE}


def test_a_damaged_page_found_by_a_backup_beside_the_desk_is_said_plainly(
    ready: DataFolder, key: bytes
):
    with _desk(ready, key, writing=False):
        _damage_last_page(ready)
        made = _run_main("backup", *_coord(ready), password=PASSWORD)
    assert made.returncode == 2
    assert "Traceback" not in made.stderr
    assert "a page of the database is damaged" in made.stderr.lower()
    assert "fine" not in made.stderr
    assert list_backups(ready.backups) == []


# Backup failures said truly --------------------------------------------------------------------


def _main_with_a_full_backup_disk(*argv: str) -> subprocess.CompletedProcess[str]:
    """main.py, with the backup copy unable to grow past two pages: a full disk to SQLite."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        import db.backup, main
        real = db.backup.connect_raw
        def small_disk(path, key, **options):
            connection = real(path, key, **options)
            if path.name.endswith(".partial"):
                connection.execute("PRAGMA max_page_count = 2")
            return connection
        db.backup.connect_raw = small_disk
        sys.exit(main.main({list(argv)!r}))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), PASSWORD_VARIABLE: PASSWORD},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


def test_a_backup_the_disk_cannot_take_is_explained_without_a_traceback(ready: DataFolder):
    finished = _main_with_a_full_backup_disk("backup", *_coord(ready))
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    expected = error_text(translator("en"), StorageError("backup_disk_full"))
    assert finished.stderr.strip() == expected
    assert not list(ready.backups.glob("*.partial*"))


# Start-up --------------------------------------------------------------------------------------


def test_a_full_disk_at_start_up_is_said_to_be_full(
    ready: DataFolder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    import db.faults

    before = _digest(ready.database)
    nearly_full = SimpleNamespace(total=10**9, used=10**9 - 1000, free=1000)
    monkeypatch.setattr(db.faults.shutil, "disk_usage", lambda path: nearly_full)
    assert main.main(["check", *_coord(ready)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == main.open_failure_message(OpenFailure.DISK_FULL, folder=ready.root)
    assert _digest(ready.database) == before


def _unshare_works() -> bool:
    if shutil.which("unshare") is None or sys.platform != "linux":
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs a mount namespace (unshare -rm) for tmpfs")
def test_a_really_full_disk_at_start_up_is_said_to_be_full(ready: DataFolder, tmp_path: Path):
    """On a 2 MB file system filled to the last byte: before, the shared-memory file that could
    not be made read as a damaged database, and the log file spilled tracebacks."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    data = mount / "data"
    script = textwrap.dedent(
        f"""
        mount -t tmpfs -o size=2m tmpfs {mount}
        cp -r {ready.root} {data}
        dd if=/dev/zero of={mount}/filler bs=4k 2>/dev/null
        {sys.executable} {ROOT / "main.py"} check --data-dir {data} --user coord
        """
    )
    finished = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), PASSWORD_VARIABLE: PASSWORD},
        cwd=ROOT,
    )
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert "Logging error" not in finished.stderr
    assert finished.stderr.strip() == main.open_failure_message(OpenFailure.DISK_FULL, folder=data)


def test_a_folder_named_like_the_database_is_explained(tmp_path: Path):
    (tmp_path / "soglia.db").mkdir()
    (tmp_path / "soglia.keys").write_text("{}", encoding="utf-8")
    finished = _run_main("check", "--data-dir", str(tmp_path), "--user", "coord", password="x")
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    expected = main.open_failure_message(OpenFailure.NOT_A_FILE, folder=tmp_path)
    assert finished.stderr.strip() == expected
    assert (tmp_path / "soglia.db").is_dir()


def test_the_messages_name_the_keys_file_of_the_folder(ready: DataFolder):
    ready.keys.write_text("{ damaged", encoding="utf-8")
    finished = _run_main("check", *_coord(ready), password=PASSWORD)
    assert "The keys file (soglia.keys) in " in finished.stderr
    assert "soglia.key)" not in finished.stderr


# A damaged database: never written, restored by the command -----------------------------------


def test_check_on_a_damaged_database_writes_nothing_and_says_so(ready: DataFolder):
    damaged = _damage_last_page(ready)
    finished = _run_main("check", *_coord(ready), password=PASSWORD)
    assert finished.returncode == 2
    assert finished.stderr.strip() == main.open_failure_message(
        OpenFailure.NOT_A_DATABASE, folder=ready.root
    )
    assert ready.database.read_bytes() == damaged
    assert sorted(p.name for p in ready.root.glob("soglia.db*")) == ["soglia.db"]


@pytest.mark.slow
def test_a_damaged_database_is_restored_by_the_command_without_logging_in_to_it(
    ready: DataFolder, key: bytes
):
    database = Database.open(ready.database, key)
    with database.write() as session:
        session.add(_person("BACKED-UP"))
    database.dispose()
    made = _run_main("backup", *_coord(ready), password=PASSWORD)
    assert made.returncode == 0, made.stderr
    [backup] = list_backups(ready.backups)
    later = Database.open(ready.database, key)
    with later.write() as session:
        session.add(_person("AFTER"))
    later.dispose()
    _damage_last_page(ready)
    damaged = _digest(ready.database)

    restored = _run_main("restore", str(backup.path), *_coord(ready), password=PASSWORD)
    assert restored.returncode == 0, restored.stderr
    [kept] = ready.root.glob("soglia.db.damaged-*")
    assert restored.stdout.strip() == (
        f"Restored {backup.path}. The damaged database it replaced is kept as {kept}."
    )
    assert _digest(kept) == damaged
    checked = _run_main("check", *_coord(ready), password=PASSWORD)
    assert checked.returncode == 0, checked.stderr
    opened = Database.open(ready.database, key)
    try:
        with opened.read() as session:
            codes = session.execute(text("SELECT code FROM person")).scalars().all()
    finally:
        opened.dispose()
    assert codes == ["BACKED-UP"]


def test_a_restore_onto_an_empty_folder_does_not_speak_of_a_replaced_database(
    ready: DataFolder, tmp_path: Path
):
    made = _run_main("backup", *_coord(ready), password=PASSWORD)
    assert made.returncode == 0, made.stderr
    [backup] = list_backups(ready.backups)
    new = tmp_path / "new-computer"
    restored = _run_main(
        "restore", str(backup.path), "--data-dir", str(new), "--user", "coord", password=PASSWORD
    )
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip() == f"Restored {backup.path}."


def _person(code: str) -> Person:
    return Person(
        code=code,
        gender="woman",
        engagement="not_stated",
        first_contact=NOW.date(),
        contact_channel="self",
        created_at=NOW,
        updated_at=NOW,
    )
