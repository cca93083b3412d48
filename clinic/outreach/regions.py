"""A person's world region of origin from their country, as street tallies count it.

The registry stores a country as an ISO 3166-1 alpha-2 code; a tally and the annual report
count UN M49 regions at the level of `Region` (its docstring says which). The table of each
country's M49 region is data (`clinic.outreach.m49_table`); this module only folds the
regions a report takes whole: sub-Saharan Africa, Latin America and the Caribbean, Oceania.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from clinic.i18n.translator import N_, Translator
from clinic.outreach.m49_table import M49_REGION_OF, PART_OF
from db.vocabulary.outreach import Region

# M49 regions inside a region taken whole: sub-Saharan Africa's four (its intermediate
# regions), Latin America's three, Oceania's four.
_TAKEN_WHOLE: Mapping[str, Region] = MappingProxyType(
    {
        "011": Region.SUB_SAHARAN_AFRICA,  # Western Africa
        "014": Region.SUB_SAHARAN_AFRICA,  # Eastern Africa
        "017": Region.SUB_SAHARAN_AFRICA,  # Middle Africa
        "018": Region.SUB_SAHARAN_AFRICA,  # Southern Africa
        "005": Region.LATIN_AMERICA,  # South America
        "013": Region.LATIN_AMERICA,  # Central America
        "029": Region.LATIN_AMERICA,  # Caribbean
        "053": Region.OCEANIA,  # Australia and New Zealand
        "054": Region.OCEANIA,  # Melanesia
        "057": Region.OCEANIA,  # Micronesia
        "061": Region.OCEANIA,  # Polynesia
    }
)

# Codes Babel names that have no region of origin: Antarctica and Clipperton Island (no one
# lives there; M49 gives them none), unions and pseudo-territories, "unknown".
NO_REGION = frozenset({"AQ", "CP", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})

NOT_KNOWN = N_("Not known")


def region_of(country: str | None) -> Region:
    """The region of a country code; UNKNOWN for none, an unknown code or one without region."""
    if not country:
        return Region.UNKNOWN
    code = country.upper()
    m49 = M49_REGION_OF.get(PART_OF.get(code, code))
    if m49 is None:
        return Region.UNKNOWN
    return _TAKEN_WHOLE.get(m49) or Region(m49)


def region_name(t: Translator, region: Region) -> str:
    """The region's name in the user's language, as CLDR writes it ("Europa orientale")."""
    if region is Region.UNKNOWN:
        return t.gettext(NOT_KNOWN)
    return str(t.locale.territories.get(region.value, region.value))
