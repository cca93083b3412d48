"""Soglia's entry point: arguments, data folder, logging, the database (migrated first), then the
window or a command.

The order matters. The instance lock is taken before anything is written, so a second Soglia never
touches the same logs or database; the database is opened and migrated before any window exists;
a database that cannot be opened is explained in plain words (exit code 2), never by a traceback.
PySide6 is imported only on the paths that need it, so the commands run without a display.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from clinic.i18n import N_, system_language, translator
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder, FolderState, InstanceLock, prepare

# The database layer (SQLAlchemy, Alembic, the ciphers) is imported where it is used, so the
# lock is taken and the login window shown without waiting for it.
if TYPE_CHECKING:
    from clinic.permissions import Actor
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

log = logging.getLogger("soglia.main")  # run as a script, __name__ would be "__main__"

# One paragraph each, in plain words: what happened, that nothing was changed, what to do next.
# They are shown before any window, in the language asked for or the system's.
OPEN_FAILURE_MESSAGES: Mapping[OpenFailure, str] = {
    OpenFailure.NOT_A_DATABASE: N_(
        "Soglia cannot read the database in {folder}. The file may be damaged or incomplete, it "
        "may not be a Soglia database, or the key file beside it (soglia.key) may belong to "
        "another database. Soglia has not changed anything. Restore the most recent backup, or "
        "ask the person who looks after Soglia for help."
    ),
    OpenFailure.NEWER_SCHEMA: N_(
        "The database in {folder} was last used by a newer version of Soglia. This version "
        "cannot work with it safely and has not changed it. Please install the newer version of "
        "Soglia on this computer to continue."
    ),
    OpenFailure.IN_USE: N_(
        "Soglia is already open on the database in {folder}, in another window or for another "
        "user of this computer. Only one Soglia at a time can use it, so that no work is lost. "
        "Use the Soglia that is already open, or close it and try again."
    ),
    OpenFailure.KEY_FILE: N_(
        "The key file (soglia.key) in {folder} is missing or damaged, so the database cannot be "
        "unlocked. Soglia has not changed anything. Put back the copy of the key file kept for "
        "emergencies, or ask the person who looks after Soglia for help."
    ),
    OpenFailure.MIGRATION_FAILED: N_(
        "Soglia could not update the database in {folder} for this version, so it has left the "
        "database exactly as it was. Check that the disk is not full and try again; if it happens "
        "again, please report it: the details are in the log file in the logs folder."
    ),
    OpenFailure.READ_ONLY: N_(
        "Soglia cannot save to {folder}. The folder or the database in it may be read-only, the "
        "disk may be full, or the drive may not be connected. Soglia must be able to save every "
        "change, so it will not start on this folder. Check the folder and try again."
    ),
}


def open_failure_message(
    failure: OpenFailure, *, folder: Path | None = None, language: str | None = None
) -> str:
    """The explanation shown when the database cannot be opened; names the folder if given."""
    t = translator(language or system_language())
    where = str(folder) if folder else t.gettext("the data folder")
    return t.format(OPEN_FAILURE_MESSAGES[failure], folder=where)


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
        message = open_failure_message(exc.failure, folder=root, language=args.language)
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
        help="replace the database with a backup, after checking it",
        description="Check the backup, then put it in place of the database; the database it "
        "replaces is kept beside it. On a new computer, the backup's own keys file (beside it) "
        "is used, with a coordinator's password of the time of the backup.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a soglia-*.db backup")
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
    from clinic.errors import ValidationError
    from clinic.messages import error_text
    from clinic.vaccines.forecast_command import run

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
    lock.acquire()
    try:
        with _logging_to(folder):
            return _run(folder, args)
    finally:
        lock.release()


def _run(folder: DataFolder, args: argparse.Namespace) -> int:
    command = COMMANDS[args.command]
    log.info("starting %s", args.command or "window")
    try:
        command.check_folder(folder)
        return command.start(folder, args)
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
    handler = logging.handlers.RotatingFileHandler(
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
    from clinic.clock import Clock
    from clinic.errors import KnownError
    from clinic.messages import error_text
    from clinic.opening import open_as

    state = folder.state()
    if state is FolderState.NEW:
        raise RefusedError(
            f"Soglia is not set up in {folder.root} yet. Start it once without a command to set "
            "up the clinic and its first coordinator account."
        )
    if state is FolderState.LEGACY:
        from db.datafolder import open_database, read_legacy_key

        key = read_legacy_key(folder)
        database, migration = open_database(folder, key)
        log_migration(migration)
        return Opened(database, None, key)
    if not args.user:
        raise RefusedError("This command needs the staff account to act as: --user NAME.")
    try:
        opened = open_as(folder, args.user, _password(args.user), Clock(ZoneInfo("UTC")))
    except KnownError as exc:
        raise RefusedError(
            error_text(translator(args.language or system_language()), exc)
        ) from None
    log_migration(opened.migration)
    return Opened(opened.database, opened.login.actor, opened.key)


def _password(user: str) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise RefusedError(f"No password: set {PASSWORD_VARIABLE}, or run this in a terminal.")
    return getpass.getpass(f"Password of {user}: ")


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
        from clinic.demo_accounts import create_demo_clinic

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
        from db.health import problems

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
    from clinic.permissions import Permission

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
        from clinic.audit_anchor import every_anchor
        from clinic.audit_chain import verify_chain
        from clinic.chain_words import report_lines
        from clinic.clinic_settings import load_settings

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
    def check_folder(self, folder: DataFolder) -> None:
        if not folder.database.exists():
            raise RefusedError(f"There is no database in {folder.root} to back up.")

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        from clinic.backups import back_up
        from clinic.clinic_settings import load_settings
        from clinic.clock import Clock

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
    """Check a backup, put it in place, then open it (migrating it if it is older) and audit."""

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from clinic.backups import restore_in_place
        from clinic.clock import Clock
        from clinic.errors import KnownError
        from clinic.messages import error_text

        backup = args.file.expanduser().resolve()
        if not backup.is_file():
            raise RefusedError(f"There is no backup file {backup}.")
        clock = Clock(ZoneInfo("UTC"))
        key, username = self._key(folder, backup, args)
        try:
            aside, migration = restore_in_place(folder, backup, key, username, clock)
        except KnownError as exc:
            t = translator(args.language or system_language())
            raise RefusedError(error_text(t, exc)) from None
        log_migration(migration)
        print(f"Restored {backup}. The database it replaced is kept as {aside}.")
        return 0

    def _key(self, folder: DataFolder, backup: Path, args: argparse.Namespace) -> tuple[bytes, str]:
        """The database key, and who restores: with this folder's keys, or on a new computer
        with the backup's own keys file."""
        from db.datafolder import read_legacy_key

        state = folder.state()
        if state is FolderState.LEGACY:
            return read_legacy_key(folder), ""
        if state is FolderState.READY:
            opened = _open_for_command(folder, args)
            opened.database.dispose()
            _require(opened.actor, "restore")
            return opened.key, args.user
        return _key_from_backup(backup, args)


def _key_from_backup(backup: Path, args: argparse.Namespace) -> tuple[bytes, str]:
    from sqlalchemy import text

    from clinic.accounts import normal_username
    from db.engine import Database as Db
    from db.keyslots import KeyStore, KeyStoreError, WrongSecret

    keys = backup.with_suffix(".keys")
    if not args.user:
        raise RefusedError("This command needs the staff account to act as: --user NAME.")
    try:
        key = KeyStore.load(keys).open_with_password(
            normal_username(args.user), _password(args.user)
        )
    except KeyStoreError:
        raise RefusedError(
            f"A backup is restored on a new computer with its keys file: {keys}."
        ) from None
    except WrongSecret:
        raise RefusedError("Wrong user name or password.") from None
    copy = Db.open(backup, key)
    try:
        with copy.read() as session:  # plain SQL: the backup may be of an older schema
            row = session.execute(
                text("SELECT role, active FROM staff WHERE username = :u"),
                {"u": normal_username(args.user)},
            ).first()
    finally:
        copy.dispose()
    if row is None or not row[1] or row[0] != "admin":
        raise RefusedError("Only a coordinator account may use this command.")
    return key, args.user


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
