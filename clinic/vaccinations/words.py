"""Vaccinations in words: the vaccinations' vocabularies, and a vaccine group's next dose as a
nurse reads it at a glance, for screens and the card.

One wording everywhere. The desk knows today: a window already open reads "due now", a dose past
its past-due date "overdue since…". A series never started reads "due now" however long ago CDSi
says it could have started (at birth, for hepatitis B): "overdue since 1991" tells a nurse
nothing, and it is not the person's fault. The printed card, read at home, never scolds: a late
dose reads "as soon as possible". No date is printed twice: when CDSi's earliest, recommended and
past-due dates coincide, the window says each day once. CDSi's own dates stay readable in full
(`cdsi_dates_text`), for the nurse who wants to check them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping

from clinic.i18n.translator import N_, Translator
from clinic.vaccinations.cdsi import reasons
from clinic.vaccinations.status import GroupStatus
from clinic.vaccinations.vocabulary import (
    AppointmentStatus,
    ForecastStatus,
    InjectionSite,
    RefusalReason,
    Route,
    VaccineSchedule,
)
from clinic.vaccinations.worklist import Urgency, urgency

# Vaccine groups as the clinic's catalogue names them; the first three are forecast (CDSi).
VACCINE_GROUPS: Mapping[str, str] = {
    "HepB": N_("Hepatitis B"),
    "HepA": N_("Hepatitis A"),
    "HPV": N_("HPV"),
    "HepA-HepB": N_("Hepatitis A and B"),
    "Td": N_("Tetanus, diphtheria"),
    "Mpox": N_("Mpox"),
    "Influenza": N_("Influenza"),
    "COVID-19": N_("COVID-19"),
}

FORECAST_STATUSES: Mapping[ForecastStatus, str] = {
    ForecastStatus.COMPLETE: N_("Complete"),
    ForecastStatus.NOT_COMPLETE: N_("Not complete"),
    ForecastStatus.AGED_OUT: N_("No longer recommended at this age"),
    ForecastStatus.NO_BIRTH_DATE: N_("Needs the birth year"),
}

ROUTES: Mapping[Route, str] = {
    Route.INTRAMUSCULAR: N_("Intramuscular (IM)"),
    Route.SUBCUTANEOUS: N_("Subcutaneous (SC)"),
    Route.INTRADERMAL: N_("Intradermal (ID)"),
    Route.ORAL: N_("Oral"),
    Route.NASAL: N_("Nasal"),
}

SITES: Mapping[InjectionSite, str] = {
    InjectionSite.LEFT_DELTOID: N_("Left upper arm"),
    InjectionSite.RIGHT_DELTOID: N_("Right upper arm"),
    InjectionSite.LEFT_THIGH: N_("Left thigh"),
    InjectionSite.RIGHT_THIGH: N_("Right thigh"),
    InjectionSite.LEFT_FOREARM: N_("Left forearm"),
    InjectionSite.RIGHT_FOREARM: N_("Right forearm"),
    InjectionSite.OTHER: N_("Other site"),
}

REFUSAL_REASONS: Mapping[RefusalReason, str] = {
    RefusalReason.DECLINED: N_("Does not want it"),
    RefusalReason.LATER: N_("Wants to think about it / another day"),
    RefusalReason.MEDICAL: N_("Medical reason"),
    RefusalReason.ELSEWHERE: N_("Vaccinated or followed elsewhere"),
    RefusalReason.OTHER: N_("Other reason"),
}

SCHEDULES: Mapping[VaccineSchedule, str] = {
    VaccineSchedule.STANDARD: N_("Standard schedule"),
    VaccineSchedule.ACCELERATED: N_("Accelerated schedule (0, 7, 21 days + 12 months)"),
}

VACCINE_PROFILE_NAMES: Mapping[str, str] = {
    "cdsi": N_("CDC schedules (CDSi)"),
    "eu": N_("CDC schedules + EU accelerated Engerix-B (0, 7, 21 days + 12 months)"),
}

APPOINTMENT_STATUSES: Mapping[AppointmentStatus, str] = {
    AppointmentStatus.BOOKED: N_("Booked"),
    AppointmentStatus.ATTENDED: N_("Came"),
    AppointmentStatus.MISSED: N_("Did not come"),
    AppointmentStatus.CANCELLED: N_("Cancelled"),
}

# Why a dose does not count (`clinic.vaccinations.cdsi.reasons`), in the nurse's words.
DOSE_REASONS: Mapping[str, str] = {
    reasons.TOO_YOUNG: N_("given too young"),
    reasons.TOO_OLD: N_("given past the age for this vaccine"),
    reasons.INTERVAL_TOO_SHORT: N_("too soon after the previous dose"),
    reasons.NOT_ALLOWABLE: N_("this product does not count for this dose"),
    reasons.INADVERTENT: N_("this product should not have been given"),
    reasons.EXTRANEOUS: N_("not needed: the series was already complete"),
    reasons.OTHER_GROUP: N_("not a vaccine of this group"),
}


def dose_reason_text(t: Translator, reason: str | None) -> str:
    if reason is None:
        return ""
    return t.gettext(DOSE_REASONS[reason]) if reason in DOSE_REASONS else reason


def vaccine_group_text(t: Translator, group: str) -> str:
    return t.gettext(VACCINE_GROUPS[group]) if group in VACCINE_GROUPS else group


def groups_by_name(t: Translator, groups: Iterable[str]) -> tuple[str, ...]:
    """The groups in the alphabetical order of their names in `t`'s language, as a reader
    expects it: capitals and accents aside ("Épatite" beside "Epatite", not after "Zona")."""

    def folded(group: str) -> str:
        decomposed = unicodedata.normalize("NFKD", vaccine_group_text(t, group))
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

    return tuple(sorted(groups, key=folded))


def window_text(
    t: Translator,
    earliest: dt.date,
    recommended: dt.date | None,
    past_due: dt.date | None,
    today: dt.date | None = None,
) -> str:
    """`from 13/03/2026, best on 13/04/2026, late from 09/06/2026`.

    With `today`: "due now" (and only the dates still ahead) or "overdue since…" where they apply.
    """
    if today is None:
        return _dates_text(t, earliest, recommended, past_due)
    level = urgency(earliest, past_due, today)
    if level is Urgency.OVERDUE:
        assert past_due is not None
        return t.format(N_("overdue since {date}"), date=t.short_date(past_due))
    if level is Urgency.DUE:
        return _open_text(t, recommended, past_due, today)
    return _dates_text(t, earliest, recommended, past_due)


def not_started_text(
    t: Translator,
    earliest: dt.date,
    recommended: dt.date | None,
    past_due: dt.date | None,
    today: dt.date,
) -> str:
    """A series never started: "due now" once it may start, whatever CDSi dates from birth."""
    if earliest > today:
        return _dates_text(t, earliest, recommended, past_due)
    return _open_text(t, recommended, past_due, today)


def card_window_text(
    t: Translator,
    earliest: dt.date,
    recommended: dt.date | None,
    past_due: dt.date | None,
    printed_on: dt.date,
) -> str:
    """The card's words, true on the day it is printed and on the weeks after."""
    if urgency(earliest, past_due, printed_on) is Urgency.OVERDUE:
        return t.gettext("as soon as possible")
    return window_text(t, earliest, recommended, past_due, printed_on)


def next_dose_text(t: Translator, status: GroupStatus, today: dt.date) -> str:
    """The window of a group's next dose on the desk (the caller checks there is one)."""
    assert status.earliest is not None
    words = window_text if status.started else not_started_text
    return words(t, status.earliest, status.recommended, status.past_due, today)


def status_text(t: Translator, status: GroupStatus, today: dt.date) -> str:
    """One line per vaccine group on the desk: `Hepatitis B: dose 3 next — due now, …`."""
    group = vaccine_group_text(t, status.vaccine_group)
    if status.status is not ForecastStatus.NOT_COMPLETE or status.earliest is None:
        return f"{group}: {t.gettext(FORECAST_STATUSES[status.status])}"
    if not status.started:
        head = t.format(N_("{group}: not started"), group=group)
    else:
        head = t.format(N_("{group}: dose {number} next"), group=group, number=status.dose_number)
    return f"{head} — {next_dose_text(t, status, today)}"


def cdsi_dates_text(t: Translator, status: GroupStatus) -> str:
    """CDSi's three dates as it computed them, each named, for the detail view; "" if none."""
    if status.earliest is None:
        return ""
    return t.format(
        N_(
            "As computed by CDSi: earliest {earliest}, recommended {recommended}, "
            "past due {past_due}"
        ),
        earliest=t.short_date(status.earliest),
        recommended=t.short_date(status.recommended) or "—",
        past_due=t.short_date(status.past_due) or "—",
    )


def _dates_text(
    t: Translator, earliest: dt.date, recommended: dt.date | None, past_due: dt.date | None
) -> str:
    """The window as dates, each day once: one day is "on…", a recommended day equal to an end
    of the window adds nothing."""
    if past_due is not None and past_due <= earliest:
        return t.format(N_("on {date}"), date=t.short_date(earliest))
    parts = [t.format(N_("from {date}"), date=t.short_date(earliest))]
    if _between(recommended, earliest, past_due):
        parts.append(t.format(N_("best on {date}"), date=t.short_date(recommended)))
    if past_due is not None:
        parts.append(t.format(N_("late from {date}"), date=t.short_date(past_due)))
    return ", ".join(parts)


def _open_text(
    t: Translator, recommended: dt.date | None, past_due: dt.date | None, today: dt.date
) -> str:
    """`due now`, then only the days still ahead (a day gone by is no guidance)."""
    parts = [t.gettext("due now")]
    if _between(recommended, today, past_due):
        parts.append(t.format(N_("best on {date}"), date=t.short_date(recommended)))
    if past_due is not None and past_due > today:
        parts.append(t.format(N_("late from {date}"), date=t.short_date(past_due)))
    return ", ".join(parts)


def _between(day: dt.date | None, after: dt.date, before: dt.date | None) -> bool:
    return day is not None and after < day and (before is None or day < before)
