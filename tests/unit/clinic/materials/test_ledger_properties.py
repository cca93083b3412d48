"""The ledger's promise, over any sequence of receipts, transfers, hand-outs and adjustments
(issue 13): every balance is the sum of its movements, and a balance below zero only ever
follows a hand-out a nurse or the coordinator recorded past the stock, with its reason.

Run against the real encrypted database, each step through its use case and its own
transaction, as the desk runs them; a step the use case refuses leaves nothing behind."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from clinic.audit.transactions import writing
from clinic.common.errors import KnownError
from clinic.materials import hand_out, stock
from clinic.staff.vocabulary import Role
from db.models.materials import Distribution, StockBalance, StockMovement
from tests.unit.clinic.materials.conftest import item_id, place_id

ITEMS = ("male_condom", "lubricant", "syringe")
PLACES = ("dispensary", "outreach_bag")
quantity = st.integers(min_value=1, max_value=60)
item = st.sampled_from(ITEMS)
place = st.sampled_from(PLACES)

receipt = st.tuples(st.just("receipt"), item, place, quantity)
transfer = st.tuples(st.just("transfer"), item, st.permutations(PLACES), quantity)
handing = st.tuples(st.just("hand_out"), item, place, quantity, st.sampled_from(Role))
adjustment = st.tuples(st.just("adjust"), item, place, st.integers(-40, 40).filter(bool))
steps = st.lists(st.one_of(receipt, transfer, handing, adjustment), max_size=25)


def _step(session, actors, clock, step) -> None:
    kind, code = step[0], step[1]
    admin = actors[Role.ADMIN]
    thing = item_id(session, code)
    if kind == "receipt":
        form = stock.ReceiptForm(thing, place_id(session, step[2]), str(step[3]))
        stock.receive(session, admin, clock, form, "en_GB")
    elif kind == "transfer":
        source, target = (place_id(session, p) for p in step[2])
        stock.transfer(session, admin, clock, thing, None, source, target, str(step[3]))
    elif kind == "hand_out":
        form = hand_out.HandOutForm(
            {thing: str(step[3])},
            place_id=place_id(session, step[2]),
            override_reason="Needed more than the stock",  # used only where a role may
        )
        hand_out.hand_out(session, actors[step[4]], clock, form)
    else:
        form = stock.AdjustmentForm(thing, place_id(session, step[2]), None, str(step[3]), "lost")
        stock.adjust(session, admin, clock, form)


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_every_balance_is_the_sum_of_its_movements_and_never_negative_unexplained(
    database, clock, actors, sequence
):
    for step in sequence:
        try:
            with writing(database, clock) as session:
                _step(session, actors, clock, step)
        except KnownError:  # refused (a role, a short stock): nothing of it was written
            pass
    with database.read() as session:
        sums = {
            (p, i, lot or 0): int(total)
            for p, i, lot, total in session.execute(
                select(
                    StockMovement.place_id,
                    StockMovement.item_id,
                    StockMovement.lot_id,
                    func.sum(StockMovement.quantity),
                ).group_by(StockMovement.place_id, StockMovement.item_id, StockMovement.lot_id)
            )
        }
        balances = {
            (b.place_id, b.item_id, b.lot_key): b.quantity
            for b in session.scalars(select(StockBalance))
        }
        overdrawn: Callable[[int, int], bool] = lambda p, i: bool(  # noqa: E731
            session.scalar(
                select(func.count())
                .select_from(StockMovement)
                .join(Distribution, Distribution.id == StockMovement.distribution_id)
                .where(
                    StockMovement.place_id == p,
                    StockMovement.item_id == i,
                    StockMovement.overdrawn,
                    Distribution.override_reason.is_not(None),
                )
            )
        )
        assert {k: v for k, v in balances.items() if v or k in sums} == sums
        for (p, i, _lot), total in sums.items():
            assert total >= 0 or overdrawn(p, i), (p, i, total)
