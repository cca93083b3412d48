"""The next dose in words: what a nurse reads on the desk and a person reads on the card.

Every expected string is written by hand from the dates given (the CDSi dates of the
never-vaccinated adult from the reference's worked case 2022-0013: hepatitis B dose 1 may be
given from birth, past due four weeks later minus one day).
"""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.i18n.translator import translator
from clinic.vaccinations.status import GroupStatus, group_statuses
from clinic.vaccinations.vocabulary import ForecastStatus
from clinic.vaccinations.words import card_window_text, cdsi_dates_text, status_text, window_text

EN = translator("en")
TODAY = dt.date(2026, 3, 10)


def in_progress(
    earliest: dt.date, recommended: dt.date | None, past_due: dt.date | None, group: str = "HepB"
) -> GroupStatus:
    return GroupStatus(
        group,
        ForecastStatus.NOT_COMPLETE,
        dose_number=3,
        earliest=earliest,
        recommended=recommended,
        past_due=past_due,
        last_dose_on=dt.date(2025, 11, 3),
        doses_given=2,
    )


def test_an_adult_never_vaccinated_reads_due_now_with_no_date_from_their_childhood():
    statuses = group_statuses(dt.date(1991, 11, 3), "woman", [], TODAY, "cdsi")

    assert [status_text(EN, s, TODAY) for s in statuses] == [
        "Hepatitis B: not started — due now",
        "Hepatitis A: not started — due now",
        "HPV: not started — due now",
    ]
    hepatitis_b = statuses[0]
    assert cdsi_dates_text(EN, hepatitis_b) == (
        "As computed by CDSi: earliest 03/11/1991, recommended 03/11/1991, past due 30/11/1991"
    )


def test_a_series_not_started_whose_window_opens_later_gives_its_dates():
    status = GroupStatus(
        "HPV",
        ForecastStatus.NOT_COMPLETE,
        dose_number=1,
        earliest=dt.date(2027, 5, 5),
        recommended=dt.date(2029, 5, 5),
        past_due=dt.date(2031, 6, 1),
    )

    assert status_text(EN, status, TODAY) == (
        "HPV: not started — from 05/05/2027, best on 05/05/2029, late from 01/06/2031"
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (TODAY, "from 13/03/2026, best on 13/04/2026, late from 09/06/2026"),
        (dt.date(2026, 3, 13), "due now, best on 13/04/2026, late from 09/06/2026"),
        (dt.date(2026, 4, 13), "due now, late from 09/06/2026"),
        (dt.date(2026, 6, 8), "due now, late from 09/06/2026"),
        (dt.date(2026, 6, 9), "overdue since 09/06/2026"),
        (dt.date(2027, 1, 1), "overdue since 09/06/2026"),
    ],
)
def test_a_series_in_progress_reads_its_window_as_the_days_go_by(today, expected):
    status = in_progress(dt.date(2026, 3, 13), dt.date(2026, 4, 13), dt.date(2026, 6, 9))

    assert status_text(EN, status, today) == f"Hepatitis B: dose 3 next — {expected}"


@pytest.mark.parametrize(
    ("earliest", "recommended", "past_due", "expected"),
    [
        # Earliest, recommended and past due on one day (seen for HPV dose 3): said once.
        (dt.date(2026, 11, 3), dt.date(2026, 11, 3), dt.date(2026, 11, 3), "on 03/11/2026"),
        (dt.date(2026, 11, 3), dt.date(2026, 11, 3), None, "from 03/11/2026"),
        (
            dt.date(2026, 11, 3),
            dt.date(2026, 11, 3),
            dt.date(2027, 1, 4),
            "from 03/11/2026, late from 04/01/2027",
        ),
        (
            dt.date(2026, 11, 3),
            dt.date(2027, 1, 4),
            dt.date(2027, 1, 4),
            "from 03/11/2026, late from 04/01/2027",
        ),
    ],
)
def test_a_day_the_forecast_gives_twice_is_written_once(earliest, recommended, past_due, expected):
    assert window_text(EN, earliest, recommended, past_due, TODAY) == expected
    assert window_text(EN, earliest, recommended, past_due) == expected  # the same without today


def test_a_window_opening_today_is_due_now_and_does_not_repeat_today():
    assert window_text(EN, TODAY, TODAY, dt.date(2026, 4, 6), TODAY) == (
        "due now, late from 06/04/2026"
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (GroupStatus("HepB", ForecastStatus.COMPLETE, doses_given=3), "Hepatitis B: Complete"),
        (
            GroupStatus("HPV", ForecastStatus.AGED_OUT, doses_given=1),
            "HPV: No longer recommended at this age",
        ),
        (GroupStatus("HepA", ForecastStatus.NO_BIRTH_DATE), "Hepatitis A: Needs the birth year"),
    ],
)
def test_a_series_with_nothing_due_says_where_it_stands(status, expected):
    assert status_text(EN, status, TODAY) == expected
    assert cdsi_dates_text(EN, status) == ""


@pytest.mark.parametrize(
    ("printed_on", "expected"),
    [
        (TODAY, "from 13/03/2026, best on 13/04/2026, late from 09/06/2026"),
        (dt.date(2026, 3, 20), "due now, best on 13/04/2026, late from 09/06/2026"),
        # The card goes home: a late dose is asked for, not reproached with a date.
        (dt.date(2026, 6, 9), "as soon as possible"),
    ],
)
def test_the_card_gives_the_window_as_it_stands_when_printed(printed_on, expected):
    earliest, recommended, past_due = (
        dt.date(2026, 3, 13),
        dt.date(2026, 4, 13),
        dt.date(2026, 6, 9),
    )

    assert card_window_text(EN, earliest, recommended, past_due, printed_on) == expected


def test_the_words_are_translated():
    it = translator("it")
    status = in_progress(dt.date(2026, 11, 3), dt.date(2026, 11, 3), dt.date(2026, 11, 3))

    assert status_text(it, status, TODAY) == "Epatite B: prossima dose n. 3 — il 03/11/2026"
