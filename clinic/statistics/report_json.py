"""The report as JSON for other tools (issue 15): stable keys, aggregates only.

Keys are the tables' keys and their rows' (and columns') keys joined by dots, nested:
`persons.distinct`, `persons.by_gender.woman`, `visits.by_month.3`, `visits.by_weekday_hour.
thu.14`. A whole table's total is also written at its `total_key` (`persons.distinct`,
`visits.total`). The period before sits under `previous`, with the same keys.

A count hidden because it is small (1..k-1) is the string "<k" ("<5"); a count hidden beside
one so that no total gives it back is "hidden": printing "<5" for 57 would be false. No code,
alias or free text is ever written: the coordinator's narratives stay in the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clinic.statistics.tables import COUNT, Period, Published, Report

Value = int | str


def report_json(report: Report, published: Mapping[str, Published]) -> dict[str, Any]:
    """The report's figures as nested JSON objects (see the module's docstring)."""
    current: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    for section in report.sections:
        for table in section.tables:
            shown = published[table.key]
            _put_table(current, shown, previous=False)
            if shown.previous is not None:
                _put_table(previous, shown, previous=True)
    return {
        "period": _days(report.period),
        "previous_period": _days(report.previous),
        "language": report.language,
        "small_counts_hidden_below": report.suppress_below,
        **current,
        "previous": previous,
    }


def _days(period: Period) -> dict[str, str]:
    """The period's first and last days (`to` included, as the command line takes it)."""
    return {"from": period.since.isoformat(), "to": period.last_day.isoformat()}


def _put_table(into: dict[str, Any], shown: Published, *, previous: bool) -> None:
    table = shown.table
    grid = shown.previous if previous else shown.current
    counts = table.previous if previous else table.current
    if grid is None or counts is None:
        return
    single = len(table.columns) == 1 and table.columns[0].key == COUNT
    for r, row in enumerate(table.rows):
        for c, column in enumerate(table.columns):
            path = [*table.key.split("."), row.key] + ([] if single else [column.key])
            _put(into, path, _value(shown, grid[r][c], counts[r][c]))
    totals = shown.previous_totals if previous else shown.totals
    if table.total_key is not None and totals is not None and single:
        true_total = sum(line[0] for line in counts)
        _put(into, table.total_key.split("."), _value(shown, totals[0], true_total))


def _value(shown: Published, cell: int | None, count: int) -> Value:
    if cell is not None:
        return cell
    below = shown.below
    return shown.hidden_text() if below is not None and 0 < count < below else "hidden"


def _put(into: dict[str, Any], path: list[str], value: Value) -> None:
    for key in path[:-1]:
        into = into.setdefault(key, {})
        if not isinstance(into, dict):
            raise ValueError(f"{'.'.join(path)}: a figure and a table share a key")
    into[path[-1]] = value
