"""What every page shares: the open commune file, settings, and the "as of" date.

Pages take an ``AppContext`` and listen to its signals:
- ``as_of_changed(date)``: the user picked another "as of" date (default today);
- ``data_changed()``: something was saved (an edit, an import); refresh what you show.
Pages never keep business rules: they call bhyt_desktop.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal

from bhyt_desktop.common import clock
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.store import open_db
from bhyt_desktop.store.audit import attach_operator


class AppContext(QObject):
    as_of_changed = Signal(object)
    data_changed = Signal()

    def __init__(self, db: sqlite_utils.Database, path: Path, settings: Settings,
                 as_of: dt.date | None = None):
        super().__init__()
        self.db = db                  # GUI-thread connection; workers open their own
        self.path = Path(path)
        self.settings = settings
        self._as_of = as_of or clock.today()
        attach_operator(db, settings.operator)

    def open_db(self) -> sqlite_utils.Database:
        """A new connection to the same file, for a worker thread (close it when done).

        Audit-log lines written through it carry the operator's name.
        """
        db = open_db(self.path)
        attach_operator(db, self.settings.operator)
        return db

    def set_operator(self, name: str) -> None:
        self.settings.operator = name.strip()
        attach_operator(self.db, self.settings.operator)

    @property
    def as_of(self) -> dt.date:
        return self._as_of

    def set_as_of(self, value: dt.date) -> None:
        if value != self._as_of:
            self._as_of = value
            self.as_of_changed.emit(value)

    def notify_changed(self) -> None:
        self.data_changed.emit()
