"""What the desk types about a person, and its validation into a typed record.

Every problem in every field is reported at once (`ValidationError.errors`), so the form can mark
them all and keep what was typed.

Consent is a date (given on) or an explicit "not asked"; with neither, no answer is recorded
(`PersonRecord.consent is None`) and the desk asks (see `clinic.registry.persons.consent_to_ask`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from clinic.common.dates import BirthInput, check_past_date, parse_birth, parse_date
from clinic.common.errors import ErrorCode, FieldError, ValidationError
from clinic.common.text import clean_line
from clinic.registry.vocabulary import (
    ConsentStatus,
    ContactChannel,
    Engagement,
    Gender,
    WorkSetting,
    country_codes,
    language_codes,
)

ALIAS_MAX = 60
NAME_MAX = 100
EARLIEST_CONTACT = dt.date(1980, 1, 1)
MAX_LANGUAGES = 12

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class PersonForm:
    """The person's fields as typed or chosen; dates are text in the user's language."""

    alias: str = ""
    gender: str = Gender.NOT_STATED.value
    birth: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    work_settings: tuple[str, ...] = ()
    engagement: str = Engagement.NOT_STATED.value
    first_contact: str = ""
    contact_channel: str = ContactChannel.SELF.value
    consent_date: str = ""
    consent_not_asked: bool = False


@dataclass(frozen=True)
class PersonRecord:
    """A validated person, ready to store."""

    alias: str | None
    gender: Gender
    birth_date: dt.date | None
    birth_year: int | None
    country: str | None
    languages: tuple[str, ...]
    work_settings: tuple[WorkSetting, ...]
    engagement: Engagement
    first_contact: dt.date
    contact_channel: ContactChannel
    consent_date: dt.date | None
    consent: ConsentStatus | None  # None: no answer recorded yet


@dataclass(frozen=True)
class CodeAnswers:
    """The names a person gives for the SLK code; used to compute it, never stored."""

    family_name: str = ""
    given_name: str = ""


def validate_person(form: PersonForm, locale: str, today: dt.date) -> PersonRecord:
    errors: list[FieldError] = []

    def keep(result: tuple[object, FieldError | None]) -> object:
        value, error = result
        if error is not None:
            errors.append(error)
        return value

    alias = keep(clean_line(form.alias, "alias", max_length=ALIAS_MAX))
    birth = keep(parse_birth(form.birth, "birth", locale, today))
    first_contact = keep(parse_date(form.first_contact, "first_contact", locale)) or today
    early = check_past_date(first_contact, "first_contact", today, EARLIEST_CONTACT)  # type: ignore[arg-type]
    consent, consent_date, consent_error = _read_consent(
        form.consent_date, form.consent_not_asked, locale, today
    )
    errors += [e for e in (early, consent_error) if e is not None]
    record = PersonRecord(
        alias=alias,  # type: ignore[arg-type]
        gender=_choice(Gender, form.gender, "gender", errors),
        birth_date=birth.date if isinstance(birth, BirthInput) else None,
        birth_year=birth.year if isinstance(birth, BirthInput) else None,
        country=_country(form.country, errors),
        languages=_languages(form.languages, errors),
        work_settings=tuple(
            sorted({_choice(WorkSetting, s, "work_settings", errors) for s in form.work_settings})
        ),
        engagement=_choice(Engagement, form.engagement, "engagement", errors),
        first_contact=first_contact,  # type: ignore[arg-type]
        contact_channel=_choice(ContactChannel, form.contact_channel, "contact_channel", errors),
        consent_date=consent_date,
        consent=consent,
    )
    if errors:
        raise ValidationError(errors)
    return record


def validate_consent(
    date_text: str, not_asked: bool, locale: str, today: dt.date
) -> tuple[ConsentStatus | None, dt.date | None]:
    """The consent answer typed at the desk, as (status, date given); raises `ValidationError`."""
    status, date, error = _read_consent(date_text, not_asked, locale, today)
    if error is not None:
        raise ValidationError([error])
    return status, date


def _read_consent(
    date_text: str, not_asked: bool, locale: str, today: dt.date
) -> tuple[ConsentStatus | None, dt.date | None, FieldError | None]:
    """A date means consent was given that day; "not asked" counts only without a date (both at
    once contradict each other, so the desk is asked which is true); neither: no answer."""
    date, error = parse_date(date_text, "consent_date", locale)
    error = error or check_past_date(date, "consent_date", today, EARLIEST_CONTACT)
    if error is None and date is not None and not_asked:
        error = FieldError(ErrorCode.CONSENT_DATE_AND_NOT_ASKED, "consent_date")
    if error is not None:
        return None, None, error
    if date is not None:
        return ConsentStatus.GIVEN, date, None
    return (ConsentStatus.NOT_ASKED if not_asked else None), None, None


def _choice(vocabulary: type[E], value: str, field: str, errors: list[FieldError]) -> E:
    try:
        return vocabulary(value)
    except ValueError:
        errors.append(FieldError(ErrorCode.UNKNOWN_CHOICE, field))
        return next(iter(vocabulary))


def _country(value: str, errors: list[FieldError]) -> str | None:
    code = value.strip().upper()
    if not code:
        return None
    if code not in country_codes():
        errors.append(FieldError(ErrorCode.UNKNOWN_COUNTRY, "country"))
        return None
    return code


def _languages(values: tuple[str, ...], errors: list[FieldError]) -> tuple[str, ...]:
    codes = sorted({v.strip().lower() for v in values if v.strip()})
    if len(codes) > MAX_LANGUAGES:
        errors.append(FieldError(ErrorCode.TOO_MANY, "languages", {"max": MAX_LANGUAGES}))
        return ()
    if any(code not in language_codes() for code in codes):
        errors.append(FieldError(ErrorCode.UNKNOWN_LANGUAGE, "languages"))
        return ()
    return tuple(codes)


def validate_answers(answers: CodeAnswers) -> tuple[str | None, str | None]:
    """The cleaned family and given names; raises `ValidationError` on control characters etc."""
    family, family_error = clean_line(answers.family_name, "family_name", max_length=NAME_MAX)
    given, given_error = clean_line(answers.given_name, "given_name", max_length=NAME_MAX)
    errors = [e for e in (family_error, given_error) if e is not None]
    if errors:
        raise ValidationError(errors)
    return family, given
