"""`main.py vaccines forecast` as another tool runs it: JSON on standard input, and bad input
described on standard error with exit code 2, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ui.cli.vaccines import EXIT_BAD_INPUT

ROOT = Path(__file__).resolve().parents[2]


def _forecast(cases: object, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *options, "vaccines", "forecast"],
        cwd=ROOT,
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=False,
    )


def _case(assessment: str, given_on: str) -> dict[str, object]:
    return {
        "id": "p1",
        "birth_date": "1985-06-15",
        "assessment_date": assessment,
        "vaccine_group": "HepB",
        "doses": [{"date": given_on, "cvx": "43"}],
    }


def test_a_date_near_the_end_of_the_calendar_is_described_not_a_traceback() -> None:
    done = _forecast([_case("2025-02-01", "2025-01-10"), _case("9999-12-31", "9999-12-30")])

    assert done.returncode == EXIT_BAD_INPUT
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "Case 1, field assessment_date: give a date between 1900-01-01 and 2199-12-31.",
        "Case 1, field doses[0].date: give a date between 1900-01-01 and 2199-12-31.",
    ]


def test_the_message_is_in_the_chosen_language() -> None:
    done = _forecast([_case("9999-12-31", "2025-01-10")], "--language", "it")

    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr.splitlines() == [
        "Caso 0, campo assessment_date: indicare una data tra 1900-01-01 e 2199-12-31."
    ]
