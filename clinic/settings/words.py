"""The words shown for the clinic's settings: how codes of new persons are made."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.i18n.translator import N_
from db.vocabulary.registry import CodeScheme

CODE_SCHEMES: Mapping[CodeScheme, str] = {
    CodeScheme.SLK581: N_("Code from the person's answers (SLK-581)"),
    CodeScheme.CARD: N_("Random code printed on a card"),
}
