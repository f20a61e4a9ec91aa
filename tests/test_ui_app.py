"""Starting the application: the last file, a damaged last file, a newer file."""

from __future__ import annotations

import sqlite3
import sys

from PySide6.QtWidgets import QApplication

from bhyt_desktop.commune import details as cm
from bhyt_desktop.preferences.user import Settings, default_db_path
from bhyt_desktop.store import open_db
from tests.ui_shell_helpers import Dialogs
from ui import app as app_module


def _start(monkeypatch, db_path=None):
    windows = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)      # run() installs the crash hook
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    from ui import main_window
    real = main_window.MainWindow

    def capture(*args, **kwargs):
        w = real(*args, **kwargs)
        windows.append(w)
        return w
    monkeypatch.setattr(main_window, "MainWindow", capture)
    code = app_module.run(db_path)
    return code, windows


def test_run_opens_the_last_file(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "an-hoa.db"
    db = open_db(path, create=True)
    cm.set_commune(db, name="Xã An Hòa")
    db.close()
    s = Settings()
    s.remember_file(str(path))
    s.save()
    code, windows = _start(monkeypatch)
    assert code == 0 and windows[0].ctx.path == path
    assert "Xã An Hòa" in windows[0].windowTitle()
    for w in windows:
        qtbot.addWidget(w)


def test_damaged_last_file_says_so_and_opens_the_default(qtbot, tmp_path, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    bad = tmp_path / "hong.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    s = Settings()
    s.remember_file(str(bad))
    s.save()
    code, windows = _start(monkeypatch, str(bad))
    assert code == 0
    assert "không phải" in dialogs.texts("critical")[0]
    assert windows[0].ctx.path == default_db_path()
    for w in windows:
        qtbot.addWidget(w)


def test_newer_file_says_so(qtbot, tmp_path, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    newer = tmp_path / "newer.db"
    open_db(newer, create=True).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    code, windows = _start(monkeypatch, str(newer))
    assert "phiên bản mới hơn" in dialogs.texts("critical")[0]
    for w in windows:
        qtbot.addWidget(w)
