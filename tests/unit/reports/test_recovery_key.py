"""The recovery key sheet, tested by what a PDF reader gets back from it."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from db.keyslots import new_recovery_key, normal_recovery_key
from reports.recovery_key import RecoverySheet, recovery_key_file_name, render_recovery_key

MADE_ON = dt.date(2026, 3, 10)


def _text(pdf: bytes) -> str:
    """The words of every page, lines joined as a reader reads a paragraph."""
    pages = (page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(" ".join(pages).split())


def _read_key(text: str) -> str:
    """The key as a person copies it from the sheet: its groups in reading order, typed back."""
    groups = re.findall(r"\b[A-Z2-7]{4}\b", text)
    return normal_recovery_key(" ".join(groups))


def test_the_sheet_holds_the_key_the_clinic_and_what_to_do():
    key = new_recovery_key()
    pdf = render_recovery_key(RecoverySheet("Casa Aperta", key, MADE_ON, "en"))
    text = _text(pdf)
    assert _read_key(text) == key  # every group, in order
    assert "Soglia recovery key" in text
    assert "Casa Aperta" in text
    assert "Made on 10/03/2026" in text
    assert "Keep this sheet in the clinic's safe." in text
    # Metadata is shown by file managers and print queues: never the key.
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert all(key not in str(value) for value in (info or {}).values())


def test_the_sheet_speaks_the_clinic_language_and_takes_any_clinic_name():
    key = new_recovery_key()
    name = "Ștefănescu <b>&amp; Ассоциация"
    text = _text(render_recovery_key(RecoverySheet(name, key, MADE_ON, "it")))
    assert "Chiave di recupero di Soglia" in text
    assert name in text  # printed as written, not read as markup
    assert _read_key(text) == key


@pytest.mark.parametrize(
    ("clinic", "expected"),
    [
        ("Casa Aperta", "soglia-recovery-key-casa-aperta-2026-03-10.pdf"),
        ("Ștefănescu & Co. / Lucca", "soglia-recovery-key-stefanescu-co-lucca-2026-03-10.pdf"),
        ("Ассоциация", "soglia-recovery-key-2026-03-10.pdf"),
        ("../../etc/passwd", "soglia-recovery-key-etc-passwd-2026-03-10.pdf"),
    ],
)
def test_the_file_name_names_the_clinic_and_the_day_in_plain_letters(clinic, expected):
    assert recovery_key_file_name(clinic, MADE_ON) == expected
