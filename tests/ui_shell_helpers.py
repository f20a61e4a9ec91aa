"""Helpers for the desktop-shell tests: open a main window on a file, answer dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.store import open_db

ANCHOR = dt.date(2026, 11, 22)


class Dialogs:
    """Records every QMessageBox shown and answers questions with ``answer``."""

    def __init__(self, monkeypatch, answer=QMessageBox.Yes):
        self.shown: list[tuple[str, str, str]] = []
        self.answer = answer
        for kind in ("warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, kind, self._record(kind))
        monkeypatch.setattr(QMessageBox, "question", self._question)

    def _record(self, kind):
        def show(parent, title, text, *args, **kwargs):
            self.shown.append((kind, title, text))
            return QMessageBox.Ok
        return staticmethod(show)

    def _question(self, parent, title, text, *args, **kwargs):
        self.shown.append(("question", title, text))
        return self.answer

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, _title, t in self.shown if kind is None or k == kind]


def open_window(qtbot, path, as_of=ANCHOR, settings: Settings | None = None, show=True):
    from ui import style
    from ui.main_window import MainWindow
    style.apply(QApplication.instance())
    db = open_db(path, create=True)
    window = MainWindow(db, path, settings or Settings(), as_of)
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


def wait_dashboard(qtbot, page, as_of=None, timeout=10_000):
    qtbot.waitUntil(lambda: page.current is not None
                    and (as_of is None or page.current.as_of == as_of)
                    and not page._timer.isActive(), timeout=timeout)
    return page.current


def type_text(widget, text: str) -> None:
    """Type any text (Vietnamese too) through key events; qtbot.keyClicks aborts on non-ASCII."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QKeyEvent.KeyPress, 0, Qt.NoModifier, ch))
        QApplication.sendEvent(widget, QKeyEvent(QKeyEvent.KeyRelease, 0, Qt.NoModifier, ch))
