"""What `main.py` needs of the desk: where its data lives by default, Qt's names for it, the
box that says why it cannot start, and the window as one of main's commands.

Qt is imported inside each function: main.py loads this module for every command, and the
commands run without a display.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.folder import DataFolder
from ui.cli.command import Command

APP_NAME = "Soglia"


def default_data_dir() -> Path:
    """Qt's per-user application data folder for Soglia (e.g. ~/.local/share/Soglia/Soglia)."""
    from PySide6.QtCore import QStandardPaths

    name_application()
    location = QStandardPaths.StandardLocation.AppDataLocation
    return Path(QStandardPaths.writableLocation(location))


def name_application() -> None:
    """The names Qt derives folders and `QSettings` from; set before any of them is used."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)


def show_failure_box(text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the folder's name is not markup
    box.exec()


class Window(Command):
    """The desk, started like a command: set-up or login, then the main window."""

    def start(self, folder: DataFolder, args: argparse.Namespace) -> int:
        from ui.app import run

        name_application()
        return run(folder, args.language)
