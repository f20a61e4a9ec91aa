"""Opening a commune file: pragmas, version check, migrations with a backup first."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import sqlite_utils

from bhyt_desktop.common.errors import SchemaTooNewError, UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store.migrations import MIGRATIONS, SCHEMA_VERSION

APP_TABLES = {"commune", "villages", "people", "cards"}


def open_db(path: str | Path, *, create: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (and if asked, create) a commune file, bringing its schema up to date.

    Raises ``UserError`` with a message for the user when the file is missing, is not a
    BHYT Desktop file, or was written by a newer version of the program.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise UserError(_("Không tìm thấy tệp dữ liệu: {path}").format(path=path))
        if not path.parent.exists():
            raise UserError(_("Thư mục không tồn tại: {path}").format(path=path.parent))
    elif path.is_dir():
        raise UserError(_("Đây là một thư mục, không phải tệp dữ liệu: {path}").format(path=path))

    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        version = _read_version(conn)
        _check_ours(conn, version, path, create)
        _configure(conn)
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                _("Tệp {path} được tạo bởi phiên bản mới hơn của chương trình (lược đồ {v}, "
                  "phiên bản này chỉ đọc được đến {max}). Hãy cập nhật chương trình.").format(
                    path=path.name, v=version, max=SCHEMA_VERSION)
            )
        db = sqlite_utils.Database(conn)
        if migrate and version < SCHEMA_VERSION:
            migrate_db(db, path, version)
        return db
    except BaseException:
        conn.close()
        raise


def _read_version(conn: sqlite3.Connection) -> int:
    """Read only: nothing is written to a file before we know it is ours."""
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError:
        raise UserError(_("Tệp này không phải là tệp dữ liệu của BHYT Desktop.")) from None


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -32768")       # 32 MB page cache
    conn.execute("PRAGMA mmap_size = 268435456")


def _check_ours(conn: sqlite3.Connection, version: int, path: Path, create: bool) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 0 and not tables and not create:
        # An empty file that we were not asked to create: never turn it into ours.
        raise UserError(_("Tệp {path} không phải là tệp dữ liệu của BHYT Desktop.").format(path=path.name))
    if version == 0 and tables:
        raise UserError(_("Tệp {path} là cơ sở dữ liệu khác, không phải của BHYT Desktop.").format(path=path.name))
    if version > 0 and not APP_TABLES <= tables:
        raise UserError(_("Tệp {path} không phải là tệp dữ liệu của BHYT Desktop.").format(path=path.name))


def backup_path(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.bak-v{version}-{stamp}")


def migrate_db(db: sqlite_utils.Database, path: Path, version: int) -> Path | None:
    """Run every step after ``version``, each in its own transaction.

    An existing file (version >= 1) is first copied aside with SQLite's backup API;
    the copy's path is returned.
    """
    copy = None
    if version >= 1:
        copy = backup_path(path, version)
        target = sqlite3.connect(str(copy))
        try:
            db.conn.backup(target)
        finally:
            target.close()
    for number in range(version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS[number - 1]
        with db.atomic():
            step(db.conn)
            db.conn.execute(f"PRAGMA user_version = {number}")
    return copy


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])
