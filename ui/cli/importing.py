"""`import`: persons or contacts from a spreadsheet, or the template to fill in.

The file and its columns are checked before the login, so a wrong file or mapping is said
before a password is asked. A dry run reads in a read-only transaction: it cannot write. The
exit code is 0 when no row was refused, 1 otherwise (the rows that passed are imported).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from clinic.i18n.translator import system_language, translator
from db.folder import DataFolder
from ui.cli.command import Command, Opened, RefusedError, open_for_command, refuse_without_database

if TYPE_CHECKING:
    from clinic.imports.columns import Columns
    from clinic.imports.rows import ImportOutcome
    from clinic.imports.sheet import Sheet

log = logging.getLogger(__name__)
EXIT_ROWS_REFUSED = 1


def write_template(args: argparse.Namespace) -> int:
    """`import --template persons|contacts [--out FILE]`: no data folder is used."""
    from clinic.imports.columns import ImportKind
    from clinic.imports.template import write_template as write

    kind = ImportKind(args.template)
    out: Path = args.out or Path(f"soglia-{kind.value}.xlsx")
    if out.exists():
        raise RefusedError(f"{out} already exists: choose another file with --out.")
    try:
        write(kind, out)
    except OSError as exc:
        raise RefusedError(f"{out} cannot be written: {exc.strerror}.") from None
    print(f"Template of the {kind.value} written to {out}.")
    return 0


class Import(Command):
    def check_folder(self, folder: DataFolder) -> None:
        refuse_without_database(folder, "to import into")

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from clinic.imports.words import report_lines

        sheet, columns = _read(args)
        opened = open_for_command(folder, args)
        try:
            outcome = _import(opened, sheet, columns, dry_run=args.dry_run)
        finally:
            opened.database.dispose()
        t = translator(args.language or system_language())
        for line in report_lines(t, sheet.read_as, columns, outcome):
            print(line)
        return EXIT_ROWS_REFUSED if outcome.problems else 0


def _read(args: argparse.Namespace) -> tuple[Sheet, Columns]:
    """The file's rows and where each field is in them; refused at once if they do not fit."""
    from clinic.imports.columns import ImportKind, template_columns
    from clinic.imports.mapping import read_mapping
    from clinic.imports.sheet import read_sheet

    path: Path = args.file.expanduser()
    if not path.is_file():
        raise RefusedError(f"There is no file {path}.")
    sheet = read_sheet(path)
    mapping = read_mapping(args.mapping.expanduser()) if args.mapping else None
    return sheet, template_columns(sheet.headers, ImportKind(args.what), mapping)


def _import(opened: Opened, sheet: Sheet, columns: Columns, *, dry_run: bool) -> ImportOutcome:
    """The rows checked, and unless a dry run imported, in the clinic's time zone."""
    from clinic.audit.transactions import reading, writing
    from clinic.common.clock import Clock
    from clinic.imports.columns import ImportKind
    from clinic.imports.contacts import import_contacts
    from clinic.imports.persons import import_persons
    from clinic.settings.configuration import load_settings

    if opened.actor is None:
        raise RefusedError("Set up the clinic's staff accounts before importing.")
    with reading(opened.database, opened.clock) as session:
        clock = Clock(load_settings(session).zone)
    use_case = import_persons if columns.kind is ImportKind.PERSONS else import_contacts
    transaction = reading if dry_run else writing
    with transaction(opened.database, clock) as session:
        outcome = use_case(session, opened.actor, clock, sheet, columns, dry_run=dry_run)
    log.info(
        "import %s%s: %d new, %d existing, %d refused",
        columns.kind.value,
        " (dry run)" * dry_run,
        outcome.new,
        outcome.existing,
        outcome.refused,
    )
    return outcome
