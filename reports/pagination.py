"""Page numbers a long report only knows once it is laid out: "n / N" and its contents' numbers.

ReportLab's own way (a table of contents and `multiBuild`) lays the whole report out twice or
more, and the report must cost about what a plain document of the same pages costs. Here it is
laid out once: each page is kept, not written, when it ends (`DeferredCanvas`); flowables note
on which page each section starts and where the contents page leaves room for its number
(`Pagination`); and when the last page is done, every page is finished with what is known by
then (the footer's "n / N", the contents' page numbers, the PDF's outline) and written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

Finish = Callable[[Canvas, int, int], None]  # (canvas, page number, page count)


@dataclass(frozen=True)
class Slot:
    """Where the contents page prints the page a section starts on: the right end of its line."""

    section: str
    x: float
    y: float


@dataclass
class Pagination:
    """What the layout learns about pages: where each section starts (`starts`, section key to
    page number) and where each page has a section's number to print (`slots`)."""

    starts: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # for the PDF's outline
    slots: dict[int, list[Slot]] = field(default_factory=dict)

    def sections_on(self, page: int) -> list[str]:
        return [key for key, start in self.starts.items() if start == page]


class DeferredCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
    """A canvas that keeps every page until the document is saved, then has `finish` draw on
    each what could not be known earlier, and writes it."""

    def __init__(self, *args: Any, finish: Finish, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._finish = finish
        self._kept: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._kept.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._kept)
        for number, state in enumerate(self._kept, start=1):
            self.__dict__.update(state)
            self._finish(self, number, count)
            super().showPage()
        self._kept.clear()
        super().save()


class SectionStart(Flowable):  # type: ignore[misc]
    """Takes no room: notes the page a section starts on, and calls `reached` as the layout
    gets there (the report's progress, and the moment to give up when cancelled)."""

    def __init__(
        self, key: str, title: str, pagination: Pagination, reached: Callable[[], None]
    ) -> None:
        super().__init__()
        self.key, self.title = key, title
        self.pagination, self.reached = pagination, reached
        self.width = self.height = 0

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.reached()
        self.pagination.starts[self.key] = self.canv.getPageNumber()
        self.pagination.titles[self.key] = self.title


class ContentsLine(Flowable):  # type: ignore[misc]
    """A section's title on the contents page, with room on the right for its page number."""

    def __init__(
        self, key: str, title: Paragraph, pagination: Pagination, number_width: float
    ) -> None:
        super().__init__()
        self.key, self.title, self.pagination = key, title, pagination
        self.number_width = number_width
        self._title_height = 0.0

    def wrap(self, width: float, _height: float) -> tuple[float, float]:
        self.width = width
        _w, self._title_height = self.title.wrap(width - self.number_width, 1_000_000)
        self.height = self._title_height + 6
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        # The last line's baseline, where the page number goes, in the page's coordinates.
        baseline = y + 6 + self.title.style.leading - self.title.style.fontSize
        slot = Slot(self.key, x + self.width, baseline)
        self.pagination.slots.setdefault(canvas.getPageNumber(), []).append(slot)
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        self.title.drawOn(self.canv, 0, 6)
        self.canv.saveState()
        self.canv.setStrokeColorRGB(0.8, 0.8, 0.8)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 2, self.width, 2)
        self.canv.restoreState()
