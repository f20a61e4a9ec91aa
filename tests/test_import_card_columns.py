"""Cards written by an import carry the right derived columns (village, counted days,
overlap flag), whether the cards_fill trigger fills them or the commit computes them.

The commit computes them itself for the people it adds (the trigger is most of a big
commit); rows of one person with overlapping, touching, repeated and separate card periods,
known people with and without cards, and birth years alone must all come out exactly as
the trigger would make them, and the fast coverage path must equal the per-person count.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from factories import person
from test_coverage_index import fast, reference

from bhyt_desktop.importing import commit, commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.store import open_db

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Quan hệ với chủ hộ", "Mã hộ", "Thôn",
          "Mã đối tượng", "Hạn thẻ từ", "Hạn thẻ đến"]
D = dt.date
ROWS = [
    # one person, three rows: two overlapping periods and one apart
    ("Nguyễn Văn An", D(1958, 3, 4), "Nam", "001058001234", "Chủ hộ", "H1", "Xóm 1", "GD", D(2026, 1, 1), D(2026, 12, 31)),
    ("Nguyễn Văn An", D(1958, 3, 4), "Nam", "001058001234", "Chủ hộ", "H1", "Xóm 1", "HN", D(2026, 6, 1), D(2027, 5, 31)),
    ("Nguyễn Văn An", D(1958, 3, 4), "Nam", "001058001234", "Chủ hộ", "H1", "Xóm 1", "TE", D(2027, 7, 1), D(2027, 12, 31)),
    # a birth year alone (no counted-from date), the same period twice (added once)
    ("Trần Thị Bình", "1962", "Nữ", "001162005678", "Vợ", "H1", "Xóm 1", "GD", D(2026, 1, 1), D(2026, 12, 31)),
    ("Trần Thị Bình", "1962", "Nữ", "001162005678", "Vợ", "H1", "Xóm 1", "GD", D(2026, 1, 1), D(2026, 12, 31)),
    # periods touching on one day overlap; a later one apart does not
    ("Lê Văn Dũng", D(1970, 1, 20), "Nam", "035070000111", "Chủ hộ", "H2", "Xóm 2", "CN", D(2025, 1, 1), D(2025, 6, 30)),
    ("Lê Văn Dũng", D(1970, 1, 20), "Nam", "035070000111", "Chủ hộ", "H2", "Xóm 2", "GD", D(2025, 6, 30), D(2025, 12, 31)),
    ("Lê Văn Dũng", D(1970, 1, 20), "Nam", "035070000111", "Chủ hộ", "H2", "Xóm 2", "GD", D(2026, 2, 1), D(2027, 1, 31)),
    # a card inside another one
    ("Phạm Thị Én", D(2022, 2, 28), "Nữ", "035122000222", "Con", "H2", "Xóm 2", "TE", D(2026, 3, 1), D(2027, 2, 28)),
    ("Phạm Thị Én", D(2022, 2, 28), "Nữ", "035122000222", "Con", "H2", "Xóm 2", "HN", D(2026, 4, 2), D(2026, 9, 30)),
    # no card
    ("Hoàng Văn Giang", D(1990, 7, 7), "Nam", "035090000333", "Con", "H2", "Xóm 2", None, None, None),
    # known people: one holding a card the file overlaps, one with none yet
    ("Vũ Thị Hà", D(1980, 5, 5), "Nữ", "001180000444", "Chủ hộ", "H3", "Xóm 1", "HN", D(2026, 3, 1), D(2027, 2, 28)),
    ("Đỗ Văn Khánh", D(1975, 9, 9), "Nam", "001075000555", "Chủ hộ", "H4", "Xóm 1", "GD", D(2026, 1, 1), D(2026, 12, 31)),
    ("Đỗ Văn Khánh", D(1975, 9, 9), "Nam", "001075000555", "Chủ hộ", "H4", "Xóm 1", "HN", D(2026, 10, 1), D(2027, 9, 30)),
]
CARD_COLUMNS = "id, person_id, group_code, valid_from, valid_to, village_id, count_from, count_to, overlaps"
DATES = [D(2024, 12, 1) + dt.timedelta(days=k) for k in range(0, 1550, 11)]


def _file(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT"])
    ws.append(HEADER)
    for n, row in enumerate(ROWS, start=1):
        ws.append([n, *row])
    wb.save(path)
    return path


def _import(path, db_path, monkeypatch, *, computed: bool, bulk_threshold: int | None = None):
    with monkeypatch.context() as m:
        if not computed:  # every card through the cards_fill trigger, as before
            m.setattr(commit, "_new_people_card_columns", lambda *a: {})
        if bulk_threshold is not None:
            m.setattr(commit, "BULK_THRESHOLD", bulk_threshold)
        db = open_db(db_path, create=True)
        person(db, ("GD", "2026-01-01", "2026-12-31"), name="Vũ Thị Hà", cccd="001180000444",
               birth=roster.Birth(date=D(1980, 5, 5)))
        person(db, name="Đỗ Văn Khánh", cccd="001075000555", birth=roster.Birth(date=D(1975, 9, 9)))
        table = read_table(path)
        plan = plan_import(db, table, detect_mapping(table, db, "roster"), "roster", today=D(2026, 11, 22))
        commit_import(db, plan)
    return db, plan


@pytest.mark.parametrize("bulk_threshold", [None, 1])
def test_computed_card_columns_equal_the_triggers(tmp_path, monkeypatch, bulk_threshold):
    path = _file(tmp_path / "ds.xlsx")
    slow, _plan = _import(path, tmp_path / "slow.db", monkeypatch, computed=False)
    quick, plan = _import(path, tmp_path / "quick.db", monkeypatch, computed=True, bulk_threshold=bulk_threshold)
    assert plan.counts["new_people"] == 5 and plan.counts["new_cards"] == 12
    cards = quick.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY id").fetchall()
    assert cards == slow.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY id").fetchall()
    flags = {(name, g, f): o for name, g, f, o in quick.execute(
        "SELECT p.full_name, c.group_code, c.valid_from, c.overlaps FROM cards c JOIN people p ON p.id = c.person_id")}
    assert flags[("Nguyễn Văn An", "GD", "2026-01-01")] == 1 and flags[("Nguyễn Văn An", "TE", "2027-07-01")] == 0
    assert flags[("Lê Văn Dũng", "CN", "2025-01-01")] == 1 and flags[("Lê Văn Dũng", "GD", "2026-02-01")] == 0
    assert flags[("Phạm Thị Én", "TE", "2026-03-01")] == 1 and flags[("Trần Thị Bình", "GD", "2026-01-01")] == 0
    assert flags[("Vũ Thị Hà", "GD", "2026-01-01")] == 1 and flags[("Đỗ Văn Khánh", "HN", "2026-10-01")] == 1
    assert quick.execute("SELECT count(*) FROM cards WHERE count_from IS NULL").fetchone()[0] == 1  # Bình
    for on in DATES:
        assert fast(quick, on) == reference(quick, on), on
    # the derived columns are what the triggers' own definitions give
    wrong = quick.execute("""
        SELECT c.id FROM cards c JOIN people p ON p.id = c.person_id
        WHERE c.village_id IS NOT p.village_id OR c.count_from IS NOT p.birth_date OR c.count_to IS NOT NULL
           OR c.overlaps != EXISTS (SELECT 1 FROM cards o WHERE o.person_id = c.person_id AND o.id != c.id
                                    AND o.valid_from <= c.valid_to AND o.valid_to >= c.valid_from)""").fetchall()
    assert wrong == []
    # and the indexes are all there afterwards
    names = {r[0] for r in quick.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"cards_coverage", "cards_overlapping", "cards_person", "cards_valid", "cards_start",
            "people_cccd", "people_population"} <= names
    assert quick.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_first_import_rebuilding_the_cards_indexes_gives_the_same_cards(tmp_path, monkeypatch):
    """Every card a new person's: the cards indexes are dropped and built again, and the cards
    still equal the trigger-only commit's."""
    path = _file(tmp_path / "ds.xlsx")
    dropped: list[tuple] = []
    real_drop = commit.drop_indexes

    def spy(conn, tables):
        dropped.append(tables)
        return real_drop(conn, tables)

    out = {}
    for name, computed in (("slow", False), ("quick", True)):
        with monkeypatch.context() as m:
            m.setattr(commit, "BULK_THRESHOLD", 1)
            m.setattr(commit, "drop_indexes", spy)
            if not computed:
                m.setattr(commit, "_new_people_card_columns", lambda *a: {})
            db = open_db(tmp_path / f"{name}.db", create=True)
            table = read_table(path)
            commit_import(db, plan_import(db, table, detect_mapping(table, db, "roster"), "roster",
                                          today=D(2026, 11, 22)))
            out[name] = db
    assert ("cards",) in dropped  # the quick commit took the bulk path
    quick = out["quick"]
    assert quick.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY id").fetchall() == \
        out["slow"].execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY id").fetchall()
    assert quick.execute("SELECT count(*) FROM cards WHERE overlaps = 1").fetchone()[0] == 8  # An, Dũng, Én, Khánh: two each
    for on in DATES:
        assert fast(quick, on) == reference(quick, on), on
    names = {r[0] for r in quick.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cards'")}
    assert names == {"cards_coverage", "cards_overlapping", "cards_person", "cards_valid", "cards_start",
                     "cards_collector"}
    assert quick.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
