"""`demo`: a new data folder filled with invented people, visits and staff who can log in.

The only importer of `clinic.demo` (an import-linter contract), so that invented people never
reach a real clinic's database by another way.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TextIO

from db.folder import DataFolder, FolderState
from ui.cli.command import Command, RefusedError

log = logging.getLogger(__name__)


class Demo(Command):
    def check_folder(self, folder: DataFolder) -> None:
        if folder.state() is not FolderState.NEW:
            raise RefusedError(
                f"There is already a database in {folder.root}. The demo command only fills a "
                "new data folder, so that invented people never mix with real ones. Choose "
                "another folder with --data-dir."
            )

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from clinic.demo.folder import create_demo_clinic

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
        care = summary.care
        print(
            f"Care records: {care.consultations} consultations (with {care.interviews} "
            f"identification interviews), {care.tests} rapid tests, {care.referrals} referrals, "
            f"{care.pathways} pathways."
        )
        print(f"Log in as one of these, each with the password {demo.password!r}:")
        for username, role in demo.logins:
            print(f"  {username:<20} {role}")
        print(f"Recovery key of the demo clinic: {demo.recovery_key}")
        return 0


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
