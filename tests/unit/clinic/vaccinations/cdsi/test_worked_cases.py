"""The worked cases of `shared/reference/vaccines.md` (CDC CDSi test cases), JSON in, JSON out.

The table below is the one of vaccines.md, row for row: the expected evaluations and dates are
CDC's, not the engine's. Each row goes through `forecast_command.run` as the app will send it.
"""

from __future__ import annotations

import json
import re

import pytest

from clinic.vaccinations.cdsi.forecast_command import run

# | case | group | sex | born | assessed | doses given (expected evaluation) | status | next dose |
WORKED_CASES = """
| 2019-0011 | HepA | F | 2007-11-10 | 2025-11-10 | 2025-11-10 cvx 52 valid | not complete | dose 2: earliest 2026-05-10, recommended 2026-05-10, past due 2027-07-07 |
| 2019-0014 | HepA | F | 2007-05-10 | 2025-11-10 | 2025-05-10 cvx 52 valid; 2025-11-05 cvx 52 NOT valid | not complete | dose 2: earliest 2026-05-05, recommended 2026-05-05, past due 2027-07-02 |
| 2022-0013 | HepB | M | 2002-10-13 | 2025-11-10 | none | not complete | dose 1: earliest 2002-10-13, recommended 2002-10-13, past due 2002-11-09 |
| 2022-0047 | HepB | M | 1963-11-10 | 2025-11-10 | 2025-11-10 cvx 43 valid | not complete | dose 2: earliest 2025-12-08, recommended 2025-12-08, past due — |
| 2022-0048 | HepB | M | 1963-10-13 | 2025-11-10 | 2025-10-13 cvx 43 valid; 2025-11-10 cvx 43 valid | not complete | dose 3: earliest 2026-02-02, recommended 2026-04-13, past due — |
| 2018-0015 | HepB | F | 2007-11-10 | 2025-11-10 | 2025-11-10 cvx 189 valid | not complete | dose 2: earliest 2025-12-08, recommended 2025-12-08, past due 2026-01-04 |
| 2018-0017 | HepB | F | 2007-10-18 | 2025-11-10 | 2025-10-18 cvx 189 valid; 2025-11-10 cvx 189 NOT valid | not complete | dose 2: earliest 2025-12-08, recommended 2025-12-08, past due 2026-01-04 |
| 2024-0045 | HepB | F | 1991-11-03 | 2025-11-10 | 2025-11-03 cvx 104 valid | not complete | dose 2: earliest 2025-12-01, recommended 2025-12-01, past due — |
| 2024-0046 | HepB | F | 1991-11-03 | 2025-11-10 | 2025-11-03 cvx 104 valid; 2025-11-10 cvx 104 valid | not complete | dose 3: earliest 2025-11-24, recommended 2025-11-24, past due 2025-12-02 |
| 2024-0047 | HepB | F | 1991-10-20 | 2025-11-10 | 2025-10-20 cvx 104 valid; 2025-10-27 cvx 104 valid; 2025-11-10 cvx 104 valid | not complete | dose 4: earliest 2026-10-20, recommended 2026-10-20, past due — |
| 2024-0017 | HPV | F | 1983-11-10 | 2025-11-10 | 2025-11-10 cvx 165 valid | not complete | dose 2: earliest 2025-12-08, recommended 2025-12-08, past due 2026-03-01 |
| 2024-0018 | HPV | F | 1983-10-13 | 2025-11-10 | 2025-10-13 cvx 165 valid; 2025-11-10 cvx 165 valid | not complete | dose 3: earliest 2026-03-13, recommended 2026-04-13, past due 2026-06-09 |
| 2024-0021 | HPV | F | 1983-10-13 | 2025-11-10 | 2025-10-13 cvx 165 valid; 2025-11-05 cvx 165 NOT valid | not complete | dose 2: earliest 2025-12-03, recommended 2025-12-03, past due 2026-02-24 |
| 2024-0029 | HPV | M | 1980-11-10 | 2025-11-10 | none | not complete | dose 1: earliest 1989-11-10, recommended 1991-11-10, past due 1993-12-07 |
| 2024-0031 | HPV | M | 1979-11-10 | 2025-11-10 | none | aged out | — |
"""  # noqa: E501 (the rows of vaccines.md as they are written there)

_DOSE = re.compile(r"^(\d{4}-\d{2}-\d{2}) cvx (\d+) (valid|NOT valid)$")
_NEXT = re.compile(
    r"^dose (\d+): earliest (\S+), recommended (\S+), past due (\S+)$",
)
_STATUSES = {"not complete": "not_complete", "complete": "complete", "aged out": "aged_out"}


def _rows() -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in WORKED_CASES.strip().splitlines()
    ]


def _doses(cell: str) -> list[tuple[str, str, bool]]:
    if cell == "none":
        return []
    doses = []
    for part in cell.split(";"):
        match = _DOSE.match(part.strip())
        assert match is not None, part
        doses.append((match[1], match[2], match[3] == "valid"))
    return doses


def _expected_forecast(cell: str) -> dict[str, object] | None:
    if cell == "—":
        return None
    match = _NEXT.match(cell)
    assert match is not None, cell
    return {
        "dose_number": int(match[1]),
        "earliest": match[2],
        "recommended": match[3],
        "past_due": None if match[4] == "—" else match[4],
    }


def test_the_table_holds_the_fifteen_cases_of_the_reference() -> None:
    assert len(_rows()) == 15
    assert len({row[0] for row in _rows()}) == 15


@pytest.mark.parametrize("row", _rows(), ids=[row[0] for row in _rows()])
def test_worked_case(row: list[str]) -> None:
    case_id, group, sex, born, assessed, doses_cell, status, next_cell = row
    doses = _doses(doses_cell)
    case = {
        "id": case_id,
        "birth_date": born,
        "sex": sex,
        "assessment_date": assessed,
        "vaccine_group": group,
        "doses": [{"date": date, "cvx": cvx} for date, cvx, _ in doses],
    }

    [result] = json.loads(run(json.dumps([case])))

    assert result["id"] == case_id
    assert result["series_status"] == _STATUSES[status]
    assert [(d["date"], d["valid"]) for d in result["doses"]] == [(d, v) for d, _, v in doses]
    assert all((d["reason"] is None) == d["valid"] for d in result["doses"])
    assert result["forecast"] == _expected_forecast(next_cell)


def test_all_cases_in_one_call_come_back_in_order() -> None:
    cases = [
        {
            "id": row[0],
            "birth_date": row[3],
            "sex": row[2],
            "assessment_date": row[4],
            "vaccine_group": row[1],
            "doses": [{"date": date, "cvx": cvx} for date, cvx, _ in _doses(row[5])],
        }
        for row in _rows()
    ]

    results = json.loads(run(json.dumps(cases)))

    assert [result["id"] for result in results] == [row[0] for row in _rows()]
    assert [result["forecast"] for result in results] == [
        _expected_forecast(row[7]) for row in _rows()
    ]
