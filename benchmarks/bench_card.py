"""How long the first vaccination card of a session takes, beside its floor: prints numbers.

    python benchmarks/bench_card.py [--runs 5]

Each figure is the median of `--runs` fresh processes, so no cache of a process helps:

- import: `import reports.vaccination_card` in a process that already holds the clinic modules
  it is handed data from (as the desk does when a nurse opens the vaccinations), beside the
  floor of importing the ReportLab modules the card draws with;
- first card, cache warm: the first `render_vaccination_card` of a process whose user cache
  already holds the static faces (a previous session made them);
- first card, cache empty: the first card ever printed by this user (the faces are made);
- second card: the next card in the same process;
- floor: ReportLab drawing the same card, with the same layout, from static TTFs already on
  disk and registered before the clock starts (what no font handling can beat).

The user cache is a temporary folder (XDG_CACHE_HOME), emptied for the "cache empty" runs.

Measured on 2 cores shared with other work (load average 6-7, so every figure is noisy), before
the cache (the bold face cut at each session's first card, fontTools imported with the module):
import 621 ms (ReportLab 197 ms, 3.2×); first card 3.4 s against a floor of 113 ms, an
earlier run 4.0 s against 36 ms (issue 11, quieter: 0.93 s against 14 ms). After: import
213 ms (ReportLab 179 ms, 1.2×); first card with the cache warm 80 ms against 24 ms (3.4×);
second card 31 ms; first card ever, cutting both faces, 6.1 s. In the quietest runs,
registering both kept faces took 14 ms, the version look-up 1.3 ms of it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What a desk working in Italian holds before the card module is imported: not the card's cost.
_DESK_MODULES = (
    "import clinic.vaccinations.card, clinic.vaccinations.words\n"
    "from clinic.i18n.translator import translator\n"
    "translator('it').short_date(__import__('datetime').date(2026, 1, 1))\n"
)
_CARD = """
import datetime as dt, time
from clinic.vaccinations.card import CardDose, CardGroup, VaccinationCard
from clinic.vaccinations.vocabulary import ForecastStatus
day = dt.date(2026, 3, 10)
CARD = VaccinationCard(
    clinic_name="Ambulatorio Soglia — Ștefan, İğdır, Жанна, Ελένη",
    code="OSIAR230519852",
    language="it",
    printed_on=day,
    doses=tuple(
        CardDose(day - dt.timedelta(days=40 * n), "Engerix-B 20", "HepB", n % 3 + 1,
                 f"AHBVC{n:03d}", valid=n != 4)
        for n in range(8)
    ),
    groups=(
        CardGroup("HepB", ForecastStatus.NOT_COMPLETE, 3, day, day + dt.timedelta(days=30),
                  day + dt.timedelta(days=90)),
        CardGroup("HPV", ForecastStatus.AGED_OUT, None, None, None, None),
        CardGroup("Mpox", ForecastStatus.COMPLETE, None, None, None, None),
    ),
)
"""
_IMPORT = (
    _DESK_MODULES
    + "import time\nstart = time.perf_counter()\nimport reports.vaccination_card\n"
    + "print(time.perf_counter() - start)\n"
)
_IMPORT_FLOOR = (
    _DESK_MODULES
    + "import time\nstart = time.perf_counter()\n"
    + "import reportlab.platypus, reportlab.pdfgen.canvas, reportlab.pdfbase.ttfonts\n"
    + "import reportlab.lib.styles\n"
    + "print(time.perf_counter() - start)\n"
)
_CARDS = (
    _DESK_MODULES
    + _CARD
    + """
from reports.vaccination_card import render_vaccination_card
start = time.perf_counter()
render_vaccination_card(CARD)
middle = time.perf_counter()
render_vaccination_card(CARD)
print(middle - start, time.perf_counter() - middle)
"""
)
# The floor registers the static faces itself, off the clock, under the card's own font names.
_FLOOR = (
    _DESK_MODULES
    + _CARD
    + """
import sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
import reports.vaccination_card as card
from reports.typeface import ReportFonts
pdfmetrics.registerFont(TTFont("Floor", sys.argv[1]))
pdfmetrics.registerFont(TTFont("Floor-Bold", sys.argv[2]))
pdfmetrics.registerFontFamily("Floor", normal="Floor", bold="Floor-Bold", italic="Floor",
                              boldItalic="Floor-Bold")
card.report_fonts = lambda: ReportFonts(regular="Floor", bold="Floor-Bold")
start = time.perf_counter()
card.render_vaccination_card(CARD)
print(time.perf_counter() - start)
"""
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="soglia-bench-card-") as scratch:
        folder = Path(scratch)
        faces = _static_faces(folder / "faces")
        cache = folder / "cache"
        _report(runs, faces, cache)
    return 0


def _report(runs: int, faces: tuple[Path, Path], cache: Path) -> None:
    print(f"Soglia card benchmark: median of {runs} fresh processes each")
    floor_import = _median(runs, _IMPORT_FLOOR, cache)
    floor = _median(runs, _FLOOR, cache, *map(str, faces))
    _line("import of reports.vaccination_card", _median(runs, _IMPORT, cache), floor_import)
    cold = [_cards(cache, empty=True) for _ in range(max(1, runs // 2))]
    warm = [_cards(cache, empty=False) for _ in range(runs)]
    _line("first card, cache empty (first ever)", _middle(cold, 0), floor)
    _line("first card, cache warm", _middle(warm, 0), floor)
    _line("second card", _middle(warm, 1), floor)
    print(f"  floors: import of ReportLab {floor_import * 1000:.1f} ms; ReportLab drawing the card")
    print(f"  from static TTFs on disk, already registered, {floor * 1000:.1f} ms")


def _cards(cache: Path, empty: bool) -> list[float]:
    if empty:
        shutil.rmtree(cache, ignore_errors=True)
    return _run(_CARDS, cache)


def _median(runs: int, script: str, cache: Path, *args: str) -> float:
    return statistics.median(_run(script, cache, *args)[0] for _ in range(runs))


def _middle(samples: list[list[float]], index: int) -> float:
    return statistics.median(sample[index] for sample in samples)


def _run(script: str, cache: Path, *args: str) -> list[float]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(value) for value in done.stdout.split()]


def _line(what: str, seconds: float, floor: float) -> None:
    print(
        f"{what:<40} {seconds * 1000:8.1f} ms   floor {floor * 1000:7.1f} ms"
        f"   {seconds / floor:5.1f}×"
    )


def _static_faces(folder: Path) -> tuple[Path, Path]:
    """Noto Sans Regular and Bold as static TTFs, cut once here for the floor."""
    import fontpkg
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    folder.mkdir(parents=True)
    made = []
    for weight, style in ((400, "Regular"), (700, "Bold")):
        font = TTFont(str(fontpkg.path("Noto Sans", weight=weight)))
        for unused in ("GSUB", "GPOS", "GDEF", "STAT"):  # ReportLab reads none of them
            del font[unused]
        instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100}, inplace=True)
        path = folder / f"NotoSans-{style}.ttf"
        font.save(str(path))
        made.append(path)
    return made[0], made[1]


if __name__ == "__main__":
    sys.exit(main())
