"""Qt's own strings (the standard buttons, the text field's context menu) in the interface language.

They come from the translations Qt ships, not from Soglia's catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


class QtTranslations:
    """Keeps the one installed Qt translator; `install()` swaps it for another language."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None

    def install(self, language: str) -> bool:
        """Use Qt's translation for `language` (English needs none); False if none was found."""
        self.remove()
        QLocale.setDefault(QLocale(language))
        if language == "en":
            return True
        translator = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(f"qtbase_{language}", folder):
            return False
        QCoreApplication.installTranslator(translator)
        self._translator = translator
        return True

    def remove(self) -> None:
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
