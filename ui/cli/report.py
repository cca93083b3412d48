"""`report annual`: the activity report of a year or any period, as PDF or JSON, for a script or
a scheduler (the desk's Statistics page makes the same report)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from db.folder import DataFolder
from ui.cli.command import Command, Opened, RefusedError, refuse_without_database

if TYPE_CHECKING:
    from clinic.statistics.tables import Period

log = logging.getLogger(__name__)

FORMATS = ("pdf", "json")


class Report(Command):
    runs_beside_the_desk = True  # it only reads, and writes one audit row

    def check_folder(self, folder: DataFolder) -> None:
        refuse_without_database(folder, "to report on")

    def run(self, folder: DataFolder, opened: Opened, args: argparse.Namespace) -> int:
        from clinic.audit.transactions import reading, writing
        from clinic.common.clock import Clock
        from clinic.i18n.translator import system_language, translator
        from clinic.settings.configuration import load_settings
        from clinic.statistics.annual import (
            ReportChoice,
            annual_report,
            note_report_made,
            publish_report,
        )
        from clinic.statistics.report_json import report_json

        if opened.actor is None:
            raise RefusedError("Give --user: a report is made by a member of staff.")
        with reading(opened.database, opened.clock) as session:
            settings = load_settings(session)
        clock = Clock(settings.zone)
        language = args.report_language or settings.language or system_language()
        choice = ReportChoice(
            period_of(args),
            language,
            suppress_below=None if args.suppress == 0 else args.suppress,
        )
        with reading(opened.database, clock) as session:
            report = annual_report(session, opened.actor, clock, choice)
        published = publish_report(report)
        if args.format == "json":
            text = json.dumps(report_json(report, published), ensure_ascii=False, indent=2)
            data = (text + "\n").encode("utf-8")
        else:
            from reports.annual_report import annual_report_pdf

            data = annual_report_pdf(report, published, translator(report.language))
        _write(args.out, data)
        with writing(opened.database, clock) as session:
            note_report_made(session, opened.actor, clock, choice)
        log.info("report annual: %s, %d bytes", args.format, len(data))
        print(f"Report written: {args.out}")
        return 0


def period_of(args: argparse.Namespace) -> Period:
    """The period the command line asks for: --year, or --from and --to (both days included)."""
    from clinic.statistics.tables import Period

    if args.since is not None or args.to is not None:
        if args.since is None or args.to is None:
            raise RefusedError("Give both --from and --to (or --year).")
        if args.to < args.since:
            raise RefusedError("--to is before --from.")
        return Period(args.since, args.to + dt.timedelta(days=1))
    if args.year is None:
        raise RefusedError("Give --year, or --from and --to.")
    return Period.year(args.year)


def _write(out: Path, data: bytes) -> None:
    """Written beside the target, then renamed: a report cut short is never left as the file."""
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise RefusedError(f"The report could not be written to {out}: {error.strerror}.") from None
