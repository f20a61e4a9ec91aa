"""Backups of a commune file: ``backups/`` beside it, made with SQLite's backup API.

    make_backup(path, "manual")   # backups/<name>-<yyyymmdd-HHMMSS>-<reason>.db, checked
    list_backups(path)            # newest first
    restore(path, backup)         # the current file backed up first, then replaced
    check(path)                   # [] when healthy, else plain problems
    backup_before(db, "merge")    # a backup of the file behind an open connection
    daily_on_first_write(conn, path)  # once a day, before the day's first write

Reasons (the end of a backup's name): manual, import, migration, daily, restore, merge,
and damaged (the raw bytes of a damaged file set aside before a restore replaced it).

Each copy is written under a temporary name, checked with ``PRAGMA integrity_check`` and
only then renamed (``connection.safe_copy``). Rotation keeps the last 10 and, beyond them,
one a week for 3 months.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _

KEEP_LAST = 10
KEEP_WEEKS = 13
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+)\.db$")


@dataclass
class Backup:
    path: Path
    made: dt.datetime
    reason: str
    people: int | None


def folder(path: str | Path) -> Path:
    return Path(path).parent / "backups"


def _count(p: Path) -> int | None:
    try:
        conn = sqlite3.connect(p.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def list_backups(path: str | Path, *, people: bool = True) -> list[Backup]:
    """The backups of ``path``, newest first."""
    path = Path(path)
    out: list[Backup] = []
    d = folder(path)
    if not d.is_dir():
        return out
    for p in d.iterdir():
        m = _NAME.match(p.name)
        if m and m.group("stem") == path.stem:
            made = dt.datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
            out.append(Backup(p, made, m.group("reason"), _count(p) if people else None))
    return sorted(out, key=lambda b: (b.made, b.path.name), reverse=True)


def latest_hint(path: str | Path) -> str:
    """«Use the latest backup», naming it and how to restore it."""
    path = Path(path)
    found = list_backups(path, people=False)
    if not found:
        return _("Chưa có bản sao lưu nào của tệp này trong {folder}.").format(folder=folder(path))
    b = found[0]
    return _("Bản sao lưu gần nhất: {file} ({when}). Khôi phục: trong cửa sổ chọn Tệp › Khôi phục từ "
             "bản sao lưu…, hoặc lệnh: python main.py restore --db {db} {file}").format(
        file=b.path, when=b.made.strftime("%d/%m/%Y %H:%M"), db=path)


def latest_good(path: str | Path) -> Backup | None:
    """The newest backup that passes the check (None when there is none)."""
    for b in list_backups(path):
        if b.reason != "damaged" and not check(b.path):
            return b
    return None


def make_backup(source: str | Path | sqlite3.Connection, path: str | Path, reason: str,
                out: str | Path | None = None,
                progress: Callable[[int, int], None] | None = None) -> Path:
    """Back up ``source`` (a connection, or the file ``path``) as ``out`` or into backups/."""
    from bhyt_desktop.store.connection import safe_copy

    path = Path(path)
    if out is None:
        d = folder(path)
        d.mkdir(exist_ok=True)
        for left in d.glob(f"{path.stem}-*.partial*"):   # a copy killed mid-way: never a backup
            left.unlink(missing_ok=True)
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        dest = d / f"{path.stem}-{stamp}-{reason}.db"
        n = 1
        while dest.exists():
            n += 1
            dest = d / f"{path.stem}-{stamp}-{reason}{'x' * n}.db"
    else:
        dest = Path(out)
    conn = source if isinstance(source, sqlite3.Connection) else sqlite3.connect(
        Path(source).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        safe_copy(conn, dest, progress)
    finally:
        if conn is not source:
            conn.close()
    if out is None:
        rotate(path)
    return dest


def rotate(path: str | Path) -> list[Path]:
    """Keep the last 10 backups and, older, the newest of each week of the last 3 months."""
    found = list_backups(path, people=False)
    removed = []
    limit = clock.now() - dt.timedelta(weeks=KEEP_WEEKS)
    weeks: set[tuple[int, int]] = set()
    for b in found[KEEP_LAST:]:
        week = b.made.isocalendar()[:2]
        if b.made >= limit and week not in weeks:
            weeks.add(week)
            continue
        b.path.unlink(missing_ok=True)
        removed.append(b.path)
    return removed


def check(path: str | Path) -> list[str]:
    """Problems of the file: [] when healthy. A stale -wal beside it is reported without
    being read; then integrity, foreign keys and the cards' derived columns."""
    from bhyt_desktop.store import sidecar
    from bhyt_desktop.store.health import derived_problems

    path = Path(path)
    why = sidecar.stale_wal(path)
    if why:
        return [_("tệp {wal} bên cạnh không thuộc về tệp này ({why})").format(
            wal=sidecar.wal_path(path).name, why=why)]
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            bad = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
            fks = conn.execute("PRAGMA foreign_key_check").fetchall()
            if not bad:
                bad.extend(derived_problems(conn))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        from bhyt_desktop.store.connection import is_busy
        if is_busy(exc):
            raise
        return [str(exc)]
    if fks:
        bad.append(_("{n} dòng tham chiếu đến dữ liệu không còn (khóa ngoại).").format(n=len(fks)))
    return bad


def restore(path: str | Path, backup: str | Path,
            progress: Callable[[int, int], None] | None = None) -> Path | None:
    """Replace ``path`` by ``backup``. The backup is checked; the current file is backed up
    first (a sound one through SQLite after a checkpoint; a damaged one, or one beside a
    stale -wal, as its raw bytes, reason ``damaged``); its -wal, -shm and -journal are
    removed (a stale -wal would be applied to the restored file). Refused while another
    window holds the file. Returns the backup made of the current file.

    Killed at any point, the file is the old one or the restored one, never a mixture: the
    copy is written and checked under a temporary name, the old file's log is emptied into
    it before anything is removed, and the swap is one rename."""
    from bhyt_desktop.store import filelock, sidecar
    from bhyt_desktop.store.connection import safe_copy

    path, backup = Path(path), Path(backup)
    if not backup.is_file():
        raise UserError(_("Không tìm thấy bản sao lưu: {path}").format(path=backup))
    problems = check(backup)
    if problems:
        raise UserError(_("Bản sao lưu {name} bị hỏng, không khôi phục: {why}").format(
            name=backup.name, why="; ".join(problems[:3])))
    filelock.refuse_if_held(path)
    before = None
    if path.exists():
        if sidecar.stale_wal(path) or check(path):
            before = _raw_copy(path, "damaged")
        else:
            _checkpoint(path)
            before = make_backup(path, path, "restore")
    tmp = path.with_name(f".~{path.name}.restoring")
    for left in (tmp, tmp.with_name(tmp.name + ".partial")):    # from a restore killed mid-way
        left.unlink(missing_ok=True)
    src = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        safe_copy(src, tmp, progress)
    finally:
        src.close()
    for suffix in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(tmp, path)
    return before


def restore_live(path: str | Path, backup: str | Path,
                 progress: Callable[[int, int], None] | None = None) -> Path:
    """Restore into the file while the window keeps it open (Windows cannot replace an open
    file): the backup is checked, the current file backed up first, then SQLite's backup
    API writes the backup's pages into the file in ONE write transaction — killed part-way,
    nothing of it is committed. Other connections see the restored data afterwards.
    Returns the backup made of the current file."""
    path, backup = Path(path), Path(backup)
    problems = check(backup) if backup.is_file() else [_("không tìm thấy tệp")]
    if problems:
        raise UserError(_("Bản sao lưu {name} bị hỏng, không khôi phục: {why}").format(
            name=backup.name, why="; ".join(problems[:3])))
    from bhyt_desktop.store import filelock
    filelock.refuse_if_held(path)
    before = make_backup(path, path, "restore")
    src = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    dest = sqlite3.connect(str(path), isolation_level=None)
    try:
        dest.execute("PRAGMA busy_timeout = 5000")
        src.backup(dest, pages=256, progress=lambda _s, left, total: progress(
            total - left, total) if progress else None)
    finally:
        src.close()
        dest.close()
    return before


def _checkpoint(path: Path) -> None:
    """Move the file's -wal into it (so removing the -wal loses nothing)."""
    from bhyt_desktop.store.filelock import FileInUseError
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise FileInUseError(_("Tệp {name} đang được chương trình khác đọc hoặc ghi: chưa khôi phục "
                               "được, không có gì bị thay đổi. Hãy đóng các cửa sổ khác rồi thử "
                               "lại.").format(name=path.name))


def _raw_copy(path: Path, reason: str) -> Path:
    """The file's bytes as they are, into backups/ (temporary name, synced, renamed)."""
    d = folder(path)
    d.mkdir(exist_ok=True)
    dest = d / f"{path.stem}-{clock.now():%Y%m%d-%H%M%S}-{reason}.db"
    tmp = dest.with_name(dest.name + ".partial")
    try:
        with open(path, "rb") as src, open(tmp, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def file_of(conn: sqlite3.Connection) -> Path | None:
    """The file behind a connection (None for a database in memory)."""
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def backup_before(db: sqlite_utils.Database, reason: str) -> Path | None:
    """A checked backup of the file behind ``db`` (None in memory), before a big change."""
    path = file_of(db.conn)
    if path is None:
        return None
    return make_backup(path, path, reason)


def made_today(path: str | Path) -> bool:
    today = clock.today()
    return any(b.made.date() == today for b in list_backups(path, people=False))


_WRITES = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}


def daily_on_first_write(conn: sqlite3.Connection, path: Path) -> None:
    """Before this connection's first write to the file, back the file up unless a backup
    of today already exists (any reason). Watches statements as SQLite prepares them."""
    done = [False]

    def watch(action: int, table: str | None, _b: str | None, dbname: str | None, _t: str | None) -> int:
        # the user's data only: not the audit log, not the schema (a temp trigger's creation
        # shows as a write to main's sqlite_master; migrations make their own backup)
        if (not done[0] and action in _WRITES and dbname == "main" and table
                and table != "audit_log" and not table.startswith("sqlite_")):
            done[0] = True
            try:
                if not made_today(path):
                    make_backup(path, path, "daily")
            except Exception:  # noqa: BLE001 — a failed daily copy never blocks the user's edit
                import traceback

                from bhyt_desktop.common.crashlog import write_crash_log
                write_crash_log(traceback.format_exc())
        return sqlite3.SQLITE_OK

    conn.set_authorizer(watch)
