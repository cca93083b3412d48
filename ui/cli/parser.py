"""The command line's arguments: the desk's options, and each command's."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ui.cli.command import RECOVERY_KEY_VARIABLE

LANGUAGES = ("en", "it", "fr", "de")


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


def _language_option(what: str) -> argparse.ArgumentParser:
    """--language after the command too (before it, it is the window's option)."""
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument(
        "--language",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=f"{what} (default: the system's)",
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
    report = commands.add_parser(
        "report",
        parents=[_folder_option("default: the user's application data folder"), _user_option()],
        help="write the activity report of a year or a period as PDF or JSON",
        description="annual: the activity report (every section, the period before beside it) "
        "as PDF or JSON, with counts from 1 to K-1 hidden (K = 5 unless --suppress says "
        "otherwise; --suppress 0 hides nothing, for internal use, and the audit trail says "
        "so). JSON keys are stable: persons.distinct, persons.by_gender.woman, visits.total, "
        'visits.by_month.3, ...; a hidden small count is "<5".',
    )
    report.add_argument("action", choices=["annual"], help="annual: the activity report")
    report.add_argument("--year", type=_year, help="a calendar year, e.g. 2025")
    report.add_argument("--from", dest="since", type=_day, metavar="DATE", help="YYYY-MM-DD")
    report.add_argument("--to", type=_day, metavar="DATE", help="YYYY-MM-DD, included")
    report.add_argument(
        "--language",
        dest="report_language",
        choices=LANGUAGES,
        help="the report's language (default: the clinic's)",
    )
    report.add_argument("--format", choices=["pdf", "json"], default="pdf")
    report.add_argument(
        "--suppress",
        type=_suppression,
        default=5,
        metavar="K",
        help="hide counts from 1 to K-1 (default: 5; 0: hide nothing, internal use only)",
    )
    report.add_argument("--out", type=Path, required=True, metavar="FILE")
    _add_init(commands)
    _add_import(commands)
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


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2999:
        raise argparse.ArgumentTypeError("give a year such as 2025")
    return int(text)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give a date as YYYY-MM-DD, e.g. 2025-03-31") from None


def _suppression(text: str) -> int:
    if not text.isdigit() or int(text) == 1 or int(text) > 100:
        raise argparse.ArgumentTypeError("give 0 (hide nothing) or a number from 2 to 100")
    return int(text)


def _add_init(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser(
        "init",
        parents=[
            _folder_option("required; a new folder"),
            _language_option("the clinic's language"),
        ],
        help="set up a new, empty clinic and its first coordinator, as the set-up wizard does",
        description="Set up a new clinic in a new data folder, as the set-up wizard does: its "
        "encrypted database, the first coordinator account and the recovery key, printed once. "
        "The password is read from SOGLIA_PASSWORD, or asked for twice. --language sets the "
        "clinic's language. A folder that already holds a database is refused.",
    )
    init.add_argument("--clinic", required=True, metavar="NAME", help="the clinic's name")
    init.add_argument("--admin", required=True, metavar="USER", help="the coordinator's user name")
    init.add_argument("--display-name", metavar="NAME", help="their name (default: USER)")
    init.add_argument(
        "--time-zone", metavar="ZONE", help="e.g. Europe/Rome (default: the system's)"
    )


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = ["persons", "contacts"]
    imports = commands.add_parser(
        "import",
        parents=[
            _folder_option("default: the user's application data folder"),
            _user_option(),
            _language_option("the language of the messages"),
        ],
        help="import persons or contacts from a spreadsheet (.xlsx or .csv), or write a template",
        description="Import persons, or their visits and street contacts, from a spreadsheet "
        "in Soglia's template (--template writes one) or, with --mapping, in the file's own "
        "columns. Every row is checked as the desk checks it; refused rows are listed with "
        "their line and reason. The import is one transaction, audited, and a file imported "
        "again adds nothing twice. Exit code 1 when rows were refused.",
    )
    imports.add_argument("what", nargs="?", choices=kinds, help="persons or contacts")
    imports.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a .xlsx or .csv file")
    imports.add_argument(
        "--template",
        choices=kinds,
        help="write the template of persons or contacts (no data folder is used)",
    )
    imports.add_argument("--out", type=Path, metavar="FILE", help="where --template writes")
    imports.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
    imports.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help='a JSON object of the file\'s columns and Soglia\'s fields: {"Genere": "gender"}',
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
