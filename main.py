"""Soglia's entry point: arguments, data folder, logging, then the desk (`ui/`) or a command
(`ui/cli/`).

The order matters. The instance lock is taken before anything is written, so a second Soglia never
touches the same logs or database; the database is opened and migrated before any window exists;
a database that cannot be opened is explained in plain words (exit code 2), never by a traceback.
PySide6 is imported only on the paths that need it, so the commands run without a display.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from clinic.i18n.translator import system_language, translator
from db.errors import DatabaseOpenError
from db.folder import DataFolder, InstanceLock, prepare
from ui.cli import audit, backup, check, demo, importing, init, report, restore, vaccines
from ui.cli.command import Command, RefusedError, keys_file_name, open_failure_message
from ui.cli.log_file import logging_to
from ui.cli.parser import build_parser
from ui.desk_start import Window, default_data_dir, show_failure_box

__all__ = ["Window", "main", "open_failure_message"]  # what the tests and the probe reach
EXIT_REFUSED = 2  # the same code argparse uses for a bad command line
EXIT_INTERRUPTED = 130

log = logging.getLogger("soglia.main")  # run as a script, __name__ would be "__main__"


def main(argv: Sequence[str] | None = None) -> int:
    """Run Soglia as the command line asks; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in ("demo", "init") and args.data_dir is None:
        parser.error(f"{args.command} needs --data-dir: it only fills a new folder of its own")
    if args.command == "vaccines":
        return vaccines.forecast(args.language)
    if args.command == "import":
        _check_import_arguments(parser, args)
        if args.template:
            return _template(args)
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


def _check_import_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.template and (args.what or args.file):
        parser.error("import --template writes a template: give no kind or file with it")
    if not args.template and not (args.what and args.file):
        parser.error("import needs persons or contacts and the FILE (or --template)")


def _template(args: argparse.Namespace) -> int:
    """`import --template`: written where asked, no data folder used."""
    try:
        return importing.write_template(args)
    except RefusedError as exc:
        return _refuse(str(exc), gui=False)


def _start(root: Path, args: argparse.Namespace) -> int:
    folder = prepare(root)
    lock = InstanceLock(folder)
    args.beside_desk = not _lock_for(lock, COMMANDS[args.command])
    args.release_instance_lock = lock.release
    try:
        with logging_to(folder):
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


def _refuse(text: str, *, gui: bool) -> int:
    print(text, file=sys.stderr)
    if gui:
        show_failure_box(text)
    return EXIT_REFUSED


COMMANDS: Mapping[str | None, Command] = {
    None: Window(),
    "demo": demo.Demo(),
    "check": check.Check(),
    "audit": audit.Audit(),
    "backup": backup.Backup(),
    "restore": restore.Restore(),
    "report": report.Report(),
    "init": init.Init(),
    "import": importing.Import(),
}


if __name__ == "__main__":
    sys.exit(main())
