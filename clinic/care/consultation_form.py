"""What a professional types about a consultation, and its validation into typed values.

Every field's problem is reported at once (`FieldErrors`), so the form marks them all and keeps
what was typed. Which list entries may be ticked, and which language a mediator may work in, are
checked against the database by `clinic.care.consultations` when the consultation is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clinic.care.vocabulary import CareList, ConsultationKind, FollowUpNeed
from clinic.common.errors import ErrorCode, FieldErrors
from clinic.common.text import clean_note, whole_number
from clinic.registry.vocabulary import language_codes
from db.models.care import NOTE_LIMIT

MAX_MINUTES = 720
# The lists each kind's form offers (issue 12: medical reason, STI symptoms, contraception,
# treatment given; social topics and the actions taken).
LISTS: Mapping[ConsultationKind, tuple[CareList, ...]] = {
    ConsultationKind.MEDICAL: (
        CareList.MEDICAL_REASON,
        CareList.STI_SYMPTOM,
        CareList.CONTRACEPTION,
        CareList.TREATMENT,
    ),
    ConsultationKind.SOCIAL: (CareList.SOCIAL_TOPIC, CareList.SOCIAL_ACTION),
    ConsultationKind.PSYCHOLOGICAL: (CareList.SOCIAL_TOPIC,),
    ConsultationKind.IDENTIFICATION: (CareList.SOCIAL_TOPIC, CareList.SOCIAL_ACTION),
}
# The follow-up a consultation of each kind answers: writing one closes that flag.
ANSWERS: Mapping[ConsultationKind, FollowUpNeed] = {
    ConsultationKind.MEDICAL: FollowUpNeed.MEDICAL,
    ConsultationKind.SOCIAL: FollowUpNeed.SOCIAL,
    ConsultationKind.PSYCHOLOGICAL: FollowUpNeed.PSYCHOLOGICAL,
    ConsultationKind.IDENTIFICATION: FollowUpNeed.SOCIAL,
}


@dataclass(frozen=True)
class ConsultationForm:
    """A consultation as typed or ticked; the duration is text as typed."""

    kind: str = ConsultationKind.MEDICAL.value
    items: frozenset[int] = frozenset()  # ids of the list entries ticked
    duration: str = ""  # minutes
    mediator: bool = False  # an interpreter or cultural mediator was present
    mediator_language: str = ""  # the language they worked in (a language code)
    note: str = ""
    follow_ups: frozenset[str] = frozenset()  # `FollowUpNeed` values raised
    visit_id: int | None = None


@dataclass(frozen=True)
class ConsultationRecord:
    kind: ConsultationKind
    items: frozenset[int]
    duration_min: int | None
    mediator: bool
    mediator_language: str | None
    note: str
    follow_ups: frozenset[FollowUpNeed]
    visit_id: int | None


def validate_consultation(form: ConsultationForm) -> ConsultationRecord:
    errors = FieldErrors()
    kind = _kind(errors, form.kind)
    duration = _duration(errors, form.duration)
    language = _language(errors, form)
    note, error = clean_note(form.note, "note", max_length=NOTE_LIMIT)
    errors.keep(note, error)
    follow_ups = set()
    for need in form.follow_ups:
        try:
            follow_ups.add(FollowUpNeed(need))
        except ValueError:
            errors.add(ErrorCode.UNKNOWN_CHOICE, "follow_ups")
    errors.raise_if_any()
    assert kind is not None
    return ConsultationRecord(
        kind=kind,
        items=frozenset(form.items),
        duration_min=duration,
        mediator=form.mediator,
        mediator_language=language,
        note=note,
        follow_ups=frozenset(follow_ups),
        visit_id=form.visit_id,
    )


def _kind(errors: FieldErrors, text: str) -> ConsultationKind | None:
    try:
        return ConsultationKind(text)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "kind")
        return None


def _language(errors: FieldErrors, form: ConsultationForm) -> str | None:
    """The mediator's language, from the registry's list; only when a mediator was there."""
    code = form.mediator_language.strip().lower() or None
    if code is None or not form.mediator:
        return None
    if code not in language_codes():
        errors.add(ErrorCode.UNKNOWN_LANGUAGE, "mediator_language")
        return None
    return code


def _duration(errors: FieldErrors, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not whole_number(text) or not 1 <= int(text) <= MAX_MINUTES:
        errors.add(ErrorCode.DURATION_RANGE, "duration", max=MAX_MINUTES)
        return None
    return int(text)
