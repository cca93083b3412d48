"""Per-user interface state in QSettings; every key is declared here, once."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

LANGUAGE = "ui/language"
LAST_USER = "login/last_user"
SECOND_BACKUP_FOLDER = "backups/second_folder"  # known here too: the database may be unreadable
MAIN_GEOMETRY = "main_window/geometry"
MAIN_STATE = "main_window/state"


def header_key(table_name: str) -> str:
    return f"tables/{table_name}/header"


class UiSettings:
    """A thin typed wrapper, so callers never spell a key or a type twice."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def language(self) -> str | None:
        value = self._settings.value(LANGUAGE)
        return str(value) if value else None

    def set_language(self, language: str) -> None:
        self._settings.setValue(LANGUAGE, language)

    def last_user(self) -> str:
        value = self._settings.value(LAST_USER)
        return str(value) if value else ""

    def set_last_user(self, username: str) -> None:
        self._settings.setValue(LAST_USER, username)

    def second_backup_folder(self) -> str:
        """The clinic's second backup folder as the desk last knew it, to list the backups
        there when the database (which holds the setting) cannot be read."""
        value = self._settings.value(SECOND_BACKUP_FOLDER)
        return str(value) if value else ""

    def set_second_backup_folder(self, folder: str) -> None:
        self._settings.setValue(SECOND_BACKUP_FOLDER, folder)

    def bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()
