"""A person's country to a world region of origin, as street tallies and the report count it."""

from __future__ import annotations

import pytest
from babel import Locale

from clinic.i18n.translator import translator
from clinic.outreach.regions import NO_REGION, region_name, region_of
from db.vocabulary.outreach import Region

# Checked by hand against the UN Statistics Division's M49 table (its sub-regions; sub-Saharan
# Africa, Latin America and the Caribbean, Oceania taken whole).
BY_HAND = {
    "RO": "151",  # Romania: Eastern Europe
    "AL": "039",  # Albania: Southern Europe
    "NG": "202",  # Nigeria: Western Africa, in sub-Saharan Africa
    "IT": "039",  # Italy
    "BR": "419",  # Brazil: South America, in Latin America
    "CN": "030",  # China: Eastern Asia
    "MA": "015",  # Morocco: Northern Africa
    "UA": "151",  # Ukraine
    "PH": "035",  # Philippines: South-eastern Asia
    "DO": "419",  # Dominican Republic: Caribbean, in Latin America
    "TH": "035",  # Thailand
    "FR": "155",  # France: Western Europe
    "CO": "419",  # Colombia
    "BG": "151",  # Bulgaria
    "EC": "419",  # Ecuador
    "SD": "015",  # Sudan: Northern Africa, not sub-Saharan
    "MX": "419",  # Mexico: Central America
    "US": "021",  # United States: Northern America
    "IN": "034",  # India: Southern Asia
    "KZ": "143",  # Kazakhstan: Central Asia
    "TR": "145",  # Türkiye: Western Asia
    "GB": "154",  # United Kingdom: Northern Europe
    "GR": "039",  # Greece
    "PG": "009",  # Papua New Guinea: Melanesia, in Oceania
    "AU": "009",  # Australia
    "IC": "039",  # Canary Islands: Spain's
}


@pytest.mark.parametrize(("country", "m49"), BY_HAND.items())
def test_countries_checked_by_hand_fall_in_their_m49_region(country: str, m49: str) -> None:
    assert region_of(country) is Region(m49)


def test_every_country_babel_names_has_a_region_or_is_known_to_have_none() -> None:
    codes = {str(code) for code in Locale("en").territories if len(str(code)) == 2}
    without = {code for code in codes if region_of(code) is Region.UNKNOWN}
    assert without == NO_REGION
    assert codes >= NO_REGION  # no stale entry in the list


@pytest.mark.parametrize("country", [None, "", "QQ", "XX", "AQ"])
def test_no_country_or_no_region_is_unknown(country: str | None) -> None:
    assert region_of(country) is Region.UNKNOWN


def test_a_lower_case_code_is_read_as_the_same_country() -> None:
    assert region_of("ro") is Region.EASTERN_EUROPE


def test_every_region_is_reached_by_some_country() -> None:
    codes = (str(code) for code in Locale("en").territories if len(str(code)) == 2)
    assert {region_of(code) for code in codes} == set(Region)


def test_region_names_are_in_the_users_language() -> None:
    italian, french = translator("it"), translator("fr")
    assert region_name(italian, Region.EASTERN_EUROPE) == "Europa orientale"
    assert region_name(french, Region.SUB_SAHARAN_AFRICA) == "Afrique subsaharienne"
    assert region_name(italian, Region.LATIN_AMERICA) == "America Latina"
    assert region_name(french, Region.UNKNOWN) == "Inconnu"
