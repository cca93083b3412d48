"""The words shown for the desk's vocabularies: reasons for coming, states in the queue."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.i18n.translator import N_, Translator

REASONS: Mapping[VisitReason, str] = {
    VisitReason.MEDICAL: N_("Medical"),
    VisitReason.SOCIAL: N_("Social"),
    VisitReason.PSYCHOLOGICAL: N_("Psychological"),
    VisitReason.MATERIAL: N_("Material"),
    VisitReason.REST: N_("Rest, shower, laundry"),
    VisitReason.INFORMATION: N_("Information"),
}

STATES: Mapping[QueueState, str] = {
    QueueState.WAITING: N_("Waiting"),
    QueueState.IN_PROGRESS: N_("Being seen"),
    QueueState.DONE: N_("Done"),
    QueueState.LEFT: N_("Left without being seen"),
}


def reasons_text(t: Translator, reasons: tuple[VisitReason, ...]) -> str:
    return ", ".join(t.gettext(REASONS[r]) for r in reasons)
