"""What every page shares: the open commune file, settings, and the "as of" date.

Pages take an ``AppContext`` and listen to its signals:
- ``as_of_changed(date)``: the user picked another "as of" date (default today);
- ``data_changed(topics)``: something was saved; ``topics`` (a frozenset of
  bhyt_desktop.common.touched names) says what. A page listens through
  ``ctx.on_change(page, topics, reload)``: ``reload()`` runs only when a write touched one
  of the page's topics. A write announces itself with ``ctx.notify_changed(*topics)``
  (work on a worker: ``run_operation(..., changes=...)`` does it).
Pages never keep business rules: they call bhyt_desktop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal, Slot

from bhyt_desktop.common import clock, touched
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.store import open_db
from bhyt_desktop.store.audit import attach_operator


class AppContext(QObject):
    as_of_changed = Signal(object)
    data_changed = Signal(object)          # frozenset of touched topics

    def __init__(self, db: sqlite_utils.Database, path: Path, settings: Settings,
                 as_of: dt.date | None = None):
        super().__init__()
        self.db = db                  # GUI-thread connection; workers open their own
        self.path = Path(path)
        self.settings = settings
        self._as_of = as_of or clock.today()
        attach_operator(db, settings.operator)

    def connector(self) -> Callable[[], sqlite_utils.Database]:
        """How a worker opens its own connection to this file (the file and the operator
        are those of now, read on the GUI thread); the worker closes it when done."""
        path, operator = self.path, self.settings.operator

        def connect() -> sqlite_utils.Database:
            db = open_db(path)
            try:
                attach_operator(db, operator)   # audit-log lines carry the operator's name
            except BaseException:
                db.close()
                raise
            return db
        return connect

    def open_db(self) -> sqlite_utils.Database:
        """A new connection to the same file (close it when done); see :meth:`connector`."""
        return self.connector()()

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

    def notify_changed(self, *topics: str) -> None:
        """A write was saved: tell the pages concerned. At least one topic (ValueError)."""
        self.data_changed.emit(touched.topics(*topics))

    def on_change(self, owner: QObject, topics: Iterable[str],
                  slot: Callable[[], None]) -> QObject:
        """Call ``slot()`` after each write touching one of ``topics``, for as long as
        ``owner`` lives (the listener is its child, so it goes with it)."""
        return _Listener(self, owner, touched.topics(*topics), slot)


class _Listener(QObject):
    def __init__(self, ctx: AppContext, owner: QObject, topics: frozenset[str],
                 slot: Callable[[], None]):
        super().__init__(owner)
        self.topics, self.slot = topics, slot
        ctx.data_changed.connect(self.changed)

    @Slot(object)
    def changed(self, topics: frozenset[str]) -> None:
        if touched.concerns(topics, self.topics):
            self.slot()
