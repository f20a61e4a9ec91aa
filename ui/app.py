"""Start the desktop application."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from bhyt_desktop import i18n
from bhyt_desktop.errors import UserError
from bhyt_desktop.settings import Settings, default_db_path
from bhyt_desktop.store import open_db


def _excepthook(kind, exc, tb) -> None:
    """One crash path: log to the file, show a dialog with copyable details."""
    from bhyt_desktop.cli import _log_crash

    from .operations import show_error
    details = "".join(traceback.format_exception(kind, exc, tb))
    try:
        raise exc
    except BaseException:
        _log_crash()
    show_error(QApplication.activeWindow(), exc, details)


def run(db_path: str | None = None) -> int:
    settings = Settings.load()
    i18n.set_language(settings.language)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BHYT Desktop")
    app.setOrganizationName("BHYT Desktop")
    sys.excepthook = _excepthook
    path = Path(db_path) if db_path else default_db_path()
    if not db_path:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = open_db(path, create=True)
    except UserError as exc:
        QMessageBox.critical(None, "BHYT Desktop", str(exc))
        return 1
    settings.remember_file(str(path))
    settings.save()
    from .main_window import MainWindow
    window = MainWindow(db, path, settings)
    window.show()
    return app.exec()
