"""Soglia's entry point: arguments, data folder, logging, the database (migrated first), then the
window or a command.

The order matters. The instance lock is taken before anything is written, so a second Soglia never
touches the same logs or database; the database is opened and migrated before any window exists;
a database that cannot be opened is explained in plain words (exit code 2), never by a traceback.
PySide6 is imported only on the paths that need it, so the commands run without a display.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from clinic.i18n.messages import open_failure_text
from clinic.i18n.translator import system_language, translator
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import SLOTS_FILE_NAME, DataFolder, FolderState, InstanceLock, prepare

# The database layer (SQLAlchemy, Alembic, the ciphers) is imported where it is used, so the
# lock is taken and the login window shown without waiting for it.
if TYPE_CHECKING:
    from clinic.backups.restoring import RestoreGrant
    from clinic.common.permissions import Actor
    from db.engine import Database
    from db.migrate import MigrationResult

APP_NAME = "Soglia"
LANGUAGES = ("en", "it", "fr", "de")
EXIT_REFUSED = 2  # the same code argparse uses for a bad command line
EXIT_INTERRUPTED = 130
EXIT_BAD_INPUT = 2  # `vaccines forecast`: the input was not a valid array of cases
LOG_FILE_NAME = "soglia.log"
LOG_MAX_BYTES = 2_000_000
LOG_BACKUP_COUNT = 5
PASSWORD_VARIABLE = "SOGLIA_PASSWORD"  # noqa: S105 - the variable's name, not a password
RECOVERY_KEY_VARIABLE = "SOGLIA_RECOVERY_KEY"

log = logging.getLogger("soglia.main")  # run as a script, __name__ would be "__main__"


def open_failure_message(
    failure: OpenFailure,
    *,
    folder: Path | None = None,
    language: str | None = None,
    keys: str = SLOTS_FILE_NAME,
) -> str:
    """The explanation shown when the database cannot be opened; names the folder if given."""
    return open_failure_text(translator(language or system_language()), failure, folder, keys)


def keys_file_name(root: Path) -> str:
    """The keys file the messages name: a folder from before staff accounts has `soglia.key`."""
    folder = DataFolder(root)
    legacy = folder.state() is FolderState.LEGACY and folder.legacy_key.exists()
    return folder.legacy_key.name if legacy else folder.keys.name


class RefusedError(Exception):
    """A command cannot run on this data folder; the text says why, for the person at the desk."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run Soglia as the command line asks; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo" and args.data_dir is None:
        parser.error("demo needs --data-dir: it only fills a new folder of its own")
    if args.command == "vaccines":
        return _vaccines_forecast(args.language)
    gui = args.command is None
    root: Path = args.data_dir if args.data_dir is not None else default_data_dir()
    try:
        return _start(root, args)
    except DatabaseOpenError as exc:
        message = open_failure_message(
            exc.failure, folder=root, language=args.language, keys=keys_file_name(root)
        )
        return _refuse(message, gui=gui)
    except RefusedError as exc:
        return _refuse(str(exc), gui=gui)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Soglia, the desk application of anonymous drop-in clinics. "
        "Without a command, it opens the desk window.",
        parents=[_folder_option("default: the user's application data folder")],
    )
    parser.set_defaults(data_dir=None)
    parser.add_argument(
        "--language", choices=LANGUAGES, help="language of the window (default: the system's)"
    )
    _add_commands(parser)
    return parser


def _folder_option(default: str) -> argparse.ArgumentParser:
    # --data-dir is accepted before and after the command; SUPPRESS keeps a command's parser from
    # overwriting a value given before it.
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"the data folder: database, key, logs and backups ({default})",
    )
    return option


def _user_option() -> argparse.ArgumentParser:
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument(
        "--user",
        metavar="NAME",
        help="the staff account to act as; its password is read from the SOGLIA_PASSWORD "
        "environment variable, or asked for",
    )
    return option


def _add_commands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        parents=[_folder_option("required; a new folder")],
        help="fill a new data folder with invented people and visits, to try Soglia out",
        description="Fill a new data folder with invented people, visits and staff. It refuses "
        "a folder that already has a database, so invented data never mixes with real data.",
    )
    demo.add_argument("--persons", type=_positive, default=2000, help="default: %(default)s")
    demo.add_argument("--years", type=_positive, default=3, help="default: %(default)s")
    demo.add_argument("--seed", type=int, default=1, help="for the same data again (default: 1)")
    commands.add_parser(
        "check",
        parents=[_folder_option("default: the user's application data folder"), _user_option()],
        help="open the database, update it for this version if needed, and check every page",
        description="Open the database (updating it for this version if needed, after a "
        "backup), check every page of it and print what was found.",
    )
    audit = commands.add_parser(
        "audit",
        parents=[_folder_option("default: the user's application data folder"), _user_option()],
        help="check that the audit trail is as it was written",
        description="Walk the audit trail's chain of hashes and report the first row that was "
        "edited, deleted or moved since it was written, and rows cut from its end (compared "
        "with the end recorded in the database, in soglia.audit-anchor and beside each "
        "backup); exit code 1 if the trail does not hold, including breaks found earlier.",
    )
    audit.add_argument("action", choices=["verify"], help="verify: check the whole chain")
    backup = commands.add_parser(
        "backup",
        parents=[_folder_option("default: the user's application data folder"), _user_option()],
        help="make an encrypted, checked backup now (for scheduled use)",
        description="Make a backup of the database now, while Soglia may be running: written "
        "under a temporary name, checked, then renamed; old backups are rotated (7 daily, 4 "
        "weekly, 12 monthly). It goes to the backups folder of the data folder, and to the "
        "clinic's second backup folder if one is set.",
    )
    backup.add_argument("--to", type=Path, metavar="DIR", help="a second folder for this copy")
    restore = commands.add_parser(
        "restore",
        parents=[_folder_option("default: the user's application data folder"), _user_option()],
        help="replace the database with a backup, after checking it (also a damaged one)",
        description="Check the backup, then put it in place of the database, without opening "
        "that database: it may be damaged. The database it replaces is kept beside it "
        "(soglia.db.damaged-<time> if it cannot be read). --user must be an active coordinator "
        "in the backup; the password opens their key slot in this folder's keys file or, on a "
        "new computer or without a readable keys file, in the backup's own (beside it).",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a soglia-*.db backup")
    restore.add_argument(
        "--recovery-key",
        action="store_true",
        help=f"unlock with the recovery key instead of a password (read from "
        f"{RECOVERY_KEY_VARIABLE}, or asked for)",
    )
    vaccines = commands.add_parser(
        "vaccines",
        help="forecast vaccinations for cases given as JSON (no data folder is used)",
        description="forecast: read a JSON array of cases on standard input (birth_date, sex, "
        "assessment_date, vaccine_group HepA/HepB/HPV, doses with date and cvx, profile "
        "cdsi/eu) and write one result per case on standard output: each dose's evaluation, "
        "the series status and the next dose's earliest, recommended and past-due dates. "
        "Bad input is described on standard error, with exit code 2.",
    )
    vaccines.add_argument("action", choices=["forecast"], help="forecast: JSON in, JSON out")


def _vaccines_forecast(language: str | None) -> int:
    """CDSi forecasting as a filter, for other tools and for auditing the logic."""
    from clinic.common.errors import ValidationError
    from clinic.i18n.messages import error_text
    from clinic.vaccinations.cdsi.forecast_command import run

    try:
        output = run(sys.stdin.buffer.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        print("The input is not UTF-8 text.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValidationError as exc:
        t = translator(language or system_language())
        for error in exc.errors:
            print(error_text(t, error), file=sys.stderr)
        return EXIT_BAD_INPUT
    sys.stdout.write(output + "\n")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def default_data_dir() -> Path:
    """Qt's per-user application data folder for Soglia (e.g. ~/.local/share/Soglia/Soglia)."""
    from PySide6.QtCore import QStandardPaths

    _name_application()
    location = QStandardPaths.StandardLocation.AppDataLocation
    return Path(QStandardPaths.writableLocation(location))


def _name_application() -> None:
    """The names Qt derives folders and `QSettings` from; set before any of them is used."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)


def _start(root: Path, args: argparse.Namespace) -> int:
    folder = prepare(root)
    lock = InstanceLock(folder)
    args.beside_desk = not _lock_for(lock, COMMANDS[args.command])
    args.release_instance_lock = lock.release
    try:
        with _logging_to(folder):
            return _run(folder, args)
    finally:
        lock.release()  # nothing to do when it was not taken, or already given back


def _lock_for(lock: InstanceLock, command: Command) -> bool:
    """Take the folder's lock: only one desk at a time. A command that may run beside the desk
    (a backup from a scheduler) goes on without it; returns whether it was taken."""
    try:
        lock.acquire()
    except DatabaseOpenError:
        if not command.runs_beside_the_desk:
            raise
        return False
    return True


def _run(folder: DataFolder, args: argparse.Namespace) -> int:
    from clinic.common.errors import KnownError
    from clinic.i18n.messages import error_text

    command = COMMANDS[args.command]
    log.info("starting %s%s", args.command or "window", " beside the desk" * args.beside_desk)
    try:
        command.check_folder(folder)
        return command.start(folder, args)
    except KnownError as exc:  # a refused login, a backup the disk did not take...
        log.warning("%s refused: %s", args.command, exc)
        t = translator(args.language or system_language())
        raise RefusedError(error_text(t, exc)) from None
    except RefusedError:
        log.warning("%s refused on this data folder", args.command)
        raise
    except DatabaseOpenError as exc:
        log.error("the database cannot be opened: %s", exc)
        raise


def log_migration(result: MigrationResult) -> None:
    if result.from_revision != result.to_revision:
        backup = result.backup.name if result.backup else "none"
        log.info("schema %s -> %s (backup: %s)", result.from_revision, result.to_revision, backup)


def _refuse(text: str, *, gui: bool) -> int:
    print(text, file=sys.stderr)
    if gui:
        _show_failure_box(text)
    return EXIT_REFUSED


def _show_failure_box(text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the folder's name is not markup
    box.exec()


# Logging -----------------------------------------------------------------------------------------


@contextmanager
def _logging_to(folder: DataFolder) -> Iterator[None]:
    """Log to the data folder's rotating log, including uncaught exceptions, while inside.

    Only ids, codes of errors and schema revisions are logged; the engine keeps SQL parameters
    out of exception texts, so a traceback does not carry what was typed.
    """
    handler = _QuietLogFile(
        folder.logs / LOG_FILE_NAME,
        maxBytes=LOG_MAX_BYTES,
        backupCount=LOG_BACKUP_COUNT,
        encoding="utf-8",
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    saved = root.level, sys.excepthook, threading.excepthook
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    sys.excepthook = _logging_excepthook(sys.excepthook)
    threading.excepthook = _logging_thread_excepthook(threading.excepthook)
    try:
        yield
    except (DatabaseOpenError, RefusedError):
        raise  # known: explained to the person at the desk, logged where it was raised
    except Exception:
        log.critical("uncaught exception", exc_info=True)
        raise
    finally:
        root.setLevel(saved[0])
        sys.excepthook, threading.excepthook = saved[1], saved[2]
        root.removeHandler(handler)
        handler.close()


class _QuietLogFile(logging.handlers.RotatingFileHandler):
    """The log file, which a full disk must not turn into tracebacks on the screen: a line that
    cannot be written is lost, and the person is told what matters by Soglia's own message."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass

    def close(self) -> None:
        with suppress(OSError):
            super().close()


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


def _logging_excepthook(previous: ExceptHook) -> ExceptHook:
    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    return hook


def _logging_thread_excepthook(previous: ThreadHook) -> ThreadHook:
    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            info = (args.exc_type, args.exc_value, args.exc_traceback)
            log.critical("uncaught exception in a thread", exc_info=info)
        previous(args)

    return hook


# Commands ----------------------------------------------------------------------------------------


class Command:
    """A command of the command line; `check_folder` refuses a folder before it is opened."""

    runs_beside_the_desk = False  # it may run while a desk has the folder's lock

    def check_folder(self, folder: DataFolder) -> None:
        pass

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        """Open the database for the account of `--user`, then `run`."""
        opened = _open_for_command(folder, args)
        try:
            return self.run(folder, opened, args)
        finally:
            opened.database.dispose()

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        raise NotImplementedError


@dataclass(frozen=True)
class Opened:
    """The database as a command has it: who acts (None for a folder from before accounts)."""

    database: Database
    actor: Actor | None
    key: bytes


def _open_for_command(folder: DataFolder, args: argparse.Namespace) -> Opened:
    """The database, opened as `--user` (with SOGLIA_PASSWORD or a prompt).

    A folder from before staff accounts still opens with its key file, as nobody in particular.
    """
    from clinic.common.clock import Clock
    from clinic.staff.opening import open_as

    state = folder.state()
    if state is FolderState.NEW:
        raise RefusedError(
            f"Soglia is not set up in {folder.root} yet. Start it once without a command to set "
            "up the clinic and its first coordinator account."
        )
    if state is FolderState.LEGACY:
        from db.opening import open_database, read_legacy_key

        key = read_legacy_key(folder)
        database, migration = open_database(folder, key, beside_desk=args.beside_desk)
        log_migration(migration)
        return Opened(database, None, key)
    password = _password(_user(args))
    clock = Clock(ZoneInfo("UTC"))
    opened = open_as(folder, args.user, password, clock, beside_desk=args.beside_desk)
    log_migration(opened.migration)
    return Opened(opened.database, opened.login.actor, opened.key)


def _user(args: argparse.Namespace) -> str:
    if not args.user:
        raise RefusedError("This command needs the staff account to act as: --user NAME.")
    return str(args.user)


def _password(user: str) -> str:
    return _secret(PASSWORD_VARIABLE, "password", f"Password of {user}: ")


def _secret(variable: str, what: str, prompt: str) -> str:
    secret = os.environ.get(variable)
    if secret is not None:
        return secret
    if not sys.stdin.isatty():
        raise RefusedError(f"No {what}: set {variable}, or run this in a terminal.")
    return getpass.getpass(prompt)


class Window(Command):
    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from ui.app import run

        _name_application()
        return run(folder, args.language)


class Demo(Command):
    def check_folder(self, folder: DataFolder) -> None:
        if folder.state() is not FolderState.NEW:
            raise RefusedError(
                f"There is already a database in {folder.root}. The demo command only fills a "
                "new data folder, so that invented people never mix with real ones. Choose "
                "another folder with --data-dir."
            )

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from clinic.demo.folder import create_demo_clinic

        demo = create_demo_clinic(
            folder,
            persons=args.persons,
            years=args.years,
            seed=args.seed,
            progress=Progress(sys.stderr),
        )
        log.info("demo data: %d persons, %d visits", demo.summary.persons, demo.summary.visits)
        summary = demo.summary
        print(
            f"Demo data in {folder.root}: {summary.persons} persons, {summary.visits} visits, "
            f"{summary.staff} staff accounts."
        )
        print(f"Log in as one of these, each with the password {demo.password!r}:")
        for username, role in demo.logins:
            print(f"  {username:<20} {role}")
        print(f"Recovery key of the demo clinic: {demo.recovery_key}")
        return 0


class Check(Command):
    def check_folder(self, folder: DataFolder) -> None:
        if not folder.database.exists():
            raise RefusedError(f"There is no database in {folder.root} to check.")

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        from db.sqlcipher import problems

        _require(opened.actor, "backup")
        found = problems(opened.database)
        log.info("check: %d problems", len(found))
        for line in found:
            print(line)
        if found:
            print(f"The database in {folder.root} is damaged: restore the most recent backup.")
            return 1
        print(f"The database in {folder.root} is sound.")
        return 0


def _require(actor: Actor | None, permission: str) -> None:
    """Commands are the coordinator's tools (a folder from before accounts has no one to ask)."""
    from clinic.common.permissions import Permission

    if actor is not None and not actor.can(Permission(permission)):
        raise RefusedError("Only a coordinator account may use this command.")


class Progress:
    """Prints a long job's progress: a line when a stage starts and at every tenth of it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._last: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        step = (stage, done * 10 // total if total > 0 else 10)
        if step != self._last:
            self._last = step
            print(f"{stage}: {done}/{total}", file=self._stream, flush=True)


class Audit(Command):
    def check_folder(self, folder: DataFolder) -> None:
        if not folder.database.exists():
            raise RefusedError(f"There is no database in {folder.root} to check.")

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        """Walk the chain (the login before it compared the end with the anchor, and wrote
        down a break it found), then compare its end with every anchor outside."""
        from clinic.audit.anchor import every_anchor
        from clinic.audit.chain import verify_chain
        from clinic.audit.chain_words import report_lines
        from clinic.settings.configuration import load_settings

        _require(opened.actor, "audit.read")
        with opened.database.read() as session:
            settings = load_settings(session)
            second = settings.second_backup_folder
            anchors = every_anchor(folder, opened.key, Path(second) if second else None)
            report = verify_chain(session, anchors)
        t = translator(args.language or system_language())
        for line in report_lines(t, report, settings.zone):
            print(line)
        if report.intact:
            log.info("audit verify: %d rows, intact, %d anchors", report.rows, report.anchors)
            return 0
        for found in report.breaks:
            log.warning("audit verify: %s from row %d", found.finding.value, found.first)
        return 1


class Backup(Command):
    """A backup now, also while a desk has the folder (a scheduler during opening hours): the
    online backup copies a consistent snapshot while the desk goes on writing."""

    runs_beside_the_desk = True

    def check_folder(self, folder: DataFolder) -> None:
        if not folder.database.exists():
            raise RefusedError(f"There is no database in {folder.root} to back up.")

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        opened = _open_for_command(folder, args)
        args.release_instance_lock()  # opened and up to date: a desk may start meanwhile
        try:
            return self.run(folder, opened, args)
        finally:
            opened.database.dispose()

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        from clinic.backups.backing_up import back_up
        from clinic.common.clock import Clock
        from clinic.settings.configuration import load_settings

        _require(opened.actor, "backup")
        with opened.database.read() as session:
            settings = load_settings(session)
        second = args.to or (
            Path(settings.second_backup_folder) if settings.second_backup_folder else None
        )
        clock = Clock(settings.zone)
        made = back_up(opened.database, opened.actor, clock, opened.key, folder, second)
        copy = f" (and a copy in {second})" if second else ""
        print(f"Backup made and checked: {made.path}{copy}")
        return 0


class Restore(Command):
    """Check a backup and put it in place, without logging in to the database it replaces
    (which may be damaged): a coordinator of the time of the backup unlocks the key."""

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from clinic.backups.restoring import restore_without_login
        from clinic.common.clock import Clock

        backup = args.file.expanduser().resolve()
        if not backup.is_file():
            raise RefusedError(f"There is no backup file {backup}.")
        clock = Clock(ZoneInfo("UTC"))
        restored = restore_without_login(folder, backup, _grant(folder, backup, args), clock)
        log_migration(restored.migration)
        if restored.kept_as is None:
            print(f"Restored {backup}.")
        else:
            what = "damaged database" if restored.damaged else "database"
            print(f"Restored {backup}. The {what} it replaced is kept as {restored.kept_as}.")
        return 0


def _grant(folder: DataFolder, backup: Path, args: argparse.Namespace) -> RestoreGrant:
    """Who restores, with the key: a coordinator's password or the recovery key opens a key
    slot (this folder's, else the backup's own); a folder from before accounts has its key."""
    from clinic.backups.restoring import (
        RestoreGrant,
        authorise_restore,
        authorise_restore_with_recovery_key,
    )
    from db.opening import read_legacy_key

    if folder.legacy_key.exists() and not folder.keys.exists():
        return RestoreGrant(read_legacy_key(folder), "")
    user = _user(args)
    if args.recovery_key:
        recovery = _secret(RECOVERY_KEY_VARIABLE, "recovery key", "Recovery key: ")
        return authorise_restore_with_recovery_key(folder, backup, user, recovery)
    return authorise_restore(folder, backup, user, _password(user), dt.datetime.now(dt.UTC))


COMMANDS: Mapping[str | None, Command] = {
    None: Window(),
    "demo": Demo(),
    "check": Check(),
    "audit": Audit(),
    "backup": Backup(),
    "restore": Restore(),
}


if __name__ == "__main__":
    sys.exit(main())
