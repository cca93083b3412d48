"""What the cycle collector looks at: nothing while the desk's modules are imported, not the
objects set aside while the desk is open, and everything again (a closed desk's cycles freed)
once it closes."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from ui.common.garbage import importing, look_at_everything_again, set_aside_the_living


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_nothing_is_collected_while_a_worker_imports(qtbot, unfrozen):
    """The GUI thread's collector waits while the modules are imported; after, they are set
    aside (a cycle made during the import is not freed by the collector's next rounds)."""
    made: list[weakref.ref[Cycle]] = []
    started, go_on = threading.Event(), threading.Event()

    def imports() -> None:
        with importing():
            made.extend(weakref.ref(Cycle()) for _ in range(2_000))  # past generation 0's 700
            started.set()
            go_on.wait(10)

    worker = threading.Thread(target=imports)
    worker.start()
    started.wait(10)
    qtbot.wait(300)  # the collector's timer runs (every 100 ms) and does nothing
    assert all(cycle() is not None for cycle in made)
    go_on.set()
    worker.join(10)
    assert gc.get_freeze_count() > 0
    qtbot.wait(300)
    assert all(cycle() is not None for cycle in made)  # set aside: not looked at


def test_a_closed_desks_cycles_are_freed_when_everything_is_looked_at_again(unfrozen):
    desk = weakref.ref(Cycle())
    set_aside_the_living()
    gc.collect()
    assert desk() is not None
    look_at_everything_again()
    assert desk() is None
    assert gc.get_freeze_count() == 0
