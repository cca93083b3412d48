"""CDSi `schedule.json`: which antigens a CVX code holds, and which antigens make a vaccine group.

Organising the history (CDSi 4.2) splits each dose into its antigens through this map, so a
Twinrix dose (CVX 104) counts for both hepatitis A and hepatitis B without any code knowing it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from clinic.vaccinations.cdsi.cdsi_dates import Duration, parse_duration

DATA_DIR = Path(__file__).parent / "data"
CDSI_DIR = DATA_DIR / "cdsi-4.64"


@dataclass(frozen=True, slots=True)
class Association:
    """A CVX code counts for `antigen` when given between the two ages (CDSi 4.2 note a)."""

    antigen: str
    begin_age: Duration | None
    end_age: Duration | None


@dataclass(frozen=True, slots=True)
class Schedule:
    """The parts of `schedule.json` the engine reads."""

    cvx_antigens: MappingProxyType[str, tuple[Association, ...]]
    group_antigens: MappingProxyType[str, tuple[str, ...]]
    observation_codes: frozenset[str]


def normalise_cvx(code: str | int) -> str | None:
    """CDSi's spelling of a CVX code ("8", "008" and 8 all give "08"); None if not a code.

    The supporting data pads CVX codes to two digits, people and other systems write them with
    or without zeros, so every code is compared in one spelling.
    """
    if isinstance(code, bool):
        return None
    text = str(code).strip()
    if not text.isdigit() or len(text) > 4:
        return None
    return f"{int(text):02d}"


@functools.cache
def load_schedule() -> Schedule:
    """`schedule.json`, parsed once per process."""
    raw = _read_json(CDSI_DIR / "schedule.json")["scheduleSupportingData"]
    cvx_antigens: dict[str, tuple[Association, ...]] = {}
    for entry in raw["cvxToAntigenMap"]["cvxMap"]:
        code = normalise_cvx(entry["cvx"])
        assert code is not None, entry["cvx"]
        cvx_antigens[code] = tuple(_association(item) for item in entry["association"])
    groups = {
        entry["name"]: tuple(entry["antigen"])
        for entry in raw["vaccineGroupToAntigenMap"]["vaccineGroupMap"]
    }
    observations = frozenset(item["observationCode"] for item in raw["observations"]["observation"])
    return Schedule(MappingProxyType(cvx_antigens), MappingProxyType(groups), observations)


def antigen_file(antigen: str) -> Path:
    """Where the supporting data of `antigen` is shipped (it may not be)."""
    return CDSI_DIR / f"antigen-{antigen}.json"


@functools.cache
def supported_groups() -> tuple[str, ...]:
    """Vaccine groups whose every antigen has its supporting data shipped with Soglia."""
    schedule = load_schedule()
    return tuple(
        group
        for group, antigens in schedule.group_antigens.items()
        if antigens and all(antigen_file(antigen).is_file() for antigen in antigens)
    )


def vaccine_groups_for_cvx(cvx: str | int) -> tuple[str, ...]:
    """The supported vaccine groups a CVX code counts for, in `VACCINE_GROUPS` order.

    An unknown code counts for none: the caller decides whether that is an error.
    """
    code = normalise_cvx(cvx)
    if code is None:
        return ()
    schedule = load_schedule()
    antigens = {item.antigen for item in schedule.cvx_antigens.get(code, ())}
    return tuple(
        group
        for group in supported_groups()
        if antigens.intersection(schedule.group_antigens[group])
    )


def is_known_cvx(cvx: str | int) -> bool:
    """The code is one of CDSi's CVX codes (whatever its antigens)."""
    code = normalise_cvx(cvx)
    return code is not None and code in load_schedule().cvx_antigens


def _association(raw: dict[str, Any]) -> Association:
    return Association(
        raw["antigen"],
        parse_duration(raw.get("associationBeginAge")),
        parse_duration(raw.get("associationEndAge")),
    )


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return json.load(stream)
