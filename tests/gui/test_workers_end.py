"""A GUI test that leaves a background job running fails, named, instead of aborting a later one.

In CI a worker still running after its test reported to a deleted widget and aborted an
unrelated test during garbage collection. tests/gui/conftest.py waits a few seconds after each
GUI test for the workers to end and fails the test that left one; this runs that check on two
small tests in a pytest of their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

WORKTREE = Path(__file__).resolve().parents[2]

FORGETFUL = """
import threading

from ui.common.jobs import Job

release = threading.Event()
kept = []  # the job stays referenced: only the check is under test, not a collected QObject


def test_forgets_its_job(qtbot):
    job = Job(lambda: release.wait(60))
    kept.append(job)
    job.start()


def test_the_next_one(qtbot):
    release.set()
"""


@pytest.mark.slow
def test_a_test_leaving_a_worker_running_fails_by_its_name(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("from tests.gui.conftest import *  # noqa: F403\n")
    (tmp_path / "test_forgetful.py").write_text(textwrap.dedent(FORGETFUL))
    env = {**os.environ, "PYTHONPATH": str(WORKTREE), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert "test_forgetful.py::test_forgets_its_job left 1 background worker(s) running" in (
        run.stdout
    ), run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout
