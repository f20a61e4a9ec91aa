"""Opening a commune file in the window: the file is held (``<file>.lock``) while shown.

A second window on the same file is refused with a message naming who has it open; a
locked file or a full disk is named as such, never as damaged; a damaged file or a stale
``-wal`` names the latest backup and how to restore it, and offers to restore the latest
sound one there and then.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from PySide6.QtWidgets import QMessageBox, QWidget

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.store import backup as bk
from bhyt_desktop.store import filelock, open_db
from bhyt_desktop.store.connection import DamagedFileError, explain
from bhyt_desktop.store.sidecar import StaleWalError


def open_held(parent: QWidget | None, path: Path, *, create: bool = False) -> sqlite_utils.Database | None:
    """The file opened and held by this window, or None after telling the user why not."""
    # at start-up (no window yet) the message is critical: the program cannot go on with it
    tell = QMessageBox.warning if parent is not None else QMessageBox.critical
    try:
        filelock.acquire(path)
    except UserError as exc:
        tell(parent, _("Không mở được tệp"), str(exc))
        return None
    try:
        db = open_db(path, create=create)
        get_commune(db)
        return db
    except (UserError, sqlite3.DatabaseError, OSError) as exc:
        filelock.release(path)
        if isinstance(exc, (DamagedFileError, StaleWalError)) and offer_backup(parent, path, str(exc)):
            return open_held(parent, path, create=create)
        tell(parent, _("Không mở được tệp"), explain(path, exc))
        return None


def offer_backup(parent: QWidget | None, path: Path, why: str) -> bool:
    """A damaged file or a stale -wal: offer the latest sound backup. True once restored
    (the file as it was is kept in backups/, reason ``damaged``)."""
    good = bk.latest_good(path)
    if good is None:
        return False
    box = QMessageBox(QMessageBox.Warning, _("Không mở được tệp"), why, parent=parent)
    box.setInformativeText(_("Khôi phục bản sao lưu tốt gần nhất ({when}, {people} người)? Tệp hiện "
                             "tại được giữ lại trong thư mục backups.").format(
        when=good.made.strftime("%d/%m/%Y %H:%M"), people=good.people))
    restore = box.addButton(_("Khôi phục bản sao lưu này"), QMessageBox.AcceptRole)
    box.addButton(_("Đóng"), QMessageBox.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        bk.restore(path, good.path)
    except UserError as exc:
        QMessageBox.warning(parent, _("Khôi phục"), str(exc))
        return False
    return True
