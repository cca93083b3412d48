"""Printing a PDF laid out by `reports`, through the system's print dialog.

Printing draws the PDF's own pages on the printer (rendered by PDFium at the printer's
resolution), so what is printed is exactly what would be saved: the vaccination card and the
recovery key alike.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


def send_to_printer(parent: QWidget, title: str, pdf: bytes) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    paint_pdf(printer, pdf)
    return True


def paint_pdf(printer: QPrinter, pdf: bytes) -> None:
    """Each page of `pdf`, rendered at the printer's resolution, fitted to its page."""
    import pypdfium2  # only when printing: PDFium is a large library

    document = pypdfium2.PdfDocument(pdf)
    painter = QPainter(printer)
    try:
        for number in range(len(document)):
            if number:
                printer.newPage()
            # 300 dpi is sharp on paper; a 1200-dpi bitmap would take over a gigabyte.
            scale = min(printer.resolution(), 300) / 72
            bitmap = document[number].render(scale=scale, rev_byteorder=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888
                if bitmap.n_channels == 4
                else QImage.Format.Format_RGB888,
            )
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), size), image)
    finally:
        painter.end()
        document.close()
