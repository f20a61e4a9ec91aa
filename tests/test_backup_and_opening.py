"""Opening a file never writes before it is known sound; backups are checked and restorable."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.store import backup as bk
from bhyt_desktop.store import open_db
from bhyt_desktop.store.migrations import SCHEMA_VERSION


def _status(path, capsys):
    assert main(["status", "--db", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_backup_list_restore_gives_the_same_status(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    demo_db.close()
    before = _status(path, capsys)
    assert main(["backup", "--db", str(path)]) == 0
    assert "backups" in capsys.readouterr().out
    (made,) = bk.list_backups(path)
    assert made.people == 600 and made.reason == "manual"
    assert not list((tmp_path / "backups").glob("*.partial"))
    db = open_db(path)
    db.execute("DELETE FROM cards")
    db.close()
    assert _status(path, capsys) != before
    assert main(["restore", "--db", str(path), str(made.path)]) == 0
    capsys.readouterr()
    assert _status(path, capsys) == before
    assert main(["backups", "--db", str(path)]) == 0
    assert "trước khi khôi phục" in capsys.readouterr().out


def test_check_and_a_damaged_file_is_never_written(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    demo_db.close()
    assert main(["check", "--db", str(path)]) == 0
    bk.make_backup(path, path, "manual")
    data = bytearray(path.read_bytes())
    for i in range(8192, len(data), 4096):   # damage every page's header after the first two
        data[i:i + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    stamp = path.read_bytes()
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "bị hỏng" in out and "restore --db" in out
    with pytest.raises(UserError, match="bị hỏng.*restore --db"):
        open_db(path)
    assert path.read_bytes() == stamp


def test_newer_file_is_refused_without_being_switched_to_wal(db_path):
    db = open_db(db_path, create=True)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(UserError, match="mới hơn"):
        open_db(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_locked_file_is_reported_as_locked(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    demo_db.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        import bhyt_desktop.store.connection as c
        real = c._read_version

        def quick(conn):
            conn.execute("PRAGMA busy_timeout = 50")
            return conn.execute("PRAGMA user_version").fetchone()[0]
        c._read_version = quick
        try:
            assert main(["status", "--db", str(path)]) == 1
        finally:
            c._read_version = real
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert "khóa" in err and "hỏng" not in err


def test_rotation_keeps_ten_and_one_a_week(tmp_path, db_path):
    db = open_db(db_path, create=True)
    db.close()
    d = tmp_path / "backups"
    d.mkdir()
    for day in range(1, 60):
        (d / f"xa-202610{day % 30 + 1:02d}-1{day % 10}0000-daily.db").write_bytes(b"")
    (d / "xa-20200101-000000-daily.db").write_bytes(b"")
    bk.rotate(db_path)
    left = bk.list_backups(db_path, people=False)
    assert len(left) >= 10 and not (d / "xa-20200101-000000-daily.db").exists()
