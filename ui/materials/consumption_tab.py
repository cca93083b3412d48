"""Monthly consumption (issue 13): what went out of the stock in each month of a year, per item
and place, as a table with a simple chart of the months' totals; exported as CSV or XLSX
(Ctrl+Shift+C, Ctrl+Shift+X). Read in the background; the annual report uses the same figures
(`clinic.materials.consumption`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.common.errors import ErrorCode, KnownError
from clinic.i18n.translator import Translator
from clinic.materials.catalogue import Place
from clinic.materials.consumption import (
    MONTHS,
    ConsumptionRow,
    consumption_csv,
    consumption_table,
    consumption_xlsx,
    header,
)
from ui.common import messages
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.common.table_view import row_table
from ui.context import DeskContext
from ui.operations import run_read


class MonthsChart(QWidget):
    """Twelve bars, one a month, as tall as what went out that month; the numbers are in the
    table and in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.totals: tuple[int, ...] = (0,) * MONTHS
        self.months: tuple[str, ...] = tuple(str(m + 1) for m in range(MONTHS))
        self.setMinimumHeight(110)

    def show_totals(
        self, totals: Sequence[int], labels: Sequence[str], months: Sequence[str]
    ) -> None:
        """`labels` name the months in the tooltip, `months` under the bars."""
        self.totals, self.months = tuple(totals), tuple(months)
        self.setToolTip("\n".join(f"{label}: {n}" for label, n in zip(labels, totals, strict=True)))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_height = self.fontMetrics().height()
        width = self.width() / MONTHS
        top = max(self.totals) or 1
        usable = self.height() - text_height - 4
        colour = self.palette().highlight().color()
        for index, total in enumerate(self.totals):
            height = usable * total / top
            bar = QRectF(index * width + 4, usable - height, width - 8, height)
            painter.fillRect(bar, colour)
            label = QRectF(index * width, usable + 2, width, text_height)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, self.months[index])
        painter.end()


def _month_column(t: Translator, month: int) -> Column[ConsumptionRow]:
    """A month's column: its short name as header, blank when nothing went out."""
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def text(row: ConsumptionRow) -> str:
        return t.number(row.months[month]) if row.months[month] else ""

    def key(row: ConsumptionRow) -> int:
        return row.months[month]

    return Column(lambda: t.month_abbreviations[month], text, sort_key=key, align=right, width=4)


class ConsumptionTab(QWidget):
    def __init__(self, ctx: DeskContext, places: Sequence[Place]) -> None:
        super().__init__()
        self._ctx = ctx
        t = ctx.t
        _ = t.gettext
        self.year = QSpinBox()
        self.year.setRange(2000, ctx.clock.today().year)
        self.year.setValue(ctx.clock.today().year)
        self.place = QComboBox()
        self.set_places(places)
        self.model: RowTableModel[ConsumptionRow] = RowTableModel(self._columns())
        self.view, self.proxy = row_table(self.model, "consumption")
        self.chart = MonthsChart()
        self.summary = QLabel()
        filters = QHBoxLayout()
        for text, field in ((_("&Year:"), self.year), (_("Pla&ce:"), self.place)):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for text, keys, slot in (
            (_("Export as CS&V..."), "Ctrl+Shift+C", self.export_csv),
            (_("Export as &XLSX..."), "Ctrl+Shift+X", self.export_xlsx),
        ):
            button = QPushButton(f"{text}  ({key_text(keys)})")
            button.clicked.connect(lambda _c=False, s=slot: s())
            shortcut(keys, self, slot, text)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.chart)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.place.currentIndexChanged.connect(lambda _i: self.reload())

    def set_places(self, places: Sequence[Place]) -> None:
        """The places in use as just read (one added or retired in the Catalogue), the one
        chosen kept; the table is read again when the tab is shown."""
        t, chosen = self._ctx.t, self.place.currentData()
        self.place.blockSignals(True)
        self.place.clear()
        self.place.addItem(t.gettext("All places"), None)
        for place in places:
            self.place.addItem(place.name(t), place.id)
        self.place.setCurrentIndex(max(self.place.findData(chosen), 0))
        self.place.blockSignals(False)

    def _columns(self) -> list[Column[ConsumptionRow]]:
        t = self._ctx.t
        _ = t.gettext
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        columns: list[Column[ConsumptionRow]] = [
            Column(lambda: _("Item"), lambda r: r.item, width=18, stretch=True),
            Column(lambda: _("Place"), lambda r: r.place, width=12),
        ]
        columns += [_month_column(t, month) for month in range(MONTHS)]
        columns.append(
            Column(
                lambda: _("Total"),
                lambda r: t.number(r.total),
                sort_key=lambda r: r.total,
                align=right,
                width=7,
            )
        )
        return columns

    def reload(self) -> None:
        ctx, year, place = self._ctx, self.year.value(), self.place.currentData()
        run_read(
            ctx,
            self,
            lambda s: consumption_table(s, ctx.actor, ctx.clock, year, ctx.t, place),
            lambda rows: self._show(year, rows),
        )

    def _show(self, year: int, rows: list[ConsumptionRow]) -> None:
        t = self._ctx.t
        self.model.set_rows(rows)
        totals = [sum(row.months[m] for row in rows) for m in range(MONTHS)]
        self.chart.show_totals(totals, header(year, t)[2 : 2 + MONTHS], t.month_abbreviations)
        self.summary.setText(
            t.format(
                t.gettext("{n} handed out or given in {year}"), n=t.number(sum(totals)), year=year
            )
        )

    def export_csv(self) -> None:
        def text(session: Session, year: int, place: int | None) -> bytes:
            ctx = self._ctx
            csv = consumption_csv(session, ctx.actor, ctx.clock, year, ctx.t, place)
            return csv.encode("utf-8-sig")  # Excel reads UTF-8 with its mark

        self._export("csv", "CSV (*.csv)", text)

    def export_xlsx(self) -> None:
        def book(session: Session, year: int, place: int | None) -> bytes:
            ctx = self._ctx
            return consumption_xlsx(session, ctx.actor, ctx.clock, year, ctx.t, place)

        self._export("xlsx", "Excel (*.xlsx)", book)

    def _export(
        self, suffix: str, kinds: str, make: Callable[[Session, int, int | None], bytes]
    ) -> None:
        t = self._ctx.t
        year, place = self.year.value(), self.place.currentData()
        name, _filter = QFileDialog.getSaveFileName(
            self, t.gettext("Export the consumption"), f"soglia-consumption-{year}.{suffix}", kinds
        )
        if name:
            self.export_to(Path(name), make, year, place)

    def export_to(
        self,
        path: Path,
        make: Callable[[Session, int, int | None], bytes],
        year: int,
        place: int | None,
    ) -> None:
        """Write the file in the background; a folder that cannot be written is said so."""

        def work(session: Session) -> Path:
            data = make(session, year, place)
            try:
                path.write_bytes(data)
            except OSError:
                raise KnownError(ErrorCode.EXPORT_FAILED) from None
            return path

        run_read(self._ctx, self, work, self._exported)

    def _exported(self, path: Path) -> None:
        t = self._ctx.t
        messages.show_info(self, t, t.format(t.gettext("Saved in {path}."), path=str(path)))
