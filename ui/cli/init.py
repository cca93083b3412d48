"""`init`: a new, empty clinic made from a script, as the set-up wizard makes one.

The same use case as the wizard (`clinic.staff.opening.set_up`), with the same checks of the
clinic's name, the coordinator's user name and password (`validate_setup`); the recovery key
is printed once. A folder that already holds a database is refused, whatever it holds.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from clinic.i18n.translator import system_language, translator
from db.folder import DataFolder, FolderState
from ui.cli.command import PASSWORD_VARIABLE, Command, RefusedError, password_of

if TYPE_CHECKING:
    from clinic.staff.accounts import SetUp

# Which option or variable gave each field of the set-up form, to name it in a refusal.
OPTIONS: Mapping[str, str] = {
    "clinic_name": "--clinic",
    "time_zone": "--time-zone",
    "language": "--language",
    "username": "--admin",
    "display_name": "--display-name",
    "password": PASSWORD_VARIABLE,
    "password_again": PASSWORD_VARIABLE,
}


class Init(Command):
    def check_folder(self, folder: DataFolder) -> None:
        if folder.state() is not FolderState.NEW:
            raise RefusedError(
                f"There is already a database in {folder.root}: init only sets up a new clinic "
                "in a new data folder. Choose another folder with --data-dir."
            )

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from clinic.common.clock import Clock
        from clinic.staff.opening import set_up
        from db.keyslots import new_recovery_key

        setup = _checked_setup(args)
        recovery_key = new_recovery_key()
        set_up(folder, setup, recovery_key, Clock(ZoneInfo(setup.time_zone))).close()
        print(
            f"The clinic “{setup.clinic_name}” is set up in {folder.root}, with the coordinator "
            f"account {setup.username} (time zone {setup.time_zone}, language {setup.language})."
        )
        print("Its recovery key, shown only now: write it down or print it, and keep it in the")
        print("clinic's safe. With it, a coordinator who lost their password gets back in.")
        print(f"  {recovery_key}")
        return 0


def _checked_setup(args: argparse.Namespace) -> SetUp:
    """The set-up form filled from the command line, checked as the wizard checks it."""
    from clinic.common.errors import ValidationError
    from clinic.i18n.messages import error_text
    from clinic.i18n.translator import LANGUAGES
    from clinic.settings.configuration import system_time_zone, time_zones
    from clinic.staff.accounts import SetUpForm, validate_setup

    password, again = _new_password(args.admin)
    form = SetUpForm(
        clinic_name=args.clinic,
        time_zone=args.time_zone or system_time_zone(),
        language=args.language or system_language(),
        username=args.admin,
        display_name=args.display_name or args.admin,
        password=password,
        password_again=again,
    )
    try:
        return validate_setup(form, frozenset(time_zones()), frozenset(LANGUAGES))
    except ValidationError as refused:
        t = translator(args.language or system_language())
        lines = [f"{_option(e.field)}: {error_text(t, e)}" for e in refused.errors]
        raise RefusedError("\n".join(dict.fromkeys(lines))) from None


def _option(field: str | None) -> str:
    return OPTIONS.get(field or "", field or "")


def _new_password(username: str) -> tuple[str, str]:
    """From SOGLIA_PASSWORD, or typed twice in a terminal."""
    password = password_of(username)
    if os.environ.get(PASSWORD_VARIABLE) is not None or not sys.stdin.isatty():
        return password, password
    return password, getpass.getpass("Again: ")
