"""The Help menu's user guide: docs/huong-dan.md shown in the program, printable to PDF.

The guide is Vietnamese Markdown with screenshots made by tools/screenshots.py
(docs/screenshots/*.png), so the pictures stay current with the program.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from bhyt_desktop.common.i18n import _

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDE = DOCS / "huong-dan.md"


IMAGE_WIDTH = 640        # screenshots are 1366 px wide: shown at this width
PRINT_IMAGE_WIDTH = 440  # in points, within an A4 page's text width


def guide_html(path: Path = GUIDE, image_width: int = IMAGE_WIDTH) -> str:
    """The guide's Markdown as HTML, each picture scaled to ``image_width`` pixels."""
    doc = QTextDocument()
    doc.setMarkdown(path.read_text(encoding="utf-8"))
    folder = path.parent.as_posix()
    return re.sub(r'<img src="(?!/)([^"]+)"', lambda m: f'<img width="{image_width}" src="{folder}/{m[1]}"',
                  doc.toHtml())


def guide_document(path: Path = GUIDE, image_width: int = IMAGE_WIDTH) -> QTextDocument:
    """The guide as a QTextDocument carrying its images."""
    doc = QTextDocument()
    html = guide_html(path, image_width)
    for src in set(re.findall(r'<img[^>]* src="([^"]+)"', html)):   # printing loads no files itself
        doc.addResource(QTextDocument.ImageResource, QUrl(src), QImage(src))
    doc.setHtml(html)
    return doc


def write_guide_pdf(target: Path, path: Path = GUIDE) -> Path:
    """Print the guide to an A4 PDF (Qt's own PDF writer: no printer needed)."""
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(target))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait,
                                      printer.pageLayout().margins()))
    doc = guide_document(path, PRINT_IMAGE_WIDTH)
    # A paginated document is printed as is (an unpaginated one is cloned without its images).
    doc.setPageSize(printer.pageRect(QPrinter.Point).size())
    doc.print_(printer)
    return target


class GuideDialog(QDialog):
    def __init__(self, parent=None, path: Path = GUIDE):
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(_("Hướng dẫn sử dụng"))
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(objectName="guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setHtml(guide_html(path))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.pdf_btn = QPushButton(_("Lưu thành PDF để in…"))
        buttons.addButton(self.pdf_btn, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_btn.clicked.connect(self.save_pdf)
        layout.addWidget(buttons)

    def save_pdf(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Lưu hướng dẫn thành PDF"),
                                                    "huong-dan-bhyt-desktop.pdf", _("Tệp PDF (*.pdf)"))
        if not name:
            return
        try:
            write_guide_pdf(Path(name), self.path)
        except OSError as exc:
            QMessageBox.warning(self, _("Lưu hướng dẫn thành PDF"), str(exc))


def add_help_actions(window, menu) -> None:
    """«Hướng dẫn sử dụng» (F1) and «Thiết lập ban đầu…» at the top of the Help menu."""
    guide = QAction(_("&Hướng dẫn sử dụng"), window, shortcut=QKeySequence.HelpContents)
    guide.triggered.connect(lambda: GuideDialog(window).exec())
    menu.addAction(guide)
    setup = QAction(_("Thiết lập ban đầu…"), window)
    setup.triggered.connect(lambda: window.offer_first_run(always=True))
    menu.addAction(setup)
    menu.addSeparator()
