"""The one crash path: an uncaught exception is logged to a file and shown in a dialog
whose details can be copied (and sent to whoever supports the commune).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.crashlog import LOG_NAME, write_crash_log  # noqa: F401  (LOG_NAME re-exported)
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store.connection import plain_io_message

_showing = False


class CrashDialog(QDialog):
    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Lỗi không mong muốn"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        text = _("Chương trình gặp lỗi. Dữ liệu đã lưu không bị ảnh hưởng; phần đang sửa dở "
                 "có thể chưa được lưu.\nHãy bấm «Sao chép chi tiết» và gửi cho người hỗ trợ.")
        if log_path:
            text += "\n" + _("Chi tiết cũng đã được ghi vào: {path}").format(path=log_path)
        message = QLabel(text)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(_("Đóng"))
        copy = QPushButton(_("Sao chép chi tiết"))
        buttons.addButton(copy, QDialogButtonBox.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def handle_exception(kind, exc, tb) -> None:
    """``sys.excepthook``: log, then show the dialog (never two at once)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    plain = plain_io_message(exc)
    if plain and QApplication.instance() is not None:      # a locked file, a full disk: not a bug
        write_crash_log("".join(traceback.format_exception(kind, exc, tb)))
        QMessageBox.warning(QApplication.activeWindow(), "BHYT Desktop", plain)
        return
    report("".join(traceback.format_exception(kind, exc, tb)))


def report(details: str, parent: QWidget | None = None) -> None:
    """Log a bug's details and show them in the dialog with a copy button."""
    global _showing
    path = write_crash_log(details)
    sys.stderr.write(details)
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        CrashDialog(details, path, parent or QApplication.activeWindow()).exec()
    finally:
        _showing = False


def install() -> None:
    sys.excepthook = handle_exception
