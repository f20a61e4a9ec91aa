"""Start the desktop application."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from bhyt_desktop.common import i18n
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.preferences.user import Settings, default_db_path
from bhyt_desktop.store import open_db

from . import crash, qt_language, style


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BHYT Desktop")
    app.setOrganizationName("BHYT Desktop")
    style.apply(app)
    qt_language.apply(app, i18n.language())
    return app


def _open(path: Path) -> object:
    """open_db with a plain message for the user (None when it cannot be opened)."""
    try:
        return open_db(path, create=True)
    except UserError as exc:
        QMessageBox.critical(None, "BHYT Desktop", str(exc))
    except sqlite3.DatabaseError as exc:
        QMessageBox.critical(None, "BHYT Desktop", _(
            "Tệp {path} bị hỏng hoặc không phải tệp dữ liệu của BHYT Desktop ({error}).\n"
            "Hãy mở bản sao lưu gần nhất.").format(path=path.name, error=exc))
    return None


def run(db_path: str | None = None) -> int:
    settings = Settings.load()
    i18n.set_language(settings.language)
    app = make_app()
    crash.install()
    if db_path:
        path = Path(db_path)
    elif settings.last_db and Path(settings.last_db).exists():
        path = Path(settings.last_db)
    else:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    db = _open(path)
    if db is None:
        if path == default_db_path():
            return 1
        path = default_db_path()          # the last file is damaged or gone: start on the default
        path.parent.mkdir(parents=True, exist_ok=True)
        db = _open(path)
        if db is None:
            return 1
    from .main_window import MainWindow
    window = MainWindow(db, path, settings)
    window.show()
    window.offer_first_run()
    return app.exec()
