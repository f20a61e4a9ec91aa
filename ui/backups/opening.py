"""Opening a commune file in the window: the file is held (``<file>.lock``) while shown.

A second window on the same file is refused with a message naming who has it open; a
locked file or a full disk is named as such, never as damaged; a damaged file or a stale
``-wal`` names the latest backup and how to restore it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from PySide6.QtWidgets import QMessageBox, QWidget

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.store import filelock, open_db
from bhyt_desktop.store.connection import explain


def open_held(parent: QWidget | None, path: Path, *, create: bool = False) -> sqlite_utils.Database | None:
    """The file opened and held by this window, or None after telling the user why not."""
    try:
        filelock.acquire(path)
    except UserError as exc:
        QMessageBox.warning(parent, _("Không mở được tệp"), str(exc))
        return None
    try:
        db = open_db(path, create=create)
        get_commune(db)
        return db
    except (UserError, sqlite3.DatabaseError, OSError) as exc:
        filelock.release(path)
        QMessageBox.warning(parent, _("Không mở được tệp"), explain(path, exc))
        return None
