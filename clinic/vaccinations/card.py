"""What a printed vaccination card shows: plain values, handed to `reports` to lay out.

The card goes home with the person, so it carries the pseudonymous code and nothing else that
names them: no alias, no birth date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.i18n.translator import LANGUAGES
from clinic.settings.configuration import load_settings
from clinic.vaccinations import records
from clinic.vaccinations.vocabulary import ForecastStatus
from db.models.registry import PersonLanguage


@dataclass(frozen=True)
class CardDose:
    """One dose given (never a refusal, never a dose entered in error)."""

    given_on: dt.date
    product: str
    vaccine_group: str  # a key of `clinic.registry.words.VACCINE_GROUPS`
    dose_number: int | None
    lot_number: str | None
    valid: bool  # as CDSi evaluates it; an invalid dose is shown, marked "does not count"


@dataclass(frozen=True)
class CardGroup:
    """Where one vaccine group stands, and the window of its next dose if one is due."""

    vaccine_group: str
    status: ForecastStatus
    next_dose_number: int | None
    earliest: dt.date | None
    recommended: dt.date | None
    past_due: dt.date | None


@dataclass(frozen=True)
class VaccinationCard:
    clinic_name: str
    code: str
    language: str  # one of `clinic.i18n.translator.LANGUAGES`
    printed_on: dt.date
    doses: tuple[CardDose, ...]
    groups: tuple[CardGroup, ...]


def vaccination_card(
    session: Session, actor: Actor, clock: Clock, person_id: int
) -> VaccinationCard:
    """The card of a person, in their language if Soglia speaks it (an audited print)."""
    require(session, actor, Permission.VACCINATION_READ)
    file = records.load_file(session, person_id, clock.today())
    settings = load_settings(session)
    spoken = session.scalars(
        select(PersonLanguage.language).where(PersonLanguage.person_id == person_id)
    ).all()
    language = next((code for code in spoken if code in LANGUAGES), settings.language)
    trail.record(session, actor, clock, Action.VACCINATION_CARD_PRINT, "person", person_id)
    doses = tuple(
        CardDose(
            d.given_on,
            d.product or "",
            d.vaccine_group,
            d.dose_number,
            d.lot_number,
            d.verdict is None or d.verdict.valid,
        )
        for d in reversed(file.doses)
        if not d.refused and not d.entered_in_error
    )
    groups = tuple(
        CardGroup(g.vaccine_group, g.status, g.dose_number, g.earliest, g.recommended, g.past_due)
        for g in file.groups
        if g.started
    )
    return VaccinationCard(settings.name, file.code, language, clock.today(), doses, groups)


def card_file_name(card: VaccinationCard) -> str:
    """The name offered when the card is saved: `vaccination-card-NAOOA031119912-2026-03-10.pdf`.

    A saved card is an export the person chooses to make, so the pseudonymous code may name it
    (never the alias). Anything but letters and digits becomes a dash: a shared code's suffix
    (`CODE/2`) would otherwise make a folder of it.
    """
    safe = re.sub(r"[^A-Za-z0-9]+", "-", card.code).strip("-") or "code"
    return f"vaccination-card-{safe}-{card.printed_on.isoformat()}.pdf"
