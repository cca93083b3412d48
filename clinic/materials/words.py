"""The words of material and stock: Soglia's own items and places by code, the categories,
units and adjustment reasons (marked here, translated where shown)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from clinic.i18n.translator import N_, Translator
from db.vocabulary.materials import AdjustmentReason, ItemCategory, ItemUnit, PlaceKind

# The starting catalogue of migration 0013, by code.
ITEM_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "male_condom": N_("Condom"),
        "female_condom": N_("Internal (female) condom"),
        "lubricant": N_("Lubricant sachet"),
        "dental_dam": N_("Dental dam"),
        "wet_wipes": N_("Wet wipes"),
        "sanitary_pads": N_("Sanitary pads"),
        "syringe": N_("Sterile syringe"),
        "pregnancy_test": N_("Pregnancy test"),
        "hiv_self_test": N_("HIV self-test"),
        "leaflet_en": N_("Leaflet in English"),
        "leaflet_it": N_("Leaflet in Italian"),
        "leaflet_fr": N_("Leaflet in French"),
        "leaflet_es": N_("Leaflet in Spanish"),
        "leaflet_ro": N_("Leaflet in Romanian"),
        "leaflet_pt": N_("Leaflet in Portuguese"),
        "hygiene_kit": N_("Hygiene kit"),
        "food_kit": N_("Food kit"),
    }
)

PLACE_NAMES: Mapping[str, str] = MappingProxyType(
    {"dispensary": N_("Dispensary"), "outreach_bag": N_("Outreach bag")}
)

CATEGORIES: Mapping[ItemCategory, str] = MappingProxyType(
    {
        ItemCategory.SEXUAL_HEALTH: N_("Sexual health"),
        ItemCategory.HYGIENE: N_("Hygiene"),
        ItemCategory.HARM_REDUCTION: N_("Harm reduction (drug use)"),
        ItemCategory.TESTS: N_("Tests"),
        ItemCategory.LEAFLETS: N_("Information leaflets"),
        ItemCategory.KITS: N_("Food or hygiene kits"),
        ItemCategory.VACCINES: N_("Vaccines"),
        ItemCategory.OTHER: N_("Other"),
    }
)

UNITS: Mapping[ItemUnit, str] = MappingProxyType(
    {
        ItemUnit.PIECE: N_("piece"),
        ItemUnit.PACK: N_("pack"),
        ItemUnit.BOX: N_("box"),
        ItemUnit.DOSE: N_("dose"),
        ItemUnit.KIT: N_("kit"),
        ItemUnit.COPY: N_("copy"),
    }
)

PLACE_KINDS: Mapping[PlaceKind, str] = MappingProxyType(
    {
        PlaceKind.DISPENSARY: N_("Dispensary"),
        PlaceKind.OUTREACH: N_("Outreach bag or van"),
        PlaceKind.OTHER: N_("Other"),
    }
)

ADJUSTMENT_REASONS: Mapping[AdjustmentReason, str] = MappingProxyType(
    {
        AdjustmentReason.EXPIRED: N_("Expired"),
        AdjustmentReason.DAMAGED: N_("Damaged"),
        AdjustmentReason.LOST: N_("Lost"),
        AdjustmentReason.STOCKTAKE: N_("Stocktake correction"),
        AdjustmentReason.OTHER: N_("Other"),
    }
)


def stock_count(t: Translator, unit: ItemUnit, n: int) -> str:
    """ "405 pieces", "1 pack": a quantity with its unit, singular or plural as the language
    wants it (each written out, so that the catalogue finds them)."""
    words = {
        ItemUnit.PIECE: t.ngettext("{n} piece", "{n} pieces", n),
        ItemUnit.PACK: t.ngettext("{n} pack", "{n} packs", n),
        ItemUnit.BOX: t.ngettext("{n} box", "{n} boxes", n),
        ItemUnit.DOSE: t.ngettext("{n} dose", "{n} doses", n),
        ItemUnit.KIT: t.ngettext("{n} kit", "{n} kits", n),
        ItemUnit.COPY: t.ngettext("{n} copy", "{n} copies", n),
    }
    return t.format(words[unit], n=t.number(n))
