"""How long the activity report's PDF takes to build and how much memory, beside its floor.

    python benchmarks/bench_report_pdf.py [--runs 5] [--language it]

A synthetic report the size of a full one: 15 sections of 4 tables each (60 tables): headline
figures, a breakdown of 8 rows with bars, months with a line, and by turns a weekday by hour
heat map (7 × 24), a table of three columns or 20 countries with bars; counts drawn at random
(seeded), those from 1 to 4 hidden as suppression would. Printed, each the median of `--runs`
builds in this one process (fonts registered and Babel loaded by a first, untimed build),
the peak memory of one more build traced apart:

- the report: `annual_report_pdf` from published tables to bytes, its time and its peak memory
  (tracemalloc: Python's allocations, what the build adds to a process that holds the report);
- the floor the issue sets for the PDF: a bare ReportLab document of the same pages and
  tables (the same cells as plain strings, in the same fonts), without charts, its number
  formatting or its pagination; the report should cost at most twice as much;
- the same report without its charts, to tell what the charts cost from what the tables do.

Measured on 2 cores shared with other work (load 0.6-1.6), 52 pages, median of 5:

                                  time        peak (tracemalloc)
  before: ReportLab's shape checks on, a line per hatch stroke
    report                        2,945 ms    7.1 MiB       floor 209 ms (14×), noisy run
  after
    report                        858-991 ms  5.9 MiB       floor 117-144 ms (6.3-7.4×)
    the same without charts       484 ms      2.5 MiB
  (rl-accel, ReportLab's C helpers, tried in a side folder: no clear change at this noise)

So the charts are about half of the time, and the tables' wrapped labels (Paragraphs), the
rules and Babel's number formatting the rest over the floor's plain strings. It is far over
the issue's "2× the floor" for the PDF alone, though under a second and 6 MiB for a full report.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import random
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table  # noqa: E402

from clinic.i18n.translator import translator  # noqa: E402
from clinic.statistics.tables import (  # noqa: E402
    Chart,
    Line,
    Period,
    Published,
    Report,
    Section,
)
from clinic.statistics.tables import Table as Figures  # noqa: E402
from reports.annual_report import annual_report_pdf  # noqa: E402
from reports.typeface import report_fonts  # noqa: E402

K = 5
SECTIONS = 15


def synthetic(seed: int = 15) -> tuple[Report, dict[str, Published]]:
    """A report of 15 sections by 4 tables, and its tables as published (1..4 hidden)."""
    rng = random.Random(seed)
    sections = []
    for s in range(SECTIONS):
        tables = (
            _table(rng, f"s{s}.headline", _lines("figure", 3), _lines("count", 1), Chart.NONE),
            _table(rng, f"s{s}.by_kind", _lines("kind", 8), _lines("count", 1), Chart.BARS, True),
            _table(rng, f"s{s}.by_month", _lines("month", 12), _lines("count", 1), Chart.LINE),
            _fourth(rng, s),
        )
        sections.append(Section(f"s{s}", f"Section {s + 1}", tables, "A paragraph. " * 12))
    report = Report(
        clinic="Ambulatorio Soglia",
        language="it",
        period=Period.year(2025),
        previous=Period.year(2024),
        sections=tuple(sections),
        suppress_below=K,
        made_at=dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
    )
    published = {t.key: _publish(t) for section in sections for t in section.tables}
    return report, published


def _fourth(rng: random.Random, s: int) -> Figures:
    if s % 3 == 0:
        return _table(rng, f"s{s}.heat", _lines("day", 7), _lines("hour", 24), Chart.HEAT)
    if s % 3 == 1:
        return _table(rng, f"s{s}.doses", _lines("vaccine", 6), _lines("dose", 3), Chart.NONE)
    return _table(rng, f"s{s}.countries", _lines("country", 20), _lines("count", 1), Chart.BARS)


def _lines(name: str, count: int) -> tuple[Line, ...]:
    return tuple(Line(f"{name}{n}", f"{name.capitalize()} {n + 1}") for n in range(count))


def _table(
    rng: random.Random,
    key: str,
    rows: tuple[Line, ...],
    columns: tuple[Line, ...],
    chart: Chart,
    whole: bool = False,
) -> Figures:
    def grid() -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(_count(rng) for _ in columns) for _ in rows)

    definition = "What is counted, exactly, in one or two sentences of some length."
    return Figures(key, key, definition, rows, columns, grid(), grid(), whole, chart=chart)


def _count(rng: random.Random) -> int:
    return rng.choice((0, rng.randint(1, 4), rng.randint(5, 300), rng.randint(300, 20_000)))


def _publish(table: Figures) -> Published:
    def shown(grid: tuple[tuple[int, ...], ...]) -> tuple[tuple[int | None, ...], ...]:
        return tuple(tuple(None if 0 < v < K else v for v in row) for row in grid)

    assert table.previous is not None
    totals = tuple(sum(r[c] for r in table.current) for c in range(len(table.columns)))
    before = tuple(sum(r[c] for r in table.previous) for c in range(len(table.columns)))
    whole = table.whole
    return Published(
        table,
        shown(table.current),
        shown(table.previous),
        totals if whole else None,
        before if whole else None,
        K,
    )


def without_charts(
    report: Report, published: dict[str, Published]
) -> tuple[Report, dict[str, Published]]:
    """The same report with no chart: what its tables, pages and words cost alone."""
    sections = tuple(
        dataclasses.replace(
            s, tables=tuple(dataclasses.replace(t, chart=Chart.NONE) for t in s.tables)
        )
        for s in report.sections
    )
    tables = {t.key: t for s in sections for t in s.tables}
    bare = {key: dataclasses.replace(p, table=tables[key]) for key, p in published.items()}
    return dataclasses.replace(report, sections=sections), bare


def floor(report: Report, published: dict[str, Published], padding: int = 0) -> bytes:
    """A bare document of the same tables' cells as plain strings, and `padding` pages of a
    line at its end to make the report's page count."""
    fonts = report_fonts()
    title = ParagraphStyle("t", fontName=fonts.bold, fontSize=11, leading=14)
    story: list[object] = []
    for section in report.sections:
        story += [PageBreak(), Paragraph(section.title, title)]
        for table in section.tables:
            shown = published[table.key]
            story += [Paragraph(table.title, title), Paragraph(table.definition, title)]
            rows = [
                [r.label, *map(str, now), *map(str, before)]
                for r, now, before in zip(
                    table.rows, shown.current, shown.previous or (), strict=True
                )
            ]
            story.append(Table(rows, style=[("FONTNAME", (0, 0), (-1, -1), fonts.regular)]))
    story += [Paragraph("·", title), PageBreak()] * padding
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm).build(story)
    return out.getvalue()


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def measure(build: Callable[[], bytes], runs: int) -> tuple[float, float, bytes]:
    """The median time (s) of `runs` builds, the peak memory (MiB) of one more build traced
    apart (tracing slows a build several times over), and the last build."""
    times = []
    pdf = b""
    for _ in range(runs):
        start = time.perf_counter()
        pdf = build()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    build()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak, pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--language", default="it")
    arguments = parser.parse_args()
    report, published = synthetic()
    t = translator(arguments.language)
    annual_report_pdf(report, published, t)  # fonts, Babel and the catalogue: not the build
    seconds, peak, pdf = measure(lambda: annual_report_pdf(report, published, t), arguments.runs)
    pages = page_count(pdf)
    padding = pages - page_count(floor(report, published))
    while page_count(floor(report, published, padding)) < pages:  # a last break adds no page
        padding += 1
    bare, bare_published = without_charts(report, published)
    bare_seconds, bare_peak, _pdf = measure(
        lambda: annual_report_pdf(bare, bare_published, t), arguments.runs
    )
    floor_seconds, floor_peak, floor_pdf = measure(
        lambda: floor(report, published, padding), arguments.runs
    )
    tables = sum(len(section.tables) for section in report.sections)
    print(f"{SECTIONS} sections, {tables} tables, {pages} pages, median of {arguments.runs}")
    print(f"  report : {seconds * 1000:7.0f} ms  peak {peak:6.1f} MiB  {len(pdf) / 1024:6.0f} KiB")
    print(f"  without charts: {bare_seconds * 1000:5.0f} ms  peak {bare_peak:6.1f} MiB")
    print(
        f"  floor  : {floor_seconds * 1000:7.0f} ms  peak {floor_peak:6.1f} MiB"
        f"  {len(floor_pdf) / 1024:6.0f} KiB  ({page_count(floor_pdf)} pages)"
    )
    print(f"  ratio  : {seconds / floor_seconds:.2f}× the floor")


if __name__ == "__main__":
    main()
