"""How a screen runs work on the database: one way, for every page and dialog.

A screen hands over a use case as a callable taking a Session; this module opens the
transaction (a read or a write, `clinic.audit.transactions`), runs it where it belongs, and
brings the outcome back to the GUI thread:

- `read_now`, on the GUI thread: reads that stay instant at the planned size (a row by its
  key, a page of search results through the search index, the day's queue, the staff list).
- `run_read` and `Loader`, on a worker: lists that grow with the years (the worklist, the
  appointments, the audit trail). A `Loader` keeps the table's rows until the new ones
  arrive, loads once for changes made together, and drops a result that a newer request made
  stale.
- `run_write`, on the one writer thread, in the order asked: every write. A write may wait
  for another desk or a backup (up to the busy timeout) and always waits for the disk. While
  it runs, the form's buttons are disabled and its dialog cannot be closed, so a save is
  neither made twice nor abandoned half-way; what was typed stays.

A known error is shown in the person's language: under its field when the form has that
field, else in a message box (`ui.common.messages`). Anything else is a bug, re-raised on the
GUI thread, where the crash dialog shows it. The work runs away from the widgets: it gets
plain values, taken from the screen before it starts, and its result is handed to a callback
on the GUI thread, never to a widget that was closed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from clinic.audit.transactions import reading, writing
from clinic.common.errors import KnownError
from ui.common import messages
from ui.common.form_saving import Form as Form  # where screens take it from
from ui.common.jobs import Job

if TYPE_CHECKING:
    from ui.context import DeskContext

T = TypeVar("T")
Work = Callable[[Session], T]
Done = Callable[[T], object]
Failed = Callable[[KnownError], object]

READ_THREADS = 2  # the machine's cores; reads beside each other, never beside the writer's lock


class Workers:
    """The threads the desk's work runs on, apart from the program's long jobs (a backup, the
    nightly forecasts), so that a list still loads while those run.

    Writes go one after another, in the order they were asked (F5 then F6 on one row land in
    that order); reads run beside each other. `running` counts the operations whose outcome
    has not been handed back yet.
    """

    def __init__(self) -> None:
        self.reads = QThreadPool()
        self.reads.setMaxThreadCount(READ_THREADS)
        self.writes = QThreadPool()
        self.writes.setMaxThreadCount(1)
        self._jobs: set[Job] = set()

    @property
    def running(self) -> int:
        return len(self._jobs)

    def idle(self) -> bool:
        return not self._jobs

    def start(self, job: Job, pool: QThreadPool) -> None:
        """Keep `job` alive until it reports (it has no parent: a closed screen may not take
        a running transaction with it)."""
        self._jobs.add(job)
        job.finished.connect(lambda: self._jobs.discard(job))
        job.start(pool)

    def wait(self) -> None:
        """Before the database is closed: every write asked for is made, none cut short."""
        self.writes.waitForDone()
        self.reads.waitForDone()


def read_now(
    ctx: DeskContext, parent: QWidget | None, work: Work[T], *, failed: Failed | None = None
) -> T | None:
    """`work` in a read transaction on the GUI thread, for reads that are instant at any size;
    its result, or None once the known error has been shown (or handed to `failed`)."""
    try:
        with reading(ctx.database, ctx.clock) as session:
            return work(session)
    except KnownError as error:
        (failed or (lambda e: messages.show_error(parent, ctx.t, e)))(error)
        return None


def run_read(
    ctx: DeskContext,
    parent: QWidget,
    work: Work[T],
    done: Done[T],
    *,
    failed: Failed | None = None,
    ended: Callable[[], object] | None = None,
) -> Job:
    """`work` in a read transaction on a worker; `done(result)` on the GUI thread, then
    `ended()` whatever the outcome."""
    database, clock = ctx.database, ctx.clock

    def in_transaction() -> T:
        with reading(database, clock) as session:
            return work(session)

    shown = failed or _shown(ctx, parent)
    return _run(ctx, ctx.workers.reads, parent, in_transaction, done, shown, ended)


def run_write(
    ctx: DeskContext,
    parent: QWidget | None,
    work: Work[T],
    done: Done[T],
    *,
    form: Form | None = None,
    failed: Failed | None = None,
) -> Job | None:
    """`work` in a write transaction on the writer thread; `done(result)` on the GUI thread.

    With a `form`: its buttons are held while the write runs (None is returned, and nothing
    done, if a save of that form is already running), and a known error goes under its field.
    """
    if form is not None and form.busy:
        return None
    database, clock = ctx.database, ctx.clock

    def in_transaction() -> T:
        with writing(database, clock) as session:
            return work(session)

    shown = failed or (form.failed(ctx.t, parent) if form is not None else _shown(ctx, parent))
    if form is None:
        return _run(ctx, ctx.workers.writes, parent, in_transaction, done, shown)
    form.hold()
    return _run(
        ctx, ctx.workers.writes, parent, in_transaction, form.after(done), form.after(shown)
    )


def _run(
    ctx: DeskContext,
    pool: QThreadPool,
    parent: QWidget | None,
    work: Callable[[], T],
    done: Done[T],
    failed: Failed,
    ended: Callable[[], object] | None = None,
) -> Job:
    job = Job(work)  # connected before it starts: a quick job's outcome is never missed
    job.done.connect(_while_shown(parent, done))
    job.failed.connect(_while_shown(parent, failed))
    if ended is not None:
        job.finished.connect(_while_shown(parent, lambda _none: ended()))
    ctx.workers.start(job, pool)
    return job


def _while_shown(parent: QWidget | None, callback: Callable[[Any], object]) -> Callable[..., None]:
    """The outcome for a screen that still exists: one closed meanwhile has nothing to show
    it on (what was written is written, and the next screen reads it)."""

    def handle(outcome: object = None) -> None:
        if parent is None or shiboken6.isValid(parent):
            callback(outcome)

    return handle


def _shown(ctx: DeskContext, parent: QWidget | None) -> Failed:
    return lambda error: messages.show_error(parent, ctx.t, error)


class Loader(QObject):
    """Loads a list in the background for one view.

    The view keeps its rows until the new ones arrive (`show` is called with them). Requests
    made together (two filters changed in one go) load once; a request made while a load
    runs waits for it, and the older result is dropped rather than shown.
    """

    loaded = Signal()  # after `show` has put a result on the screen

    def __init__(self, ctx: DeskContext, view: QWidget, show: Callable[[Any], object]) -> None:
        super().__init__(view)
        self._ctx, self._view, self._show = ctx, view, show
        self._work: Work[Any] | None = None
        self._running = False
        self._stale = False
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(self._start)

    def load(self, work: Work[Any]) -> None:
        """Ask for the list that `work` reads (the newest request wins)."""
        self._work = work
        self._soon.start()

    def loading(self) -> bool:
        return self._soon.isActive() or self._running

    def _start(self) -> None:
        if self._running:
            self._stale = True
            return
        assert self._work is not None
        self._running = True
        run_read(
            self._ctx, self._view, self._work, self._arrived, failed=self._lost, ended=self._ended
        )

    def _arrived(self, result: object) -> None:
        if not self._stale:
            self._show(result)
            self.loaded.emit()

    def _lost(self, error: KnownError) -> None:
        if not self._stale:
            messages.show_error(self._view, self._ctx.t, error)

    def _ended(self) -> None:
        self._running = False
        if self._stale:
            self._stale = False
            self._start()
