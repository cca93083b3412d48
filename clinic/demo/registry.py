"""The demo clinic's people: who they are, and on which days they come.

Made up at random but in the proportions of the services in DESIGN.md (`clinic.demo.names` for
names and origins). Each person is a row as `clinic.registry.persons` would store it, plus the
days of their visits as compact sort keys (`visit_key`), so a million visits fit in memory and
can be written in arrival order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from anyascii import anyascii

from clinic.common.clock import Clock
from clinic.demo.names import COUNTRIES, LOCAL, ORIGINS, POOLS, NamePool
from clinic.registry.codes import CARD_ALPHABET, CARD_LENGTH, slk581, with_suffix
from clinic.registry.persons import MAX_SHARED_CODE
from clinic.registry.vocabulary import (
    ConsentStatus,
    ContactChannel,
    Engagement,
    Gender,
    PersonStatus,
    WorkSetting,
)
from db.search_keys import person_terms

Row = dict[str, Any]
T = TypeVar("T")

MAX_PERSON_ID = 2**24 - 1  # a person id shares a 64-bit sort key with the arrival (`visit_key`)
ALIAS_SHARE = 0.40
CARD_SHARE = 0.10
FULL_BIRTH_DATE_SHARE = 0.70
REGULAR_YEARS = 6  # how long the demo's most regular person has been coming

# How long a person keeps coming (median 1.5 years) and how often (median 2 a year): both
# lognormal, so most come a few times and a few come every week for years.
_SPAN_DAYS = (math.log(1.5 * 365), 1.3)
_RATE_PER_YEAR = (math.log(2.0), 1.1)
_RATE_MAX = 100.0

# Busy weekdays, a quiet Saturday, Sundays almost never; August and Christmas are quiet; the
# service grows, so the last year is 1.8 times as busy as the first.
_WEEKDAY = (1.0, 1.0, 1.0, 1.0, 0.9, 0.3, 0.02)
_MONTH = (1.0, 1.0, 1.05, 1.05, 1.05, 1.0, 0.9, 0.65, 1.0, 1.05, 1.05, 0.85)
_GROWTH = 0.8


@dataclass(frozen=True)
class Weighted(Generic[T]):
    """Values drawn in proportion to their weights."""

    values: tuple[T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> Weighted[T]:
        return cls(tuple(v for v, _ in pairs), tuple(itertools.accumulate(w for _, w in pairs)))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]

    def distinct(self, rng: random.Random, count: int) -> list[T]:
        """`count` different values (or all of them), the likelier ones more often chosen."""
        chosen: list[T] = []
        while len(chosen) < min(count, len(self.values)):
            value = self.pick(rng)
            if value not in chosen:
                chosen.append(value)
        return chosen


_GENDERS = Weighted.of(
    [
        (Gender.WOMAN, 65),
        (Gender.TRANS_WOMAN, 20),
        (Gender.MAN, 8),
        (Gender.TRANS_MAN, 2),
        (Gender.NON_BINARY, 2.5),
        (Gender.OTHER, 0.5),
        (Gender.NOT_STATED, 2),
    ]
)
_ENGAGEMENTS = Weighted.of(
    [(Engagement.PROFESSIONAL, 72), (Engagement.OCCASIONAL, 20), (Engagement.NOT_STATED, 8)]
)
_CHANNELS = Weighted.of(
    [
        (ContactChannel.OUTREACH, 35),
        (ContactChannel.PEER, 28),
        (ContactChannel.OTHER_SERVICE, 17),
        (ContactChannel.SELF, 17),
        (ContactChannel.OTHER, 3),
    ]
)
_SETTINGS = (
    WorkSetting.STREET,
    WorkSetting.APARTMENT,
    WorkSetting.BAR_CLUB,
    WorkSetting.ESCORT_ONLINE,
    WorkSetting.OTHER,
)
_SETTING_WEIGHTS = {  # street, apartment, bar/club, escort/online, other
    "woman": (35, 35, 15, 15, 3),
    "trans_woman": (60, 22, 5, 13, 2),
    "man": (25, 10, 15, 50, 3),
    "other": (30, 25, 10, 35, 5),
}
_SETTING_BIAS = {  # by country of origin, multiplying the weights above
    "NG": (2.0, 0.7, 1, 0.5, 1),
    "RO": (1.5, 1, 1, 1, 1),
    "AL": (1.5, 1, 1, 1, 1),
    "BG": (1.5, 1, 1, 1, 1),
    "CN": (0.2, 4, 1, 0.5, 1),
    "TH": (0.3, 3, 1.5, 1, 1),
    "UA": (0.5, 1, 1, 2, 1),
    LOCAL: (0.5, 1, 1, 2.5, 1),
}


@dataclass(frozen=True)
class Calendar:
    """The days of history (the first day to yesterday), weighted by how busy each one is."""

    first: dt.date
    weekdays: tuple[int, ...]
    midnights: tuple[dt.datetime, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def build(cls, clock: Clock, years: int) -> Calendar:
        today = clock.today()
        first = today - dt.timedelta(days=round(years * 365.25))
        days = [first + dt.timedelta(days=i) for i in range((today - first).days)]
        weights = (
            _WEEKDAY[d.weekday()] * _MONTH[d.month - 1] * (1 + _GROWTH * i / len(days))
            for i, d in enumerate(days)
        )
        return cls(
            first,
            tuple(d.weekday() for d in days),
            tuple(_midnight(d, clock.zone) for d in days),
            tuple(itertools.accumulate(weights, initial=0.0)),
        )

    @property
    def last(self) -> int:
        return len(self.weekdays) - 1

    def pick(self, rng: random.Random, low: int, high: int) -> int:
        """A day in `[low, high]`, busy days more likely (one bisection, no rejection)."""
        bottom, top = self.cumulative[low], self.cumulative[high + 1]
        day = bisect_right(self.cumulative, bottom + rng.random() * (top - bottom)) - 1
        return min(max(day, low), high)

    def arrival_second(self, rng: random.Random, day: int) -> int:
        """Seconds after midnight: peaks late morning and mid-afternoon; short Saturdays."""
        weekday = self.weekdays[day]
        if weekday == 6:
            hours = rng.uniform(11.0, 13.0)
        elif weekday == 5:
            hours = rng.uniform(10.0, 13.75)
        elif rng.random() < 0.55:
            hours = rng.triangular(10.0, 13.5, 11.0)
        else:
            hours = rng.triangular(13.0, 17.75, 14.5)
        return int(hours * 3600)

    def moment(self, day: int, second: int) -> dt.datetime:
        return self.midnights[day] + dt.timedelta(seconds=second)


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """Local midnight as a UTC instant, with the day's daytime offset (DST changes at night)."""
    offset = dt.datetime.combine(day, dt.time(12), zone).utcoffset() or dt.timedelta()
    return dt.datetime.combine(day, dt.time(), dt.UTC) - offset


def visit_key(day: int, second: int, person_id: int) -> int:
    """Sorts visits by arrival; person id 0 is a walk-in."""
    return (((day << 17) | second) << 24) | person_id


def split_visit_key(key: int) -> tuple[int, int, int]:
    return key >> 41, (key >> 24) & 0x1FFFF, key & 0xFFFFFF


@dataclass
class PersonRows:
    persons: list[Row] = field(default_factory=list)
    languages: list[Row] = field(default_factory=list)
    settings: list[Row] = field(default_factory=list)
    terms: list[Row] = field(default_factory=list)


class Population:
    """Makes persons one by one, with the days they come on (as `visit_key`s in `visit_keys`)."""

    def __init__(
        self, rng: random.Random, calendar: Calendar, host_country: str, host_language: str
    ) -> None:
        self._rng = rng
        self._calendar = calendar
        self._host_country = host_country
        self._host_language = host_language
        self._origins = {
            group: Weighted.of(_origin_pairs(spec, host_country)) for group, spec in ORIGINS.items()
        }
        self._settings: dict[tuple[str, str], Weighted[WorkSetting]] = {}
        self._codes: dict[str, int] = {}  # code → how many persons were given it
        self.visit_keys: list[int] = []
        self.regulars: list[int] = []  # persons still coming in the last two months

    def add(self, person_id: int, rows: PersonRows, *, regular: int | None = None) -> None:
        """One person; a `regular` comes on about that many days, over the last years."""
        rng, calendar = self._rng, self._calendar
        gender = _GENDERS.pick(rng)
        group = _group(gender)
        country = self._origins[group].pick(rng)
        pool = POOLS[COUNTRIES[country][0]]
        feminine = gender in (Gender.WOMAN, Gender.TRANS_WOMAN) or (
            gender not in (Gender.MAN, Gender.TRANS_MAN) and rng.random() < 0.6
        )
        first_day = calendar.pick(rng, 0, calendar.last)
        if regular is not None:
            first_day = max(0, calendar.last - REGULAR_YEARS * 365)
        first_contact = calendar.first + dt.timedelta(days=first_day)
        birth_date, birth_year = _birth(rng, first_contact)
        alias = _alias(rng, pool, feminine) if rng.random() < ALIAS_SHARE else None
        birth = birth_date or dt.date(birth_year, 1, 1)  # SLK's convention for a year only
        created = self._visits(person_id, first_day, regular)
        rows.persons.append(
            {
                "id": person_id,
                "code": self._code(pool, feminine, birth, gender),
                "alias": alias,
                "gender": gender.value,
                "birth_date": birth_date,
                "birth_year": birth_year,
                "country": country,
                "engagement": _ENGAGEMENTS.pick(rng).value,
                "first_contact": first_contact,
                "contact_channel": _CHANNELS.pick(rng).value,
                "consent_date": first_contact,
                "consent": ConsentStatus.GIVEN.value,
                "status": PersonStatus.ACTIVE.value,
                "merged_into_id": None,
                "created_at": created,
                "updated_at": created,
                "revision": 1,
            }
        )
        rows.languages += [
            {"person_id": person_id, "language": code} for code in self._languages(country)
        ]
        rows.settings += [
            {"person_id": person_id, "setting": setting.value}
            for setting in self._work_settings(group, country)
        ]
        rows.terms += [
            {"person_id": person_id, "term": term}
            for term in person_terms(rows.persons[-1]["code"], alias, birth_year)
        ]

    def walk_ins(self, share: float) -> list[int]:
        """Unregistered walk-ins, `share` of all visits, on days weighted like the others."""
        count = round(len(self.visit_keys) * share / (1 - share))
        days = (self._calendar.pick(self._rng, 0, self._calendar.last) for _ in range(count))
        return [visit_key(day, self._calendar.arrival_second(self._rng, day), 0) for day in days]

    def _visits(self, person_id: int, first_day: int, regular: int | None) -> dt.datetime:
        """Record the person's visits; returns the first arrival (when they were registered).

        A `regular` keeps coming to this day, on at most half the days of their years: there
        are that few working days, and the busiest regulars come twice a week."""
        rng, calendar = self._rng, self._calendar
        last = min(first_day + int(rng.lognormvariate(*_SPAN_DAYS)), calendar.last)
        rate = min(rng.lognormvariate(*_RATE_PER_YEAR), _RATE_MAX)
        expected = rate * (last - first_day) / 365.25
        extra = min(int(expected) + (rng.random() < expected % 1), last - first_day)
        if regular is not None:
            last = calendar.last
            extra = min(regular - 1, (last - first_day) // 2)
        days = {first_day}
        while len(days) <= extra:
            days.add(calendar.pick(rng, first_day + 1, last))
        if last >= calendar.last - 60:
            self.regulars.append(person_id)
        seconds = [(day, calendar.arrival_second(rng, day)) for day in sorted(days)]
        self.visit_keys += [visit_key(day, second, person_id) for day, second in seconds]
        return calendar.moment(*seconds[0])

    def _code(self, pool: NamePool, feminine: bool, birth: dt.date, gender: Gender) -> str:
        """An SLK-581 code from made-up answers, or a card code; a shared code gets `/n`."""
        rng = self._rng
        if rng.random() < CARD_SHARE:
            return self._card_code()
        family = rng.choice(pool.family) if rng.random() > 0.03 else None
        given = rng.choice(pool.female if feminine else pool.male) if rng.random() > 0.01 else None
        code = slk581(family, given, birth, gender)
        shared = self._codes.get(code, 0) + 1
        self._codes[code] = shared
        if shared == 1:
            return code
        return with_suffix(code, shared) if shared <= MAX_SHARED_CODE else self._card_code()

    def _card_code(self) -> str:
        while True:
            raw = "".join(self._rng.choice(CARD_ALPHABET) for _ in range(CARD_LENGTH))
            code = f"{raw[:4]}-{raw[4:]}"
            if code not in self._codes:
                self._codes[code] = 1
                return code

    def _languages(self, country: str) -> list[str]:
        rng = self._rng
        native = COUNTRIES[country][1]
        spoken = [native[0]] + [code for code in native[1:] if rng.random() < 0.3]
        if rng.random() < 0.55:
            spoken.append(self._host_language)
        if rng.random() < 0.25:
            spoken.append("en")
        return sorted(dict.fromkeys(spoken))

    def _work_settings(self, group: str, country: str) -> list[WorkSetting]:
        local = LOCAL if country == self._host_country else country
        weighted = self._settings.get((group, local))
        if weighted is None:
            bias = _SETTING_BIAS.get(local, (1, 1, 1, 1, 1))
            weights = (w * b for w, b in zip(_SETTING_WEIGHTS[group], bias, strict=True))
            weighted = Weighted.of(list(zip(_SETTINGS, weights, strict=True)))
            self._settings[(group, local)] = weighted
        roll = self._rng.random()
        return weighted.distinct(self._rng, 1 if roll < 0.7 else 2 if roll < 0.95 else 3)


def _origin_pairs(spec: str, host_country: str) -> list[tuple[str, float]]:
    """`"RO 22, local 10"` → `[("RO", 22.0), (host, 10.0)]`, a country listed twice summed."""
    weights: dict[str, float] = {}
    for item in spec.split(", "):
        country, weight = item.split()
        country = host_country if country == LOCAL else country
        weights[country] = weights.get(country, 0.0) + float(weight)
    return list(weights.items())


def _group(gender: Gender) -> str:
    if gender in (Gender.WOMAN, Gender.TRANS_WOMAN, Gender.MAN):
        return gender.value
    return "other"


def _birth(rng: random.Random, first_contact: dt.date) -> tuple[dt.date | None, int]:
    """Mostly 18 to 60 at first contact (a few minors, a few older); a year only for some."""
    roll = rng.random()
    if roll < 0.015:
        age = rng.uniform(16.0, 17.9)
    elif roll < 0.035:
        age = rng.uniform(60.0, 70.0)
    else:
        age = rng.triangular(18.0, 60.0, 26.0)
    born = first_contact - dt.timedelta(days=int(age * 365.25))
    return (born if rng.random() < FULL_BIRTH_DATE_SHARE else None), born.year


def _alias(rng: random.Random, pool: NamePool, feminine: bool) -> str:
    """A first name from the person's country, sometimes double or with an initial."""
    names = pool.female if feminine else pool.male
    alias = rng.choice(names)
    roll = rng.random()
    if roll < 0.12:
        alias = f"{alias} {rng.choice([n for n in names if n != alias])}"
    elif roll < 0.2:
        alias = f"{alias} {rng.choice(CARD_ALPHABET[6:])}."
    return alias if max(alias) < "\u0250" else anyascii(alias)  # the desk types Cyrillic in Latin
