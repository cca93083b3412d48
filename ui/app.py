"""Starts the Qt application on an opened, migrated database. (Being written.)"""

from __future__ import annotations

from db.datafolder import DataFolder
from db.engine import Database
from db.vocabulary import Role


def run(folder: DataFolder, database: Database, role: Role, language: str | None) -> int:
    """Show the main window and run the event loop; returns the process exit code."""
    raise NotImplementedError
