"""Demo rapid tests: read by the nurse at about a third of the medical visits.

HIV is offered at nearly every screening, syphilis at half, hepatitis C and B less often, and a
pregnancy test to women who ask. Few are reactive (about one in sixty, pregnancy tests more
often), and each reactive one is sent on for a confirmatory test (`clinic.demo.referrals`), as
the desk's form prompts. Counselling before and after is recorded, as the clinic's practice
wants; a test entered in error keeps its reason.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from clinic.care.vocabulary import TestResult
from clinic.demo.care_words import ERRORS, KITS
from clinic.demo.rows import Row
from clinic.demo.served import ServedVisit

TEST_SHARE = 0.3  # of the visits a nurse served
INVALID_SHARE = 0.005
ERROR_SHARE = 0.005


@dataclass(frozen=True)
class Offer:
    code: str  # the seeded `test_kind` entry
    share: float  # of testing visits
    reactive: float  # of tests read


_OFFERS = (
    Offer("hiv", 0.9, 0.008),
    Offer("syphilis", 0.5, 0.02),
    Offer("hcv", 0.3, 0.015),
    Offer("hbsag", 0.2, 0.015),
)
_PREGNANCY = Offer("pregnancy", 0.25, 0.12)  # of the testing visits of those who may be pregnant


@dataclass(frozen=True)
class Reactive:
    test_id: int
    code: str


class DemoTests:
    """Test rows, numbered here so that referrals can point at them."""

    def __init__(
        self,
        rng: random.Random,
        kinds: Mapping[str, int],
        may_be_pregnant: Collection[int],
        languages: Mapping[int, str],
    ) -> None:
        self._rng = rng
        self._kinds = kinds  # test_kind code → entry id
        self._may_be_pregnant = may_be_pregnant
        self._languages = languages
        self._lots: dict[tuple[str, int], str] = {}
        self.count = 0
        self.rows: list[Row] = []

    def visit(self, visit: ServedVisit) -> list[Reactive]:
        """The tests read at a nurse's visit, if any; the reactive ones."""
        rng = self._rng
        if rng.random() >= TEST_SHARE:
            return []
        offers = [offer for offer in _OFFERS if rng.random() < offer.share] or [_OFFERS[0]]
        if visit.person_id in self._may_be_pregnant and rng.random() < _PREGNANCY.share:
            offers.append(_PREGNANCY)
        reactive = []
        for number, offer in enumerate(offers):
            row = self._test(visit, offer, (number + 1) / (len(offers) + 2))
            if row["result"] == TestResult.REACTIVE.value:
                reactive.append(Reactive(row["id"], offer.code))
        return reactive

    def take(self) -> list[Row]:
        taken, self.rows = self.rows, []
        return taken

    def _test(self, visit: ServedVisit, offer: Offer, share: float) -> Row:
        rng = self._rng
        self.count += 1
        roll = rng.random()
        result = TestResult.NON_REACTIVE
        if roll < offer.reactive:
            result = TestResult.REACTIVE
        elif roll < offer.reactive + INVALID_SHARE:
            result = TestResult.INVALID
        in_error = result is TestResult.NON_REACTIVE and rng.random() < ERROR_SHARE
        kit, prefix = rng.choice(KITS[offer.code])
        read = visit.moment(share)
        row = {
            "id": self.count,
            "person_id": visit.person_id,
            "visit_id": visit.id,
            "kind_id": self._kinds[offer.code],
            "kit": kit,
            "lot": self._lot(prefix, read.year),
            "result": result.value,
            "read_at": read,
            "read_by_id": visit.staff_id,
            "counselled_before": rng.random() < 0.95,
            "counselled_after": result is not TestResult.NON_REACTIVE or rng.random() < 0.9,
            "recorded_at": visit.moment(share + 0.05),
            "recorded_by_id": visit.staff_id,
            "entered_in_error": in_error,
            "error_reason": rng.choice(ERRORS[self._languages[visit.staff_id]])
            if in_error
            else None,
        }
        self.rows.append(row)
        return row

    def _lot(self, prefix: str, year: int) -> str:
        """A few lots of each kit a year, as boxes are used up."""
        key = (prefix, year * 4 + self._rng.randrange(4))
        if key not in self._lots:
            self._lots[key] = f"{prefix}{year % 100:02d}-{self._rng.randrange(1000, 9999)}"
        return self._lots[key]
