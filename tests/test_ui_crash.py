"""The crash handler logs to a file and shows copyable details; the PySide workaround."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from bhyt_desktop.settings import log_dir
from ui import crash


def test_uncaught_exception_is_logged_and_shown(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda self: shown.append(self) or 0)
    try:
        raise ZeroDivisionError("chia cho không")
    except ZeroDivisionError:
        crash.handle_exception(*sys.exc_info())
    log = (log_dir() / crash.LOG_NAME).read_text(encoding="utf-8")
    assert "ZeroDivisionError: chia cho không" in log
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert "ZeroDivisionError" in dialog.details.toPlainText()
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Sao chép chi tiết")
    button.click()
    assert "chia cho không" in QGuiApplication.clipboard().text()


def test_install_sets_the_hook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    crash.install()
    assert sys.excepthook is crash.handle_exception


def test_none_true_false_cannot_be_freed_by_pyside():
    import ui._pyside_fix as fix
    if sys.version_info < (3, 12):
        assert fix.protect_none()
        for obj in (None, True, False):
            assert sys.getrefcount(obj) > fix._EXTRA // 2
