"""A small activity report written by hand, published by hand, for the PDF's tests.

Three sections of 2025 beside 2024, with k = 5:
- persons: the headline figures (1,234 persons counted, 567 new; 1,100 and 600 in 2024) and
  persons by gender, a whole table: 1,000 women, 180 men, 3 trans women, no trans men and 51
  non-binary persons. The 3 is hidden (1..4) and the 51 with it, as the smallest other count,
  so that 1,234 − the visible cells does not give the 3 back; 2024 (900, 150, 6, 0, 44) hides
  nothing. A narrative with markup, Cyrillic and Arabic.
- contacts: visits by month (a line), August's 2 visits hidden and December's 310 with them;
  visits by weekday and hour (a heat map, Monday to Sunday by 9:00 to 18:00), where Sunday at
  9:00 (1 visit) and Sunday at 10:00 (2) are hidden.
- vaccinations: doses by vaccine and dose number (three columns) and material by item (bars,
  rows that overlap: no total), the 4 dental dams hidden.

Cells are hidden by naming them (`_publish`), as suppression would: the PDF must print what it
is given, and never look at a hidden cell's count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from clinic.statistics.tables import (
    Chart,
    Grid,
    Line,
    Period,
    Published,
    Report,
    Section,
    Shown,
    Table,
    breakdown,
)

K = 5
YEAR = Period.year(2025)
CLINIC = "Ambulatorio Soglia"
NARRATIVE = (
    "The drop-in moved in March. <script>alert(1)</script> and <b>not bold</b> stay as typed.\n"
    "Жанна Юрьевна led the street unit; عيادة الأمل sent us 12 persons.\n\n"
    "A second paragraph & more."
)
GENDERS = (
    Line("woman", "Woman"),
    Line("man", "Man"),
    Line("trans_woman", "Trans woman"),
    Line("trans_man", "Trans man"),
    Line("non_binary", "Non-binary"),
)
MONTHS = tuple(
    Line(str(n), name)
    for n, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
)
VISITS_2025 = (410, 395, 420, 388, 402, 376, 350, 2, 399, 415, 405, 310)
VISITS_2024 = (380, 370, 401, 390, 385, 360, 340, 120, 380, 400, 395, 300)
WEEKDAYS = tuple(
    Line(str(n), name)
    for n, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), start=1
    )
)
HOURS = tuple(Line(str(h), f"{h}") for h in range(9, 19))


def _heat(scale: int) -> Grid:
    """Busy late mornings and early evenings on weekdays, a quiet Sunday morning."""
    grid = []
    for day in range(7):
        row = []
        for hour in range(9, 19):
            base = 40 + 25 * (hour in (11, 12, 17, 18)) - 15 * (day == 5)
            row.append(base * scale // 10)
        grid.append(row)
    grid[6][:3] = [1, 2, 14]  # Sunday 9:00, 10:00, 11:00
    return tuple(tuple(row) for row in grid)


def tables() -> dict[str, tuple[Table, set[tuple[int, int]], set[tuple[int, int]]]]:
    """Every table with the cells hidden in the period and in the one before."""
    persons = breakdown(
        "persons",
        "Persons",
        "Registered persons with at least one contact of any kind in the period; new: their "
        "first contact ever falls in it.",
        (Line("distinct", "Persons counted"), Line("new", "New persons")),
        {"distinct": 1234, "new": 567},
        {"distinct": 1100, "new": 600},
    )
    by_gender = breakdown(
        "persons.by_gender",
        "Persons by gender",
        "Persons counted, by gender as recorded.",
        GENDERS,
        {"woman": 1000, "man": 180, "trans_woman": 3, "trans_man": 0, "non_binary": 51},
        {"woman": 900, "man": 150, "trans_woman": 6, "trans_man": 0, "non_binary": 44},
        whole=True,
        total_key="persons.distinct",
        chart=Chart.BARS,
    )
    by_month = breakdown(
        "visits.by_month",
        "Visits by month",
        "Check-ins at the drop-in, by the month of arrival.",
        MONTHS,
        {str(n): v for n, v in enumerate(VISITS_2025, start=1)},
        {str(n): v for n, v in enumerate(VISITS_2024, start=1)},
        whole=True,
        chart=Chart.LINE,
    )
    by_hour = Table(
        "visits.by_weekday_hour",
        "Visits by weekday and hour",
        "Check-ins at the drop-in, by weekday and hour of arrival.",
        WEEKDAYS,
        HOURS,
        _heat(10),
        _heat(9),
        chart=Chart.HEAT,
    )
    doses = Table(
        "vaccinations.doses",
        "Doses by vaccine and dose number",
        "Doses given here in the period, not entered in error, not refused.",
        (Line("HepB", "Hepatitis B"), Line("HPV", "HPV")),
        (Line("1", "Dose 1"), Line("2", "Dose 2"), Line("3", "Dose 3")),
        ((120, 95, 80), (40, 31, 22)),
        ((110, 90, 70), (35, 30, 20)),
    )
    material = breakdown(
        "material.by_item",
        "Material by item",
        "Units handed out in the period, by item.",
        (Line("condom", "Condom"), Line("lube", "Lubricant"), Line("dam", "Dental dam")),
        {"condom": 23456, "lube": 8120, "dam": 4},
        {"condom": 21000, "lube": 7900, "dam": 15},
        chart=Chart.BARS,
    )
    return {
        "persons": (persons, set(), set()),
        "persons.by_gender": (by_gender, {(2, 0), (4, 0)}, set()),
        "visits.by_month": (by_month, {(7, 0), (11, 0)}, set()),
        "visits.by_weekday_hour": (by_hour, {(6, 0), (6, 1)}, {(6, 0), (6, 1)}),
        "vaccinations.doses": (doses, set(), set()),
        "material.by_item": (material, {(2, 0)}, set()),
    }


def report(
    language: str = "en",
    *,
    period: Period = YEAR,
    suppress_below: int | None = K,
    narrative: str = NARRATIVE,
) -> Report:
    found = {key: table for key, (table, _now, _before) in tables().items()}
    sections = (
        Section("persons", "Persons", (found["persons"], found["persons.by_gender"]), narrative),
        Section(
            "contacts", "Contacts", (found["visits.by_month"], found["visits.by_weekday_hour"])
        ),
        Section(
            "vaccinations",
            "Vaccinations and material",
            (found["vaccinations.doses"], found["material.by_item"]),
        ),
    )
    return Report(
        clinic=CLINIC,
        language=language,
        period=period,
        previous=period.before(),
        sections=sections,
        suppress_below=suppress_below,
        made_at=dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC),
    )


def published(suppress_below: int | None = K) -> dict[str, Published]:
    """Each table as suppression would publish it; with suppression off, nothing hidden."""
    result = {}
    for key, (table, now, before) in tables().items():
        if suppress_below is None:
            now, before = set(), set()
        result[key] = _publish(table, now, before, suppress_below)
    return result


def _publish(
    table: Table,
    now: set[tuple[int, int]],
    before: set[tuple[int, int]],
    below: int | None,
) -> Published:
    previous = None if table.previous is None else _hide(table.previous, before)
    totals = _totals(table, table.current) if table.whole else None
    previous_totals = _totals(table, table.previous) if table.whole and table.previous else None
    return Published(table, _hide(table.current, now), previous, totals, previous_totals, below)


def _hide(grid: Grid, hidden: Iterable[tuple[int, int]]) -> Shown:
    cells = set(hidden)
    return tuple(
        tuple(None if (r, c) in cells else value for c, value in enumerate(row))
        for r, row in enumerate(grid)
    )


def _totals(table: Table, grid: Grid) -> tuple[int | None, ...]:
    return tuple(sum(row[c] for row in grid) for c in range(len(table.columns)))
