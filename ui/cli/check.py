"""`check`: the database opened (and brought to this version), then every page of it checked."""

from __future__ import annotations

import argparse
import logging

from db.folder import DataFolder
from ui.cli.command import Command, Opened, refuse_without_database

log = logging.getLogger(__name__)


class Check(Command):
    def check_folder(self, folder: DataFolder) -> None:
        refuse_without_database(folder, "to check")

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        from clinic.backups.backing_up import check_pages

        found = check_pages(opened.database, opened.actor, opened.clock)
        log.info("check: %d problems", len(found))
        for line in found:
            print(line)
        if found:
            print(f"The database in {folder.root} is damaged: restore the most recent backup.")
            return 1
        print(f"The database in {folder.root} is sound.")
        return 0
