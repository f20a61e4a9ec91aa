"""store/bulk.py: indexes built once at the end, CHECK constraints verified once at the end."""

from __future__ import annotations

import sqlite3

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.importing import commit, commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.store import open_db
from bhyt_desktop.store.bulk import checks_at_end, words_at_end


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
    with pytest.raises(UserError, match="Chưa có gì được ghi, tệp xã vẫn như cũ") as failed:
        commit_import(db, plan)
    assert isinstance(failed.value.__cause__, sqlite3.IntegrityError)
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == 0
    assert db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"people_cccd", "people_roster", "households_code"} <= names  # dropped indexes back too
    # and the same plan, corrected, goes in
    plan.new_people[17].record.sex = "M"
    commit_import(db, plan)
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 30


def _words(db) -> set[tuple[str, int]]:
    return set(db.execute("SELECT word, person_id FROM people_words").fetchall())


def _words_oracle(db) -> set[tuple[str, int]]:
    return {(w, pid) for pid, key in db.execute("SELECT id, name_key FROM people") for w in key.split(" ") if w}


def _has_words_trigger(db) -> bool:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                      " AND name = 'people_words_insert'").fetchone()[0] == 1


def test_a_bulk_import_fills_the_name_words_once_and_keeps_the_trigger(tmp_path, monkeypatch):
    """The big first import fills people_words in one sorted statement instead of the insert
    trigger: the words are exactly the trigger's, people already there keep theirs, and the
    trigger is back for the next person added."""
    from openpyxl import Workbook

    from bhyt_desktop.commune import details as commune
    from bhyt_desktop.roster import edits as roster
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Mã hộ", "Thôn"])
    names = ["Nguyễn Văn An", "Lê Văn Văn", "Đỗ Đức Đông", "Trần Thị Hường", "O'Brien Thị Mai"]
    for n in range(1, 31):
        ws.append([n, f"{names[n % 5]} {chr(64 + n % 26 + 1)}", f"01/01/{1950 + n}", f"H{n // 3}", "Xóm 1"])
    wb.save(tmp_path / "ds.xlsx")
    db = open_db(tmp_path / "xa.db", create=True)
    hid = roster.add_household(db, "H0", commune.add_village(db, "Xóm 9"))
    first = roster.add_person(db, hid, "Phạm Thị Lan")
    monkeypatch.setattr(commit, "BULK_THRESHOLD", 10)
    table = read_table(tmp_path / "ds.xlsx")
    plan = plan_import(db, table, detect_mapping(table, db, "roster"), "roster")
    assert plan.counts["new_people"] == 30
    commit_import(db, plan)
    assert _words(db) == _words_oracle(db)
    assert len(_words(db)) > 100 and ("lan", first) in _words(db)
    assert sum(1 for w, _pid in _words(db) if w == "van") == 12     # "Lê Văn Văn": one row per person
    assert _has_words_trigger(db)
    later = roster.add_person(db, hid, "Vũ Minh Khoa")
    assert ("khoa", later) in _words(db) and _words(db) == _words_oracle(db)


def test_name_words_block_failing_gives_the_trigger_back_with_the_rollback(tmp_path):
    db = open_db(tmp_path / "xa.db", create=True)
    conn = db.conn
    with pytest.raises(RuntimeError, match="transaction"), words_at_end(conn, 1):
        pass
    conn.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError), words_at_end(conn, 1):
        assert not _has_words_trigger(db)
        conn.execute("INSERT INTO people (household_id, village_id, full_name, name_key, sort_key)"
                     " VALUES (1, 1, 'x', 'x', NULL)")     # NOT NULL sort_key
    conn.execute("ROLLBACK")
    assert _has_words_trigger(db)
