"""The closed vocabularies of material and stock (issue 13). Stored values: never renamed, only
added."""

from enum import StrEnum


class ItemCategory(StrEnum):
    SEXUAL_HEALTH = "sexual_health"  # condoms, lubricant, dental dams
    HYGIENE = "hygiene"  # wipes, sanitary towels
    HARM_REDUCTION = "harm_reduction"  # syringes, foil, straws: for drug use
    TESTS = "tests"  # pregnancy tests, self-tests
    LEAFLETS = "leaflets"  # information leaflets, one item per language
    KITS = "kits"  # food or hygiene kits
    VACCINES = "vaccines"  # the vaccine products, their lots tracked
    OTHER = "other"


class ItemUnit(StrEnum):
    PIECE = "piece"
    PACK = "pack"
    BOX = "box"
    DOSE = "dose"
    KIT = "kit"
    COPY = "copy"  # a leaflet


class PlaceKind(StrEnum):
    DISPENSARY = "dispensary"  # the drop-in's own store and desk
    OUTREACH = "outreach"  # a bag or a van taken to the street
    OTHER = "other"


class MovementKind(StrEnum):
    """Every change of stock is one of these; a balance is the sum of its movements."""

    RECEIPT = "receipt"  # from a supplier or a donor (+)
    TRANSFER_OUT = "transfer_out"  # to another place (-), paired with its TRANSFER_IN
    TRANSFER_IN = "transfer_in"  # from another place (+)
    DISTRIBUTION = "distribution"  # handed out (-), with its `distribution` row
    DOSE = "dose"  # a vaccine dose given (-), with its `vaccination` row; + if put back
    ADJUSTMENT = "adjustment"  # expired, damaged, lost, a stocktake's correction (+ or -)


class AdjustmentReason(StrEnum):
    EXPIRED = "expired"
    DAMAGED = "damaged"
    LOST = "lost"
    STOCKTAKE = "stocktake"  # the difference a count found
    OTHER = "other"


class AgeBand(StrEnum):
    """The bands of the annual report (DESIGN.md), for a hand-out without a record."""

    UNDER_18 = "under_18"
    FROM_18 = "18_24"
    FROM_25 = "25_34"
    FROM_35 = "35_44"
    FROM_45 = "45_54"
    FROM_55 = "55_plus"
    UNKNOWN = "unknown"
