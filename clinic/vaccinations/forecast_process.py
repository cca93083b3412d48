"""The daily forecast refresh's engine work, in a process of its own.

The CDSi engine is pure Python. Run on a thread of the desk for 100,000 persons (about 15 s),
it holds Python's interpreter lock most of the time, and the GUI thread, which needs the lock
for every event and every cell it paints, waits for it: the window froze for 100 ms and more
at a time. In another process the engine has an interpreter of its own; the desk's thread only
reads each batch's doses and writes the rows back.

The process starts with the first batch (most checks find nothing stale) and is "spawned", not
forked: a fork would copy the desk's threads and locks mid-use. If it cannot start or dies, the
batch is forecast here instead: slower for the screen, but the refresh is never lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from clinic.vaccinations.forecasts import History, forecast_people

log = logging.getLogger(__name__)


class ForecastProcess:
    """A `Forecaster` for `refresh_stale` that runs the engine in another process."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def __call__(
        self, people: list[History], today: dt.date, profile: str
    ) -> list[dict[str, object]]:
        if not self._broken:
            try:
                return self._started().submit(forecast_people, people, today, profile).result()
            except (BrokenProcessPool, OSError) as error:
                log.warning(
                    "forecasting in this process: the other one failed (%s)", type(error).__name__
                )
                self._broken = True
                self.close()
        return forecast_people(people, today, profile)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            spawn = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=spawn, initializer=_yield_to_the_desk
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _yield_to_the_desk() -> None:
    """The process's priority lowered, so that on a two-core clinic PC the engine does not take
    a core the window needs: "below normal" on Windows, `nice` 10 elsewhere. A system that
    refuses leaves it as it is: slower for the screen, but the refresh goes on."""
    with contextlib.suppress(OSError, AttributeError):
        if sys.platform == "win32":
            import ctypes

            kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel.SetPriorityClass(kernel.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS)
        else:
            os.nice(10)


_BELOW_NORMAL_PRIORITY_CLASS = 0x4000  # Windows' process priority classes
