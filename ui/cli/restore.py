"""`restore`: a backup checked and put in place, without logging in to the database it replaces
(which may be damaged): a coordinator of the time of the backup unlocks its key."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from db.folder import DataFolder
from ui.cli.command import (
    RECOVERY_KEY_VARIABLE,
    Command,
    RefusedError,
    log_migration,
    password_of,
    secret,
    user_of,
)

if TYPE_CHECKING:
    from clinic.backups.restoring import RestoreGrant
    from clinic.common.clock import Clock


class Restore(Command):
    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from clinic.backups.restoring import restore_without_login
        from clinic.common.clock import Clock

        backup = args.file.expanduser().resolve()
        if not backup.is_file():
            raise RefusedError(f"There is no backup file {backup}.")
        clock = Clock(ZoneInfo("UTC"))
        grant = _grant(folder, backup, args, clock)
        restored = restore_without_login(folder, backup, grant, clock)
        log_migration(restored.migration)
        if restored.kept_as is None:
            print(f"Restored {backup}.")
        else:
            what = "damaged database" if restored.damaged else "database"
            print(f"Restored {backup}. The {what} it replaced is kept as {restored.kept_as}.")
        return 0


def _grant(
    folder: DataFolder, backup: Path, args: argparse.Namespace, clock: Clock
) -> RestoreGrant:
    """Who restores, with the key: a coordinator's password or the recovery key opens a key
    slot (this folder's, else the backup's own); a folder from before accounts has its key."""
    from clinic.backups.restoring import (
        authorise_restore,
        authorise_restore_with_recovery_key,
        grant_before_accounts,
    )

    before_accounts = grant_before_accounts(folder)
    if before_accounts is not None:
        return before_accounts
    user = user_of(args)
    if args.recovery_key:
        recovery = secret(RECOVERY_KEY_VARIABLE, "recovery key", "Recovery key: ")
        return authorise_restore_with_recovery_key(folder, backup, user, recovery)
    return authorise_restore(folder, backup, user, password_of(user), clock)
