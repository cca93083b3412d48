"""The demo's material (issue 13): what most visits take away, and the stock behind it.

Most visits end with a basket, handed out by whoever served the person and tied to the visit:
condoms and often lubricant, a pack of wipes at most once a week, sometimes a leaflet in the
person's language, rarely a pregnancy test or an HIV self-test (their lots tracked). Stock is
received from donors and suppliers when it runs short, about a month's worth at a time; before
each street outing (`clinic.demo.street`) the outreach bag is filled from the dispensary, and
the outing's material is handed out from it to everyone it met, counted together and tied to
the session; each quarter a stocktake finds small differences, and lots past their expiry date
are taken out. The ledger itself is `clinic.demo.material_ledger`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.demo.material_ledger import DemoLedger, Item
from clinic.demo.street import Outing
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.models.desk import Visit
from db.models.materials import StockItem, StockPlace
from db.models.registry import Person, PersonLanguage
from db.vocabulary.materials import AdjustmentReason, AgeBand

Progress = Callable[[str, int, int], None]
VISITS_PER_READ = 100_000
BASKET_SHARE = 0.85  # of the visits that end
PACKS = {"male_condom": 1000, "lubricant": 500, "syringe": 200, "wet_wipes": 50}
TEST_PACK = 20  # self-tests and pregnancy tests, slow to go: some lots expire
LEAFLETS = ("en", "it", "fr", "es", "ro", "pt")
# What the outreach bag holds when a team sets out.
OUTREACH_BAG = {"male_condom": 300, "lubricant": 120, "syringe": 100, "leaflet_it": 20}
STOCKTAKE_MISCOUNT = 0.3  # the share of balances a count finds off by a few


@dataclass(frozen=True)
class _Visit:
    id: int
    person_id: int | None
    left_at: dt.datetime
    served_by: int


def write_materials(
    database: Database,
    rng: random.Random,
    clock: Clock,
    staff: dict[Role, list[int]],
    report: Progress,
    outings: Sequence[Outing] = (),
) -> int:
    """Baskets for the visits that ended, the material of the street `outings`, the stock
    they came from; returns the movements."""
    with database.read() as session:
        last = session.scalar(select(Visit.id).order_by(Visit.id.desc()).limit(1)) or 0
        people = _people(session)
    done = 0
    maker: _Material | None = None
    for start in range(1, last + 1, VISITS_PER_READ):
        with database.write() as session:
            if maker is None:
                maker = _Material(session, rng, clock, (staff, people), outings)
            maker.ledger.session = session
            maker.visits(_visits(session, start, start + VISITS_PER_READ))
            maker.ledger.flush()
        done = min(start + VISITS_PER_READ - 1, last)
        report("material", done, last)
    if maker is None:
        return 0
    with database.write() as session:
        maker.ledger.session = session
        maker.finish()
        maker.ledger.write_balances()
    return maker.ledger.movements


def _people(session: Session) -> dict[int, tuple[str, str]]:
    """Each person's gender and first language (a leaflet they can read)."""
    languages: dict[int, str] = {}
    for person_id, language in session.execute(
        select(PersonLanguage.person_id, PersonLanguage.language).order_by(
            PersonLanguage.person_id, PersonLanguage.language
        )
    ):
        languages.setdefault(person_id, language)
    return {
        person_id: (gender, languages.get(person_id, "it"))
        for person_id, gender in session.execute(select(Person.id, Person.gender))
    }


def _visits(session: Session, start: int, end: int) -> list[_Visit]:
    rows = session.execute(
        select(Visit.id, Visit.person_id, Visit.departed_at, Visit.served_by_id)
        .where(Visit.id >= start, Visit.id < end, Visit.departed_at.is_not(None))
        .order_by(Visit.id)
    )
    return [
        _Visit(v, p, left, by) for v, p, left, by in rows if by is not None and left is not None
    ]


class _Material:
    """Walks the visits in the order they came, with the weekly and quarterly events between."""

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        clock: Clock,
        who: tuple[dict[Role, list[int]], dict[int, tuple[str, str]]],
        outings: Sequence[Outing],
    ) -> None:
        self._rng = rng
        self._clock = clock
        self._staff, self._people = who
        self._outings: dict[dt.date, list[Outing]] = {}
        for outing in outings:
            self._outings.setdefault(clock.local(outing.starts_at).date(), []).append(outing)
        self.ledger = DemoLedger(session, rng, self._staff[Role.ADMIN][0])
        self._items = _items(session)
        places = dict(session.execute(select(StockPlace.code, StockPlace.id)).all())
        self._dispensary = places["dispensary"]
        self._bag = places["outreach_bag"]
        self._last_wipes: dict[int, int] = {}  # person: day ordinal
        self._day: dt.date | None = None

    def visits(self, visits: list[_Visit]) -> None:
        for visit in visits:
            day = self._clock.local(visit.left_at).date()
            self._until(day)
            if self._rng.random() < BASKET_SHARE:
                self._basket(visit, day)

    def finish(self) -> None:
        """The days after the last visit, up to yesterday."""
        self._until(self._clock.today() - dt.timedelta(days=1))

    def _until(self, day: dt.date) -> None:
        """What happened on each day up to `day` besides visits, once a day; from the first
        outing's day if it came before the first visit."""
        if self._day is None:
            self._day = min([day, *self._outings]) - dt.timedelta(days=1)
        while self._day < day:
            self._day += dt.timedelta(days=1)
            self._events(self._day)

    def _basket(self, visit: _Visit, day: dt.date) -> None:
        gender, language = self._people.get(visit.person_id or 0, ("", "it"))
        wanted = self._wanted(visit.person_id, gender, language, day)
        if not wanted:
            return
        at = visit.left_at - dt.timedelta(minutes=1)
        row = {
            "at": at,
            "by_id": visit.served_by,
            "place_id": self._dispensary,
            "person_id": visit.person_id,
            "visit_id": visit.id,
            "gender": None,
            "age_band": None if visit.person_id else AgeBand.UNKNOWN.value,
            "contacts": 1,
        }
        number = self.ledger.distribution(row)
        for code, quantity in wanted.items():
            item = self._items[code]
            self.ledger.take(self._dispensary, item, quantity, at, visit.served_by, number)

    def _wanted(
        self, person: int | None, gender: str, language: str, day: dt.date
    ) -> dict[str, int]:
        rng, wanted = self._rng, {}
        if rng.random() < 0.9:
            wanted["male_condom"] = rng.choice((5, 10, 10, 10, 20))
            if rng.random() < 0.6:
                wanted["lubricant"] = rng.choice((2, 5))
        if person and rng.random() < 0.5 and self._last_wipes.get(person, 0) <= day.toordinal() - 7:
            wanted["wet_wipes"] = 1
            self._last_wipes[person] = day.toordinal()
        if rng.random() < 0.08:
            wanted[f"leaflet_{language if language in LEAFLETS else 'en'}"] = 1
        if rng.random() < 0.05:
            wanted["syringe"] = 10
        if gender == "woman" and rng.random() < 0.03:
            wanted["pregnancy_test"] = 1
        if rng.random() < 0.01:
            wanted["hiv_self_test"] = 1
        return wanted

    def _events(self, day: dt.date) -> None:
        """What happens on `day` besides visits: a quarter's stocktake on its first day, the
        day's street outings. Nothing today: the day is not over."""
        if day >= self._clock.today():
            return
        if day.day == 1 and day.month % 3 == 1:
            self._stocktake(day)
        self._street(self._outings.get(day, []))

    def _stocktake(self, day: dt.date) -> None:
        at = self._at(day, 8)
        for key in self.ledger.expired(day):
            self.ledger.adjust(key, -self.ledger.balances[key], AdjustmentReason.EXPIRED, at)
        for key, held in sorted(self.ledger.balances.items()):
            if held > 0 and self._rng.random() < STOCKTAKE_MISCOUNT:
                change = max(-held, self._rng.choice((-3, -2, -1, -1, 1)))
                self.ledger.adjust(key, change, AdjustmentReason.STOCKTAKE, at)

    def _street(self, outings: list[Outing]) -> None:
        """A day's outings, in the order things happened: the bag filled from the dispensary
        half an hour before each sets out, each one's material handed out when it is recorded
        (a night's after midnight, before the next day's first sets out). Teams out at the
        same time each take a bag's worth."""
        events = [(o.starts_at - dt.timedelta(minutes=30), 0, o.id, o) for o in outings]
        events += [(o.recorded_at, 1, o.id, o) for o in outings]
        out = 0
        for at, hand_out, _id, outing in sorted(events):
            if hand_out:
                self._outing(outing)
                out -= 1
            else:
                out += 1
                self._fill(at, outing.by, out)

    def _fill(self, at: dt.datetime, by: int, teams: int) -> None:
        for code, level in OUTREACH_BAG.items():
            item = self._items[code]
            missing = level * teams - self.ledger.balances[(self._bag, item.id, 0)]
            if missing > 0:
                self.ledger.transfer(self._dispensary, self._bag, item, missing, at, by)

    def _outing(self, outing: Outing) -> None:
        """The outing's material, to everyone it met, as far as the bag holds."""
        contacts = outing.contacts
        wanted = {"male_condom": 10 * contacts, "lubricant": 2 * contacts}
        if self._rng.random() < 0.3:
            wanted["syringe"] = 10 * self._rng.randint(1, min(contacts, 10))
        if self._rng.random() < 0.5:
            wanted["leaflet_it"] = min(contacts, 20)
        row = {
            "at": outing.recorded_at,
            "by_id": outing.by,
            "place_id": self._bag,
            "person_id": None,
            "visit_id": None,
            "gender": None,
            "age_band": None,
            "contacts": max(contacts, 1),
            "session_id": outing.id,
        }
        number = self.ledger.distribution(row)
        for code, quantity in wanted.items():
            item = self._items[code]
            held = self.ledger.balances[(self._bag, item.id, 0)]
            if min(quantity, held):  # the bag is what there is in the street
                self.ledger.take(
                    self._bag, item, min(quantity, held), outing.recorded_at, outing.by, number
                )

    def _at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), self._clock.zone).astimezone(dt.UTC)


def _items(session: Session) -> dict[str, Item]:
    rows = session.execute(
        select(StockItem.id, StockItem.code, StockItem.tracks_lots).where(
            StockItem.code.is_not(None)
        )
    )
    return {
        code: Item(item_id, code, tracks_lots, TEST_PACK if tracks_lots else PACKS.get(code, 100))
        for item_id, code, tracks_lots in rows
        if code is not None
    }
