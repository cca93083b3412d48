"""A compiled catalogue is kept in the user's cache folder and read back at the next start;
a kept file that is damaged, or that belongs to an older `.po`, is never what a person reads."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic.i18n import translator as translator_module
from clinic.i18n.translator import LOCALE_DIR

LOG_IN = "&Log in"  # in the Italian catalogue: "&Accedi"
MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")  # gettext's, either byte order


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Iterator[Path]:
    """A cache folder of the test's own, and no catalogue compiled in this process yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    translator_module._catalogue.cache_clear()
    yield tmp_path / "cache" / "Soglia" / "catalogues"
    translator_module._catalogue.cache_clear()


def italian(text: str) -> str:
    translator_module._catalogue.cache_clear()  # as a new session would
    return translator_module._catalogue("it").gettext(text)


def test_a_catalogue_is_compiled_once_and_read_back(cache, monkeypatch):
    assert italian(LOG_IN) == "&Accedi"
    kept = list(cache.glob("it-*.mo"))
    assert len(kept) == 1

    def not_again(source: bytes, language: str) -> bytes:
        raise AssertionError("compiled again although kept")

    monkeypatch.setattr(translator_module, "_compiled", not_again)
    assert italian(LOG_IN) == "&Accedi"


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00not a catalogue", MO_MAGIC[0], MO_MAGIC[0] + b"\xff" * 40],
    ids=["empty", "garbage", "magic-only", "cut-short"],
)
def test_a_damaged_kept_catalogue_is_compiled_again(cache, damage):
    italian(LOG_IN)
    (kept,) = cache.glob("it-*.mo")
    kept.write_bytes(damage)
    assert italian(LOG_IN) == "&Accedi"
    assert kept.read_bytes()[:4] in MO_MAGIC  # a .mo file again


def test_a_changed_po_file_is_not_read_from_the_old_compiled_one(cache, tmp_path, monkeypatch):
    italian(LOG_IN)
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    po = locale / "it" / "LC_MESSAGES" / "soglia.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "&Accedi"', 'msgstr "&Entra"'), "utf-8")
    monkeypatch.setattr(translator_module, "LOCALE_DIR", locale)
    assert italian(LOG_IN) == "&Entra"
    assert len(list(cache.glob("it-*.mo"))) == 1  # the older one is removed


def test_a_cache_that_cannot_be_written_still_translates(cache, monkeypatch):
    cache.parent.mkdir(parents=True)
    cache.write_text("a file where the folder should be")
    assert italian(LOG_IN) == "&Accedi"
