"""The Help menu's user guide: docs/huong-dan.md shown in the program, printable to PDF.

The guide is Vietnamese Markdown with screenshots made by tools/screenshots.py
(docs/screenshots/*.png), so the pictures stay current with the program.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPageSize, QTextDocument
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


def guide_document(path: Path = GUIDE) -> QTextDocument:
    """The guide as a QTextDocument whose images resolve from the docs folder."""
    doc = QTextDocument()
    doc.setBaseUrl(path.parent.as_uri() + "/")
    doc.setMarkdown(path.read_text(encoding="utf-8"))
    return doc


def write_guide_pdf(target: Path, path: Path = GUIDE) -> Path:
    """Print the guide to an A4 PDF (Qt's own PDF writer: no printer needed)."""
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(target))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait,
                                      printer.pageLayout().margins()))
    guide_document(path).print_(printer)
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
        self.browser.setSource(path.as_uri())
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
