"""store/bulk.py: indexes built once at the end, CHECK constraints verified once at the end."""

from __future__ import annotations

import sqlite3

import pytest

from bhyt_desktop.importing import commit, commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.store import open_db
from bhyt_desktop.store.bulk import checks_at_end


def _table(conn):
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, sex TEXT CHECK (sex IN ('M', 'F')), "
                 "n INTEGER NOT NULL)")


def test_rows_breaking_a_check_are_found_at_the_end_and_the_transaction_rolls_back():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _table(conn)
    conn.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), checks_at_end(conn, ["t"]):
        conn.executemany("INSERT INTO t (sex, n) VALUES (?, ?)", [("M", 1), ("X", 2), ("F", 3)])
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    # and the connection checks every row again afterwards
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO t (sex, n) VALUES ('X', 1)")


def test_good_rows_pass_and_not_null_is_still_enforced_row_by_row():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _table(conn)
    with checks_at_end(conn, ["t"]):
        conn.executemany("INSERT INTO t (sex, n) VALUES (?, ?)", [("M", 1), ("F", 2), (None, 3)])
        with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
            conn.execute("INSERT INTO t (sex, n) VALUES ('M', NULL)")
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 3
    assert conn.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0


def test_a_bulk_import_writing_a_bad_row_writes_nothing(tmp_path, monkeypatch):
    """A row the cleaning let through by mistake breaks people's CHECK: the big first import,
    which checks at the end, fails as a whole and the commune file stays as it was."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã hộ", "Thôn"])
    for n in range(1, 31):
        ws.append([n, f"Nguyễn Văn An {chr(64 + n % 26 + 1)}", f"01/01/{1950 + n}", "Nam",
                   f"0010{n:08d}", f"H{n // 3}", "Xóm 1"])
    wb.save(tmp_path / "ds.xlsx")
    monkeypatch.setattr(commit, "BULK_THRESHOLD", 10)
    db = open_db(tmp_path / "xa.db", create=True)
    table = read_table(tmp_path / "ds.xlsx")
    plan = plan_import(db, table, detect_mapping(table, db, "roster"), "roster")
    assert plan.counts["new_people"] == 30
    plan.new_people[17].record.sex = "X"  # what a bug in the cleaning could let through
    with pytest.raises(sqlite3.IntegrityError):
        commit_import(db, plan)
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == 0
    assert db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"people_cccd", "people_roster", "households_code"} <= names  # dropped indexes back too
    # and the same plan, corrected, goes in
    plan.new_people[17].record.sex = "M"
    commit_import(db, plan)
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 30
