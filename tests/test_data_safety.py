"""Two windows on one file, a stale -wal, daily and merge backups, restore over a bad file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bhyt_desktop.cli import main
from bhyt_desktop.commune.details import add_village, merge_villages
from bhyt_desktop.store import backup as bk
from bhyt_desktop.store import filelock, open_db, sidecar
from bhyt_desktop.store.filelock import FileInUseError
from bhyt_desktop.store.sidecar import StaleWalError

ROOT = Path(__file__).resolve().parents[1]


def _status(path, capsys):
    capsys.readouterr()
    code = main(["status", "--db", str(path), "--json"])
    out = capsys.readouterr()
    return code, out.out, out.err


def _holder(path: Path) -> subprocess.Popen:
    """Another process holding the file (as a second window would)."""
    code = ("import sys; from bhyt_desktop.store import filelock; filelock.acquire(sys.argv[1]);"
            " print('held', flush=True); sys.stdin.read()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_file_held_by_another_live_process_is_refused_naming_who_never_damaged(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    demo_db.close()
    proc = _holder(path)
    try:
        with pytest.raises(FileInUseError) as err:
            open_db(path)
        text = str(err.value)
        assert f"tiến trình {proc.pid}" in text and "không hỏng" in text and "bị hỏng" not in text
        code, _out, errtext = _status(path, capsys)           # reading is still allowed
        assert code == 0
        assert main(["import", "--db", str(path), str(tmp_path / "x.xlsx")]) != 0
        with pytest.raises(FileInUseError):
            bk.restore(path, bk.make_backup(path, path, "manual"))
        with pytest.raises(FileInUseError):
            filelock.acquire(path)
    finally:
        proc.kill()
        proc.wait()
    # the holder died without letting go (laptop switched off): its lock is ignored
    assert filelock.lock_path(path).exists()
    assert filelock.holder(path) is None
    open_db(path).close()
    filelock.acquire(path)
    assert json.loads(filelock.lock_path(path).read_text())["pid"] == os.getpid()
    filelock.release(path)
    assert not filelock.lock_path(path).exists()


def _stale_wal_beside_a_restored_copy(path: Path) -> Path:
    """The tester's case: a backup copied over the file while an old -wal stays beside it."""
    made = bk.make_backup(path, path, "manual")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM cards")
    conn.execute("UPDATE commune SET name = 'Xã Khác'")
    wal = sidecar.wal_path(path).read_bytes()
    assert len(wal) > 32
    conn.close()
    shutil.copyfile(made, path)
    sidecar.wal_path(path).write_bytes(wal)
    return made


def test_a_stale_wal_beside_a_restored_copy_is_never_replayed(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    demo_db.close()
    code, before, _err = _status(path, capsys)
    made = _stale_wal_beside_a_restored_copy(path)
    stamp = (path.read_bytes(), sidecar.wal_path(path).read_bytes())
    assert sidecar.stale_wal(path)
    with pytest.raises(StaleWalError, match=r"demo\.db-wal.*restore --db"):
        open_db(path)
    with pytest.raises(StaleWalError):
        open_db(path, read_only=True)
    code, out, err = _status(path, capsys)
    assert code == 1 and out == "" and "không thuộc về nó" in err and made.name in err
    assert main(["check", "--db", str(path)]) == 1
    assert (path.read_bytes(), sidecar.wal_path(path).read_bytes()) == stamp   # nothing written
    # restore removes the stale -wal (the old bytes are kept aside, never lost)
    assert main(["restore", "--db", str(path), str(made)]) == 0
    assert not sidecar.wal_path(path).exists()
    assert any(b.reason == "damaged" for b in bk.list_backups(path))
    code, after, _err = _status(path, capsys)
    assert code == 0 and after == before


def test_a_wal_left_by_a_crash_belongs_to_the_file_and_keeps_the_last_commit(demo_db, tmp_path):
    path = tmp_path / "demo.db"
    demo_db.close()
    code = ("import os, sys, sqlite3; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            "c.execute('PRAGMA wal_autocheckpoint = 0');"
            "c.execute(\"UPDATE commune SET name = 'Xã Sau Cùng'\"); os.kill(os.getpid(), 9)")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT)
    assert sidecar.wal_path(path).stat().st_size > 32
    assert sidecar.stale_wal(path) is None
    db = open_db(path)
    assert db.execute("SELECT name FROM commune").fetchone()[0] == "Xã Sau Cùng"
    db.close()


def test_a_wal_from_another_page_size_or_an_older_state_is_stale(tmp_path, demo_db):
    path = tmp_path / "demo.db"
    demo_db.close()
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    shutil.copyfile(sidecar.wal_path(other), sidecar.wal_path(path))
    conn.close()
    assert "cỡ trang" in sidecar.stale_wal(path)


def test_daily_backup_on_the_first_write_of_the_day_only(demo_db, tmp_path):
    path = tmp_path / "demo.db"
    demo_db.close()
    assert bk.list_backups(path) == []
    db = open_db(path)
    db.execute("SELECT count(*) FROM people").fetchone()       # reading makes no backup
    assert bk.list_backups(path) == []
    db.execute("UPDATE commune SET name = 'Xã Mới'")
    (daily,) = bk.list_backups(path)
    assert daily.reason == "daily" and daily.people == 600
    copy = sqlite3.connect(daily.path)
    assert copy.execute("SELECT name FROM commune").fetchone()[0] != "Xã Mới"   # the state before
    copy.close()
    db.execute("UPDATE commune SET name = 'Xã Mới Hơn'")
    db.close()
    db = open_db(path)
    db.execute("UPDATE commune SET name = 'Xã Khác'")
    db.close()
    assert len(bk.list_backups(path)) == 1


def test_merging_villages_backs_up_first(demo_db, tmp_path):
    path = tmp_path / "demo.db"
    a = add_village(demo_db, "Thôn Gộp A")
    b = add_village(demo_db, "Thôn Gộp B")
    merge_villages(demo_db, a, b)
    assert "merge" in {x.reason for x in bk.list_backups(path)}


def test_restore_over_a_damaged_file_keeps_its_bytes_aside(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    demo_db.close()
    code, before, _err = _status(path, capsys)
    made = bk.make_backup(path, path, "manual")
    data = bytearray(path.read_bytes())
    for i in range(8192, len(data), 4096):
        data[i:i + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    kept = bk.restore(path, made)
    assert kept is not None and kept.name.endswith("-damaged.db") and kept.read_bytes() == bytes(data)
    assert _status(path, capsys)[1] == before


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_lock_of_a_killed_window_does_not_block(tmp_path, demo_db):
    path = tmp_path / "demo.db"
    demo_db.close()
    proc = _holder(path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert filelock.holder(path) is None


def test_check_finds_card_columns_out_of_step_with_their_definition(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert bk.check(path) == []
    demo_db.execute("DROP TRIGGER IF EXISTS cards_person_update")   # tamper as an outside tool would
    conn = sqlite3.connect(path)
    conn.execute("UPDATE cards SET count_to = '2001-01-01' WHERE id IN (SELECT id FROM cards LIMIT 3)")
    conn.commit()
    conn.close()
    demo_db.close()
    assert main(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "3 thẻ có thôn hoặc ngày tính" in out and "Chưa có bản sao lưu" in out


def test_restore_into_the_open_file_gives_the_same_status_as_when_backed_up(demo_db, tmp_path, capsys):
    path = tmp_path / "demo.db"
    code, before, _err = _status(path, capsys)
    made = bk.make_backup(path, path, "manual")
    demo_db.execute("DELETE FROM cards")
    demo_db.execute("UPDATE commune SET name = 'Xã Đổi Tên'")
    assert _status(path, capsys)[1] != before
    kept = bk.restore_live(path, made)                    # the window's connection stays open
    assert demo_db.execute("SELECT count(*) FROM cards").fetchone()[0] > 0
    assert _status(path, capsys)[1] == before
    assert bk.check(path) == [] and bk.check(kept) == []
    demo_db.close()
    assert _status(path, capsys)[1] == before


def test_an_import_is_in_the_file_itself_so_deleting_a_leftover_wal_loses_nothing(tmp_path):
    from import_helpers import messy_roster
    src = messy_roster(tmp_path / "ds.xlsx")
    path = tmp_path / "xa.db"
    open_db(path, create=True).close()
    code = ("import os, sys; sys.path.insert(0, '.');"
            "from bhyt_desktop.store import open_db;"
            "from bhyt_desktop.importing.reading import read_table;"
            "from bhyt_desktop.importing.header import detect_mapping;"
            "from bhyt_desktop.importing.plan import plan_import;"
            "from bhyt_desktop.importing.commit import commit_import;"
            "db = open_db(sys.argv[1]); db.conn.execute('PRAGMA wal_autocheckpoint = 0');"
            "t = read_table(sys.argv[2]);"
            "commit_import(db, plan_import(db, t, detect_mapping(t, db, 'roster'), 'roster'));"
            "os.kill(os.getpid(), 9)")
    subprocess.run([sys.executable, "-c", code, str(path), str(src)], cwd=ROOT)
    sidecar.wal_path(path).unlink(missing_ok=True)        # the tester deletes the -wal
    Path(str(path) + "-shm").unlink(missing_ok=True)
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 6
    db.close()


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing(demo_db, tmp_path, capsys, monkeypatch):
    from bhyt_desktop.store import connection
    path = tmp_path / "demo.db"
    demo_db.close()
    real = sqlite3.connect

    def small_disk(target, *args, **kwargs):
        conn = real(target, *args, **kwargs)
        if str(target).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 3")      # the USB stick fills up
        return conn
    monkeypatch.setattr(connection.sqlite3, "connect", small_disk)
    stamp = path.read_bytes()
    assert main(["backup", "--db", str(path), "-o", str(tmp_path / "usb.db")]) == 1
    err = capsys.readouterr().err
    assert "Ổ đĩa đã đầy" in err and "hỏng" not in err
    assert not list(tmp_path.glob("usb.db*")) and path.read_bytes() == stamp
