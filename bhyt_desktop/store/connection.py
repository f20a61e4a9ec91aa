"""Opening a commune file: pragmas, version check, migrations with a backup first."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from bhyt_desktop.common.errors import SchemaTooNewError, UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store.migrations import MIGRATIONS, SCHEMA_VERSION

APP_TABLES = {"commune", "villages", "people", "cards"}
COPY_PAGES = 256        # pages per step of a backup copy (progress, and other readers go on)


def open_db(path: str | Path, *, create: bool = False, migrate: bool = True,
            read_only: bool = False) -> sqlite_utils.Database:
    """Open (and if asked, create) a commune file, bringing its schema up to date.

    Nothing is written before the file is known to be ours, of a version this program
    reads, and undamaged (``PRAGMA quick_check``). ``read_only``: the file is never written
    (a dry run): an older schema is brought up to date in a copy in memory.

    Raises ``UserError`` with a message for the user when the file is missing, is not a
    BHYT Desktop file, is damaged, or was written by a newer version of the program.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise UserError(_("Không tìm thấy tệp dữ liệu: {path}").format(path=path))
        if not path.parent.exists():
            raise UserError(_("Thư mục không tồn tại: {path}").format(path=path.parent))
    elif path.is_dir():
        raise UserError(_("Đây là một thư mục, không phải tệp dữ liệu: {path}").format(path=path))

    if path.exists():
        from bhyt_desktop.store import filelock, sidecar
        sidecar.refuse_stale(path)          # before SQLite could replay a stale -wal
        if not read_only:
            filelock.refuse_if_held(path)   # another window works on it: never "damaged"
    if read_only and path.exists():
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        version = _read_version(conn)
        if version > 0:
            _check_intact(conn, path)
        _check_ours(conn, version, path, create)
        if version > SCHEMA_VERSION:   # before any pragma that writes (WAL)
            raise SchemaTooNewError(
                _("Tệp {path} được tạo bởi phiên bản mới hơn của chương trình (lược đồ {v}, "
                  "phiên bản này chỉ đọc được đến {max}). Hãy cập nhật chương trình.").format(
                    path=path.name, v=version, max=SCHEMA_VERSION)
            )
        if read_only:
            conn.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION and migrate:
                conn = _in_memory_copy(conn)
                db = sqlite_utils.Database(conn)
                migrate_db(db, path, version, backup=False)
                return db
            return sqlite_utils.Database(conn)
        _configure(conn)
        db = sqlite_utils.Database(conn)
        if migrate and version < SCHEMA_VERSION:
            migrate_db(db, path, version)
        if version > 0:
            from bhyt_desktop.store.backup import daily_on_first_write
            daily_on_first_write(conn, path)
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


def _check_intact(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged file before anything is written to it."""
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise
        rows = [(str(exc),)]
    if rows != [("ok",)]:
        raise DamagedFileError(damaged_message(path))


class DamagedFileError(UserError):
    """``quick_check`` failed: the file is refused, nothing written; a backup is offered."""


def damaged_message(path: Path) -> str:
    from bhyt_desktop.store.backup import latest_hint
    return _("Tệp {name} bị hỏng: chương trình không ghi gì vào tệp này.").format(name=path.name) + " " + \
        latest_hint(path)


def explain(path: str | Path, exc: BaseException) -> str:
    """What the user reads when opening or writing ``path`` failed with ``exc``: a locked
    file and a full disk are named as such (never "damaged"); only real damage points to
    the latest backup, naming it and how to restore it."""
    if isinstance(exc, UserError):
        return str(exc)
    return plain_io_message(exc) or damaged_message(Path(path)) + f" ({exc})"


def plain_io_message(exc: BaseException) -> str | None:
    """A locked file or a full disk in words (None for anything else)."""
    if is_busy(exc):
        return _("Tệp dữ liệu đang được chương trình khác dùng (bị khóa). Hãy đóng cửa sổ BHYT Desktop "
                 "khác rồi thử lại; không có gì bị thay đổi.")
    if is_full(exc):
        return _("Ổ đĩa đã đầy: không ghi được. Hãy giải phóng chỗ trống rồi thử lại; dữ liệu đã có "
                 "không bị mất.")
    return None


def is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(exc) or "busy" in str(exc)


def is_full(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "disk is full" in str(exc) or getattr(exc, "errno", None) == 28


def _in_memory_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.backup(memory)
    conn.close()
    memory.execute("PRAGMA foreign_keys = ON")
    return memory


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


def migrate_db(db: sqlite_utils.Database, path: Path, version: int, *,
               backup: bool = True) -> Path | None:
    """Run every step after ``version``, each in its own transaction.

    An existing file (version >= 1) is first copied aside with SQLite's backup API, under a
    temporary name, checked (``integrity_check``) and only then renamed: a copy killed
    mid-way or on a full disk is never left under the backup's name. The copy's path is
    returned.
    """
    copy = None
    if version >= 1 and backup:
        from bhyt_desktop.store.backup import make_backup
        copy = make_backup(db.conn, path, "migration")
    for number in range(version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS[number - 1]
        with db.atomic():
            step(db.conn)
            db.conn.execute(f"PRAGMA user_version = {number}")
    return copy


def safe_copy(source: sqlite3.Connection, dest: Path,
              progress: Callable[[int, int], None] | None = None) -> Path:
    """``source`` copied to ``dest`` with SQLite's backup API: written as ``dest.partial``,
    checked with ``PRAGMA integrity_check``, synced, then renamed. On any failure nothing
    is left under either name."""
    tmp = dest.with_name(dest.name + ".partial")
    try:
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target, pages=COPY_PAGES, progress=lambda _s, left, total: progress(
                total - left, total) if progress else None)
            target.execute("PRAGMA journal_mode = DELETE")
            ok = target.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            target.close()
        if not ok:
            raise UserError(_("Bản sao lưu {name} không đạt kiểm tra toàn vẹn: không dùng.").format(name=dest.name))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        for p in (tmp, tmp.with_name(tmp.name + "-journal")):
            p.unlink(missing_ok=True)
        raise
    return dest


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])
