"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from bhyt_desktop import __version__
from bhyt_desktop.common import i18n
from bhyt_desktop.preferences.user import Settings, default_db_path

from . import crash, qt_language, style


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BHYT Desktop")
    app.setOrganizationName("BHYT Desktop")
    app.setApplicationVersion(__version__)
    icon = Path(__file__).resolve().parents[1] / "resources" / "icons" / "bhyt-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style.apply(app)
    qt_language.apply(app, i18n.language())
    return app


def _open(path: Path) -> object:
    """The file opened and held by this window (None when it cannot be opened)."""
    from .backups.opening import open_held
    return open_held(None, path, create=True)


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
