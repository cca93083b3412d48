"""The annual report assembled and written as JSON (issue 15) on the hand-built year of
`street_year` (2026 beside 2025): the stable keys, small counts hidden, and a reader who may
not read a kind of record. Each expected number is counted by hand from street_year's
docstring."""

from __future__ import annotations

from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.staff.vocabulary import Role
from clinic.statistics.annual import (
    ReportChoice,
    annual_report,
    note_report_made,
    publish_report,
)
from clinic.statistics.report_json import report_json
from clinic.statistics.tables import Period
from db.models.audit import AuditEvent


def _json(database, clock, actor, suppress_below: int | None) -> dict:
    choice = ReportChoice(Period.year(2026), "it", suppress_below=suppress_below)
    with database.read() as session:
        report = annual_report(session, actor, clock, choice)
    return report_json(report, publish_report(report))


def test_every_figure_has_its_stable_key(database, clock, actors, year_ids):
    made = _json(database, clock, actors[Role.ADMIN], None)
    assert made["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
    assert made["previous_period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert made["small_counts_hidden_below"] is None
    # Ten persons in 2026 (A B C D F H I J K M), six new (B H I J K M); 2025: A, C, D.
    assert (made["persons"]["distinct"], made["persons"]["new"]) == (10, 6)
    assert made["previous"]["persons"]["distinct"] == 3
    # Women A B H M; Italy C D M.
    assert made["persons"]["by_gender"]["woman"] == 4
    assert made["persons"]["by_country"]["IT"] == 3
    # C's and J's visits in January; A's of 1 March 2025 a year before.
    assert made["visits"]["total"] == 2
    assert made["visits"]["by_month"]["1"] == 2
    assert made["previous"]["visits"]["by_month"]["3"] == 1
    # Two street outings, seven persons met (G erased); the group: 12 + H and K.
    assert made["outreach"]["outings"] == 2
    assert made["outreach"]["persons"] == 7
    assert made["groups"]["participants"] == 14
    # M's condoms at the desk (street_year hands out one distribution without items).
    assert "material" in made


def test_small_counts_are_hidden_and_their_complements_said_apart(
    database, clock, actors, year_ids
):
    made = _json(database, clock, actors[Role.ADMIN], 5)
    assert made["small_counts_hidden_below"] == 5
    persons = made["persons"]
    # 10 persons: shown. 4 returning is small; the 6 new beside it would give it back.
    assert persons["distinct"] == 10
    assert persons["returning"] == "<5"
    assert persons["new"] == "hidden"
    # Four women: small. No published number anywhere is between 1 and 4.
    assert persons["by_gender"]["woman"] == "<5"
    assert not [v for v in _numbers(made) if 0 < v < 5]


def test_a_reader_who_may_not_read_street_sessions_never_gets_their_small_counts(
    database, clock, actors, year_ids
):
    # A psychologist does not read street sessions: even with nothing hidden by choice, the
    # two outings are "<5"; her own kinds of record stay as chosen.
    made = _json(database, clock, actors[Role.PSYCHOLOGIST], None)
    assert made["outreach"]["outings"] == "<5"
    assert made["persons"]["by_gender"]["woman"] == 4


def test_showing_small_counts_is_on_the_record(database, clock, actors, year_ids):
    admin = actors[Role.ADMIN]
    with writing(database, clock) as session:
        note_report_made(session, admin, clock, ReportChoice(Period.year(2026), "it", None))
        note_report_made(session, admin, clock, ReportChoice(Period.year(2026), "it", 5))
    with database.read() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.fields).where(AuditEvent.action == "report.made")
        ).all()
    assert [tuple(r) for r in rows] == [
        ("report.made", "small_counts_shown"),
        ("report.made", None),
    ]


def _numbers(tree: object) -> list[int]:
    if isinstance(tree, dict):
        return [n for value in tree.values() for n in _numbers(value)]
    return [tree] if isinstance(tree, int) and not isinstance(tree, bool) else []
