"""Backups of a commune file: ``backups/`` beside it, made with SQLite's backup API.

    make_backup(path, "manual")   # backups/<name>-<yyyymmdd-HHMMSS>-<reason>.db, checked
    list_backups(path)            # newest first
    restore(path, backup)         # the current file backed up first, then replaced
    check(path)                   # [] when healthy, else plain problems

Each copy is written under a temporary name, checked with ``PRAGMA integrity_check`` and
only then renamed (``connection.safe_copy``). Rotation keeps the last 10 and, beyond them,
one a week for 3 months.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

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
    return _("Bản sao lưu gần nhất: {file} ({when}). Khôi phục bằng: python main.py restore --db {db} {file}").format(
        file=b.path, when=b.made.strftime("%d/%m/%Y %H:%M"), db=path)


def make_backup(source: str | Path | sqlite3.Connection, path: str | Path, reason: str,
                out: str | Path | None = None) -> Path:
    """Back up ``source`` (a connection, or the file ``path``) as ``out`` or into backups/."""
    from bhyt_desktop.store.connection import safe_copy

    path = Path(path)
    if out is None:
        d = folder(path)
        d.mkdir(exist_ok=True)
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
        safe_copy(conn, dest)
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
    """Problems of the file: [] when healthy."""
    path = Path(path)
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            bad = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
            fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    if fks:
        bad.append(_("{n} dòng tham chiếu đến dữ liệu không còn (khóa ngoại).").format(n=len(fks)))
    return bad


def restore(path: str | Path, backup: str | Path) -> Path | None:
    """Replace ``path`` by ``backup``: the backup is checked, the current file is backed up
    first (when readable), its -wal and -shm are removed (a stale -wal would be applied to
    the restored file). Returns the backup made of the current file."""
    from bhyt_desktop.store.connection import safe_copy

    path, backup = Path(path), Path(backup)
    if not backup.is_file():
        raise UserError(_("Không tìm thấy bản sao lưu: {path}").format(path=backup))
    problems = check(backup)
    if problems:
        raise UserError(_("Bản sao lưu {name} bị hỏng, không khôi phục: {why}").format(
            name=backup.name, why="; ".join(problems[:3])))
    before = None
    if path.exists() and not check(path):
        before = make_backup(path, path, "restore")
    tmp = path.with_name(f".~{path.name}.restoring")
    src = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        safe_copy(src, tmp)
    finally:
        src.close()
    for suffix in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(tmp, path)
    return before
