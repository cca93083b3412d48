"""Who a demo street team or group session counts: made-up people in the proportions of the
services in DESIGN.md, added up into the rows a tally sheet has.

A street unit meets mostly women, many from Eastern Europe and sub-Saharan Africa, some trans
women (most of them from Latin America), a few men; mostly 18 to 44. A group information
session in a reception centre meets asylum seekers, mostly from sub-Saharan Africa. Each person
is drawn one by one and the same kinds of people are then counted together, one tally row each,
as the team would write them on the paper sheet.
"""

from __future__ import annotations

import random
from collections import Counter

from clinic.demo.registry import Weighted
from clinic.demo.rows import Row
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import Action, MetBefore, Region, Setting
from db.vocabulary.registry import Gender

ANONYMOUS = (3, 25)  # contacts an outing, fewest and most
GROUP_SIZE = (6, 22)

_STREET_GENDERS = Weighted.of(
    [
        (Gender.WOMAN, 78),
        (Gender.TRANS_WOMAN, 9),
        (Gender.MAN, 6),
        (Gender.TRANS_MAN, 0.5),
        (Gender.NON_BINARY, 0.5),
        (Gender.NOT_STATED, 6),
    ]
)
_AGE_BANDS = Weighted.of(
    [
        (AgeBand.UNDER_18, 1),
        (AgeBand.FROM_18, 30),
        (AgeBand.FROM_25, 38),
        (AgeBand.FROM_35, 20),
        (AgeBand.FROM_45, 7),
        (AgeBand.FROM_55, 2),
        (AgeBand.UNKNOWN, 2),
    ]
)
_MET_BEFORE = Weighted.of([(MetBefore.YES, 55), (MetBefore.NO, 30), (MetBefore.NOT_KNOWN, 15)])
_TRANS_REGIONS = Weighted.of(
    [(Region.LATIN_AMERICA, 70), (Region.SOUTH_EASTERN_ASIA, 8), (Region.UNKNOWN, 4)]
)
_GROUP_GENDERS = Weighted.of(
    [(Gender.WOMAN, 60), (Gender.MAN, 34), (Gender.TRANS_WOMAN, 3), (Gender.NOT_STATED, 3)]
)
_GROUP_REGIONS = Weighted.of(
    [
        (Region.SUB_SAHARAN_AFRICA, 60),
        (Region.NORTHERN_AFRICA, 14),
        (Region.SOUTHERN_ASIA, 10),
        (Region.WESTERN_ASIA, 8),
        (Region.EASTERN_EUROPE, 5),
        (Region.UNKNOWN, 3),
    ]
)
_DAY_SETTINGS = Weighted.of(
    [
        (Setting.APARTMENT, 35),
        (Setting.STREET, 30),
        (Setting.MASSAGE_PARLOUR, 20),
        (Setting.ONLINE_PHONE, 15),
    ]
)
_NIGHT_SETTINGS = Weighted.of([(Setting.STREET, 70), (Setting.BAR_CLUB, 30)])
# What was done with a known person met: each action with its chance.
_CONTACT_ACTIONS = (
    (Action.INFORMATION, 0.7),
    (Action.MATERIAL, 0.8),
    (Action.APPOINTMENT, 0.25),
    (Action.REFERRAL, 0.1),
    (Action.ACCOMPANIMENT, 0.03),
)
# What was done with the anonymous contacts: the share of them, fewest and most.
_COUNTED_ACTIONS = (
    (Action.INFORMATION, 0.5, 1.0),
    (Action.MATERIAL, 0.7, 1.0),
    (Action.APPOINTMENT, 0.0, 0.2),
    (Action.REFERRAL, 0.0, 0.1),
)


def street_regions(local: Region) -> Weighted[Region]:
    """Where street contacts come from; `local` is the host country's region."""
    return Weighted.of(
        [
            (Region.EASTERN_EUROPE, 38),
            (Region.SUB_SAHARAN_AFRICA, 27),
            (Region.LATIN_AMERICA, 8),
            (local, 9),
            (Region.NORTHERN_AFRICA, 5),
            (Region.EASTERN_ASIA, 5),
            (Region.SOUTH_EASTERN_ASIA, 3),
            (Region.UNKNOWN, 5),
        ]
    )


def street_tallies(rng: random.Random, regions: Weighted[Region], count: int) -> list[Row]:
    """`count` anonymous contacts as tally rows (without session): gender, age band, region
    and whether met before, one row per kind of person met."""
    people: Counter[tuple[str, str, str, str]] = Counter()
    for _ in range(count):
        gender = _STREET_GENDERS.pick(rng)
        trans = gender is Gender.TRANS_WOMAN and rng.random() < 0.8
        region = (_TRANS_REGIONS if trans else regions).pick(rng)
        met = _MET_BEFORE.pick(rng)
        people[(gender.value, _AGE_BANDS.pick(rng).value, region.value, met.value)] += 1
    return [_tally(kind, n) for kind, n in sorted(people.items())]


def group_tallies(rng: random.Random, count: int) -> list[Row]:
    """`count` participants not linked to a code, by gender and region only (a group's form
    has no age band and no "met before")."""
    people: Counter[tuple[str, str, str, str]] = Counter()
    for _ in range(count):
        gender, region = _GROUP_GENDERS.pick(rng), _GROUP_REGIONS.pick(rng)
        kind = (gender.value, AgeBand.UNKNOWN.value, region.value, MetBefore.NOT_KNOWN.value)
        people[kind] += 1
    return [_tally(kind, n) for kind, n in sorted(people.items())]


def _tally(kind: tuple[str, str, str, str], count: int) -> Row:
    gender, age_band, region, met_before = kind
    return {
        "gender": gender,
        "age_band": age_band,
        "region": region,
        "met_before": met_before,
        "count": count,
    }


def counted_actions(rng: random.Random, anonymous: int) -> dict[str, int]:
    """How many of the anonymous contacts each action was done with (none left out)."""
    counted = {
        action.value: round(anonymous * rng.uniform(low, high))
        for action, low, high in _COUNTED_ACTIONS
    }
    if rng.random() < 0.05:
        counted[Action.ACCOMPANIMENT.value] = 1
    return {action: n for action, n in counted.items() if n > 0}


def contact_actions(rng: random.Random) -> list[str]:
    """What was done with one known person met."""
    return [action.value for action, chance in _CONTACT_ACTIONS if rng.random() < chance]


def settings(rng: random.Random, *, night: bool) -> list[str]:
    """Where an outing went: the street and clubs at night, apartments and parlours by day."""
    weighted = _NIGHT_SETTINGS if night else _DAY_SETTINGS
    roll = rng.random()
    return sorted(s.value for s in weighted.distinct(rng, 1 if roll < 0.6 else 2))
