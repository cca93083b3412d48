"""The data folder's log, for the desk and the commands alike: ids and codes, never what was typed.

Only ids, codes of errors and schema revisions are logged; the engine keeps SQL parameters out of
exception texts, so a traceback does not carry what was typed either.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import TracebackType

from db.errors import DatabaseOpenError
from db.folder import DataFolder
from ui.cli.command import RefusedError

LOG_FILE_NAME = "soglia.log"
LOG_MAX_BYTES = 2_000_000
LOG_BACKUP_COUNT = 5

log = logging.getLogger("soglia.main")  # the name the log has always given the start-up

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


@contextmanager
def logging_to(folder: DataFolder) -> Iterator[None]:
    """Log to the data folder's rotating log, including uncaught exceptions, while inside."""
    handler = _QuietLogFile(
        folder.logs / LOG_FILE_NAME,
        maxBytes=LOG_MAX_BYTES,
        backupCount=LOG_BACKUP_COUNT,
        encoding="utf-8",
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    saved = root.level, sys.excepthook, threading.excepthook
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    sys.excepthook = _logging_excepthook(sys.excepthook)
    threading.excepthook = _logging_thread_excepthook(threading.excepthook)
    try:
        yield
    except (DatabaseOpenError, RefusedError):
        raise  # known: explained to the person at the desk, logged where it was raised
    except Exception:
        log.critical("uncaught exception", exc_info=True)
        raise
    finally:
        root.setLevel(saved[0])
        sys.excepthook, threading.excepthook = saved[1], saved[2]
        root.removeHandler(handler)
        handler.close()


class _QuietLogFile(logging.handlers.RotatingFileHandler):
    """The log file, which a full disk must not turn into tracebacks on the screen: a line that
    cannot be written is lost, and the person is told what matters by Soglia's own message."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass

    def close(self) -> None:
        with suppress(OSError):
            super().close()


def _logging_excepthook(previous: ExceptHook) -> ExceptHook:
    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    return hook


def _logging_thread_excepthook(previous: ThreadHook) -> ThreadHook:
    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            info = (args.exc_type, args.exc_value, args.exc_traceback)
            log.critical("uncaught exception in a thread", exc_info=info)
        previous(args)

    return hook
