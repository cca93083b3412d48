"""Profiles: CDC's supporting data as published ("cdsi"), or with Soglia's additions ("eu").

A profile is a JSON file in `data/profiles/` holding series in CDSi's own format (merged into
the antigen's series) and the names of the series a nurse may pick as the accelerated schedule.
Both are data: adding a schedule means adding a series to a file, not a branch to the engine.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from clinic.vaccinations.cdsi.schedule import DATA_DIR, antigen_file
from clinic.vaccinations.cdsi.series_loading import parse_series
from clinic.vaccinations.cdsi.supporting_data import Antigen

PROFILE_DIR = DATA_DIR / "profiles"
DEFAULT_PROFILE = "cdsi"


@functools.cache
def profiles() -> tuple[str, ...]:
    """The profile names shipped, `cdsi` first."""
    names = sorted(path.stem for path in PROFILE_DIR.glob("*.json"))
    return (DEFAULT_PROFILE, *(name for name in names if name != DEFAULT_PROFILE))


@functools.cache
def load_antigen(antigen: str, profile: str = DEFAULT_PROFILE) -> Antigen:
    """CDC's series of `antigen` followed by the series the profile adds; parsed once.

    Raises:
        KeyError: unknown profile.
        ValueError: the profile's accelerated list names a series the antigen does not have.
    """
    raw = _read(antigen_file(antigen))["antigenSupportingData"]["series"]
    extra = _profile(profile)["antigenSupportingData"].get(antigen, {}).get("series", [])
    series = tuple(parse_series(item, antigen) for item in [*raw, *extra])
    names = {item.name for item in series}
    missing = accelerated_series(antigen, profile) - names
    if missing:
        raise ValueError(f"profile {profile!r} names unknown {antigen} series {sorted(missing)}")
    return Antigen(antigen, series)


def accelerated_series(antigen: str, profile: str = DEFAULT_PROFILE) -> frozenset[str]:
    """Names of the series of `antigen` that make up the accelerated schedule in the profile."""
    return frozenset(_profile(profile)["acceleratedSeries"].get(antigen, ()))


@functools.cache
def _profile(profile: str) -> dict[str, Any]:
    if profile not in profiles():
        raise KeyError(profile)
    data: dict[str, Any] = _read(PROFILE_DIR / f"{profile}.json")
    return data


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return json.load(stream)
