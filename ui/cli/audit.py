"""`audit verify`: the audit trail's chain walked, and its end compared with every anchor."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from clinic.i18n.translator import system_language, translator
from db.folder import DataFolder
from ui.cli.command import Command, Opened, refuse_without_database

log = logging.getLogger(__name__)


class Audit(Command):
    def check_folder(self, folder: DataFolder) -> None:
        refuse_without_database(folder, "to check")

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        """Walk the chain (the login before it compared the end with the anchor, and wrote
        down a break it found), then compare its end with every anchor outside."""
        from clinic.audit.anchor import every_anchor
        from clinic.audit.chain_words import report_lines
        from clinic.audit.log import check_chain
        from clinic.audit.transactions import reading
        from clinic.settings.configuration import load_settings

        with reading(opened.database, opened.clock) as session:
            settings = load_settings(session)
            second = settings.second_backup_folder
            anchors = every_anchor(folder, opened.key, Path(second) if second else None)
            report = check_chain(session, opened.actor, anchors)
        t = translator(args.language or system_language())
        for line in report_lines(t, report, settings.zone):
            print(line)
        if report.intact:
            log.info("audit verify: %d rows, intact, %d anchors", report.rows, report.anchors)
            return 0
        for found in report.breaks:
            log.warning("audit verify: %s from row %d", found.finding.value, found.first)
        return 1
