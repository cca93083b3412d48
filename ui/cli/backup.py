"""`backup`: an encrypted, checked backup now, also beside a desk that is writing."""

from __future__ import annotations

import argparse
from pathlib import Path

from db.folder import DataFolder
from ui.cli.command import Command, Opened, open_for_command, refuse_without_database


class Backup(Command):
    """A backup now, also while a desk has the folder (a scheduler during opening hours): the
    online backup copies a consistent snapshot while the desk goes on writing."""

    runs_beside_the_desk = True

    def check_folder(self, folder: DataFolder) -> None:
        refuse_without_database(folder, "to back up")

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        opened = open_for_command(folder, args)
        args.release_instance_lock()  # opened and up to date: a desk may start meanwhile
        try:
            return self.run(folder, opened, args)
        finally:
            opened.database.dispose()

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        from clinic.backups.backing_up import back_up
        from clinic.common.clock import Clock
        from clinic.settings.configuration import load_settings

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
