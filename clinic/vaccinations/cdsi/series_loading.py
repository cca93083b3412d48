"""Parsing of CDSi antigen series (CDC's files and Soglia's profile fragments) into frozen values.

The same parser reads CDC's `antigen-*.json` and the series a profile adds (the EU accelerated
Engerix-B schedule), so a profile series is written, reviewed and evaluated exactly like a CDC
one. Every text is parsed here, once, never while evaluating a person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clinic.vaccinations.cdsi.cdsi_dates import parse_duration
from clinic.vaccinations.cdsi.schedule import normalise_cvx
from clinic.vaccinations.cdsi.supporting_data import (
    ALWAYS,
    AgeRule,
    AntigenSeries,
    ConditionalSkip,
    Indication,
    InForce,
    IntervalRule,
    SeriesDose,
    SkipCondition,
    SkipSet,
    VaccineRule,
)

Raw = dict[str, Any]


def parse_series(raw: Raw, antigen: str) -> AntigenSeries:
    """One `series` element of the supporting data."""
    select = raw["selectSeries"]
    genders = raw.get("requiredGender") or ["Female", "Male", "Unknown"]
    doses = tuple(_dose(item) for item in raw["seriesDose"])
    return AntigenSeries(
        name=raw["seriesName"],
        antigen=antigen,
        series_type=raw["seriesType"].strip().lower(),
        genders=frozenset(gender.strip().lower() for gender in genders),
        indications=tuple(_indication(item) for item in raw.get("indication") or ()),
        default=_yes(select.get("defaultSeries")),
        product_path=_yes(select.get("productPath")),
        group=str(select["seriesGroup"]),
        equivalent_group=_text(raw.get("equivalentSeriesGroups")),
        priority=select["seriesPriority"].strip().upper(),
        preference=int(select["seriesPreference"]),
        max_age_to_start=parse_duration(select.get("maxAgeToStart")),
        doses=doses,
        reads_completed_groups=any(
            condition.kind == "completed series"
            for dose in doses
            for skip in dose.skips
            for skip_set in skip.sets
            for condition in skip_set.conditions
        ),
    )


def _dose(raw: Raw) -> SeriesDose:
    return SeriesDose(
        number=int(raw["doseNumber"].split()[-1]),
        ages=tuple(_age(item) for item in raw.get("age") or ()),
        intervals=tuple(_interval(item) for item in raw.get("interval") or ()),
        allowable_intervals=tuple(
            _interval(item) for item in _as_list(raw.get("allowableInterval"))
        ),
        preferable=tuple(_vaccine(item) for item in raw.get("preferableVaccine") or ()),
        allowable=tuple(_vaccine(item) for item in raw.get("allowableVaccine") or ()),
        inadvertent=frozenset(_cvx(item["cvx"]) for item in raw.get("inadvertentVaccine") or ()),
        skips=tuple(_skip(item) for item in raw.get("conditionalSkip") or ()),
        recurring=_yes(raw.get("recurringDose")),
    )


def _age(raw: Raw) -> AgeRule:
    return AgeRule(
        abs_min_age=parse_duration(raw.get("absMinAge")),
        min_age=parse_duration(raw.get("minAge")),
        earliest_rec_age=parse_duration(raw.get("earliestRecAge")),
        latest_rec_age=parse_duration(raw.get("latestRecAge")),
        max_age=parse_duration(raw.get("maxAge")),
        in_force=_in_force(raw),
    )


def _interval(raw: Raw) -> IntervalRule:
    target = _text(raw.get("fromTargetDose"))
    return IntervalRule(
        from_previous=_yes(raw.get("fromPrevious")),
        from_target_dose=int(target) if target is not None else None,
        abs_min_int=parse_duration(raw.get("absMinInt")),
        min_int=parse_duration(raw.get("minInt")),
        earliest_rec_int=parse_duration(raw.get("earliestRecInt")),
        latest_rec_int=parse_duration(raw.get("latestRecInt")),
        in_force=_in_force(raw),
    )


def _vaccine(raw: Raw) -> VaccineRule:
    return VaccineRule(
        cvx=_cvx(raw["cvx"]),
        begin_age=parse_duration(raw.get("beginAge")),
        end_age=parse_duration(raw.get("endAge")),
    )


def _skip(raw: Raw) -> ConditionalSkip:
    return ConditionalSkip(
        context=raw["context"].strip().lower(),
        sets=tuple(_skip_set(item) for item in raw["set"]),
        set_logic=raw.get("setLogic", "n/a").strip().lower(),
        in_force=_in_force(raw),
    )


def _skip_set(raw: Raw) -> SkipSet:
    return SkipSet(
        conditions=tuple(_condition(item) for item in raw["condition"]),
        logic=(raw.get("conditionLogic") or "and").strip().lower(),
    )


def _condition(raw: Raw) -> SkipCondition:
    types = raw.get("vaccineTypes") or ""
    groups = raw.get("seriesGroups") or ""
    return SkipCondition(
        kind=raw["conditionType"].strip().lower(),
        begin_age=parse_duration(raw.get("beginAge")),
        end_age=parse_duration(raw.get("endAge")),
        interval=parse_duration(raw.get("interval")),
        start_date=_date(raw.get("startDate")),
        end_date=_date(raw.get("endDate")),
        dose_count=int(raw.get("doseCount") or 0),
        dose_type=(raw.get("doseType") or "total").strip().lower(),
        count_logic=(raw.get("doseCountLogic") or "greater than").strip().lower(),
        vaccine_types=frozenset(_cvx(code) for code in types.split(";") if code.strip()),
        series_groups=frozenset(group.strip() for group in groups.split(";") if group.strip()),
    )


def _indication(raw: Raw) -> Indication:
    return Indication(
        code=raw["observationCode"]["code"],
        begin_age=parse_duration(raw.get("beginAge")),
        end_age=parse_duration(raw.get("endAge")),
    )


def _in_force(raw: Raw) -> InForce:
    effective, cessation = _date(raw.get("effectiveDate")), _date(raw.get("cessationDate"))
    if effective is None and cessation is None:
        return ALWAYS
    return InForce(effective, cessation)


def _cvx(code: str) -> str:
    normalised = normalise_cvx(code)
    if normalised is None:
        raise ValueError(f"not a CVX code in the supporting data: {code!r}")
    return normalised


def _as_list(value: Raw | list[Raw] | None) -> list[Raw]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _yes(value: str | None) -> bool:
    return (value or "").strip().upper() in ("Y", "YES")


def _text(value: str | None) -> str | None:
    if value is None or value.strip().lower() in ("", "n/a"):
        return None
    return value.strip()


def _date(value: str | None) -> dt.date | None:
    text = _text(value)
    return None if text is None else dt.date.fromisoformat(text)
