"""Pieces of a paper form drawn where ReportLab has none: a box to tick, a column's name
written upwards.

Forms filled in with a pen are printed in black and white and read back by someone typing
them in: boxes in full black lines, names whole in every language.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable


class TickBox(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """An empty square to tick."""

    def __init__(self, side: float) -> None:
        super().__init__()
        self.width = self.height = side

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.width, self.height)


class Upright(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A column's name written upwards in `size` points, whole: a name longer than `longest`
    is set smaller rather than cut, so that no language loses the end of a word."""

    def __init__(self, text: str, font: str, size: float, longest: float) -> None:
        super().__init__()
        self.text, self.font = text, font
        length = stringWidth(text, font, size)
        self.size = size if length <= longest else size * longest / length
        self.width = self.size * 1.2
        self.height = min(length, longest) + 1 * mm

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFont(self.font, self.size)
        self.canv.translate(self.width * 0.78, 0)  # the baseline, leaving room for descenders
        self.canv.rotate(90)
        self.canv.drawString(0, 0, self.text)
        self.canv.restoreState()
