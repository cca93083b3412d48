"""Keeps the translation catalogues in step with the code: `python -m clinic.i18n.catalogue`.

Every string marked for translation (`_()`, `N_()`, `gettext()`, `ngettext()`) in `clinic/`,
`ui/`, `reports/` and `main.py` is extracted with Babel into `clinic/i18n/locale/soglia.pot`, then
merged into each language's `.po` file: new strings arrive untranslated, changed ones fuzzy,
vanished ones are dropped. A test fails while any string lacks a translation.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

from clinic.i18n.translator import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]  # the repository: clinic/i18n/catalogue.py
SOURCES = ("clinic", "ui", "reports")
SCRIPTS = ("main.py",)
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def extract(root: Path = ROOT) -> Catalog:
    """Every marked string of the program, with where it is used."""
    catalog = _new_catalog(None)
    for source in _messages(root):
        filename, line, message, comments = source
        catalog.add(message, locations=[(filename, line)], auto_comments=comments)
    return catalog


def _messages(root: Path) -> Iterator[tuple[str, int, str | tuple[str, ...], list[str]]]:
    options = {"comment_tags": ("Translators:",)}
    for folder in SOURCES:
        found = extract_from_dir(
            root / folder,
            method_map=[("**.py", "python")],
            keywords=DEFAULT_KEYWORDS,
            comment_tags=("Translators:",),
        )
        for filename, line, message, comments, _context in found:
            yield f"{folder}/{filename}", line, message, comments
    for script in SCRIPTS:
        found_in_script = extract_from_file(
            "python", root / script, keywords=DEFAULT_KEYWORDS, options=options
        )
        for line, message, comments, _context in found_in_script:
            yield script, line, message, comments


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as po:
        return read_po(po, locale=language)


def untranslated(catalog: Catalog) -> list[Message]:
    """Messages without a translation, or marked fuzzy (changed since translated)."""
    return [
        m
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]


def update(root: Path = ROOT) -> dict[str, int]:
    """Write the template and merge it into each language; returns what is left to translate."""
    template = extract(root)
    _write(TEMPLATE, template)
    left: dict[str, int] = {}
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        path = po_path(language)
        if path.exists():
            catalog = read_catalogue(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = _new_catalog(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: its plural forms must be used
        _write(path, catalog)
        left[language] = len(untranslated(catalog))
    return left


def _new_catalog(language: str | None) -> Catalog:
    return Catalog(
        locale=language,
        domain=DOMAIN,
        project="Soglia",
        version="0.1",
        copyright_holder="the Soglia developers",
        msgid_bugs_address="the Soglia developers",
        language_team="the Soglia developers",
        last_translator="the Soglia developers",
    )


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=100, sort_output=False, omit_header=False)


def main() -> int:
    for language, count in update().items():
        print(f"{language}: {count} messages to translate in {po_path(language)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
