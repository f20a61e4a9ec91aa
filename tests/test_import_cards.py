"""Importing BHXH card lists: matching people, adding periods once, unmatched rows."""

from __future__ import annotations

import datetime as dt

from factories import person
from import_helpers import save

from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.roster.edits import Birth

TODAY = dt.date(2026, 11, 22)
HEADER = ["STT", "Mã số BHXH", "Họ tên", "Ngày sinh", "Giới tính", "Địa chỉ", "Mã đối tượng",
          "Hạn thẻ từ", "Hạn thẻ đến", "Nơi KCB"]


def run(db, rows, tmp_path, commit=True, **kw):
    table = read_table(save(rows, tmp_path / "the.xlsx"))
    plan = plan_import(db, table, detect_mapping(table), "cards", today=TODAY, **kw)
    if commit:
        commit_import(db, plan)
    return plan


def cards(db, pid):
    return db.execute("SELECT group_code, valid_from, valid_to, card_number, source FROM cards "
                      "WHERE person_id = ? ORDER BY valid_from", [pid]).fetchall()


def test_cards_match_by_bhxh_then_cccd_then_name_and_birth(db, tmp_path):
    a = person(db, ("GD", "2025-01-01", "2025-12-31"), name="Nguyễn Văn An", bhxh_code="0101234567")
    b = person(db, name="Trần Thị Bình", cccd="001162005678")
    c = person(db, village_name="Xóm 2", name="Lê Văn Cường", birth=Birth(dt.date(1980, 4, 5)))
    rows = [HEADER,
            [1, 101234567.0, "NGUYỄN VĂN AN", "04/03/1958", "Nam", "Xóm 1", "GD", "01/01/2026", "31/12/2026", "TYT"],
            [2, None, "Trần Thị Bình", "05/06/1962", "Nữ", "Xóm 1", "GD", "01/01/2026", "31/12/2026", "TYT"],
            [3, "3512345678", "le van cuong", dt.date(1980, 4, 5), "Nam", "Xóm 2, xã Nam Toàn", "HN",
             dt.date(2026, 1, 1), dt.date(2026, 12, 31), "TYT"],
            [4, "3599999999", "Người Lạ", "01/01/1990", "Nam", "Xóm 9", "GD", "01/01/2026", "31/12/2026", "TYT"],
            ["", "", "Tổng cộng: 4 thẻ"]]
    # Mã số BHXH column is first here: CCCD absent, so row 2 matches on name + birth date
    b_row = db.execute("SELECT birth_date FROM people WHERE id = ?", [b]).fetchone()
    assert b_row == (None,)
    db.execute("UPDATE people SET birth_date = '1962-06-05', birth_year = 1962 WHERE id = ?", [b])
    plan = run(db, rows, tmp_path)
    c_ = plan.counts
    assert (c_["new_cards"], c_["unmatched"], c_["new_people"], c_["rejected"]) == (3, 1, 0, 0)
    assert cards(db, a)[-1] == ("GD", "2026-01-01", "2026-12-31", "", "the.xlsx")
    assert len(cards(db, a)) == 2            # history kept, new period added
    assert cards(db, b) == [("GD", "2026-01-01", "2026-12-31", "", "the.xlsx")]
    assert cards(db, c)[0][0] == "HN"
    assert db.execute("SELECT bhxh_code FROM people WHERE id = ?", [c]).fetchone() == ("3512345678",)
    assert "Không tìm thấy người này" in plan.unmatched[0].reason
    # the same list again adds nothing
    again = run(db, rows, tmp_path)
    assert again.counts["new_cards"] == 0 and again.counts["updated"] == 0 and again.counts["unchanged"] == 3


def test_unmatched_people_can_be_added(db, tmp_path):
    rows = [HEADER, [1, "3599999999", "Người Lạ", "01/01/1990", "Nam", "Xóm 9", "GD", "01/01/2026", "31/12/2026", ""]]
    plan = run(db, rows, tmp_path, add_unmatched=True)
    assert plan.counts["new_people"] == 1 and plan.counts["new_cards"] == 1 and plan.villages_new == ["Xóm 9"]
    pid = db.execute("SELECT id FROM people WHERE bhxh_code = '3599999999'").fetchone()[0]
    assert cards(db, pid)[0][:3] == ("GD", "2026-01-01", "2026-12-31")
    assert run(db, rows, tmp_path, add_unmatched=True).counts["new_cards"] == 0


def test_old_card_numbers_and_several_periods_for_one_person(db, tmp_path):
    pid = person(db, name="Phạm Văn Đức", bhxh_code="0101234567")
    rows = [["Mã thẻ", "Họ tên", "Ngày sinh", "Từ ngày", "Đến ngày"],
            ["GD4010101234567", "Phạm Văn Đức", "1970", "01/01/2025", "31/12/2025"],
            ["GD4010101234567", "Phạm Văn Đức", "1970", "01/01/2026", "31/12/2026"],
            ["GD4010101234567", "Phạm Văn Đức", "1970", "01/01/2026", "31/12/2026"]]
    plan = run(db, rows, tmp_path)
    assert plan.counts["new_cards"] == 2 and plan.counts["in_file_duplicates"] == 0
    assert cards(db, pid)[0][:4] == ("GD", "2025-01-01", "2025-12-31", "GD4010101234567")


def test_card_rows_missing_dates_or_group_are_rejected(db, tmp_path):
    person(db, name="Phạm Văn Đức", bhxh_code="0101234567")
    rows = [HEADER,
            [1, "0101234567", "Phạm Văn Đức", "1970", "Nam", "", "", "01/01/2026", "31/12/2026", ""],
            [2, "0101234567", "Phạm Văn Đức", "1970", "Nam", "", "GD", "", "31/12/2026", ""],
            [3, "0101234567", "Phạm Văn Đức", "1970", "Nam", "", "GD", "31/12/2026", "01/01/2026", ""],
            [4, "0101234567", "Phạm Văn Đức", "1970", "Nam", "", "GD", "1/1/26", "31/12/27", ""]]
    plan = run(db, rows, tmp_path, commit=False)
    reasons = {r.row: r.reason for r in plan.rejected}
    assert reasons == {2: "Thiếu mã đối tượng.", 3: "Thiếu ngày bắt đầu hạn thẻ.",
                       4: "Hạn thẻ: ngày bắt đầu sau ngày kết thúc."}
    assert [(c.valid_from, c.valid_to) for c in plan.cards_new] == [("2026-01-01", "2027-12-31")]


def test_ambiguous_name_and_birth_is_not_guessed(db, tmp_path):
    for v in ("Xóm 1", "Xóm 2"):
        person(db, village_name=v, name="Nguyễn Văn An", birth=Birth(dt.date(1990, 1, 1)))
    rows = [["Họ tên", "Ngày sinh", "Mã ĐT", "Từ ngày", "Đến ngày"],
            ["Nguyễn Văn An", "01/01/1990", "GD", "01/01/2026", "31/12/2026"]]
    plan = run(db, rows, tmp_path, commit=False)
    assert plan.counts["unmatched"] == 1 and "2 người cùng họ tên" in plan.unmatched[0].reason
    rows = [["Họ tên", "Ngày sinh", "Thôn", "Mã ĐT", "Từ ngày", "Đến ngày"],
            ["Nguyễn Văn An", "01/01/1990", "Xóm 2", "GD", "01/01/2026", "31/12/2026"]]
    assert run(db, rows, tmp_path, commit=False).counts["new_cards"] == 1


def test_cards_match_by_cccd_when_no_bhxh(db, tmp_path):
    pid = person(db, name="Trần Thị Bình", cccd="001162005678")
    rows = [["Họ tên", "Số CCCD", "Mã ĐT", "Từ ngày", "Đến ngày"],
            ["Tran Thi Binh", 1162005678.0, "GD", "01/01/2026", "31/12/2026"]]
    plan = run(db, rows, tmp_path)
    assert plan.counts["new_cards"] == 1 and cards(db, pid)[0][0] == "GD"


def test_d03_card_list_after_a_roster(db, tmp_path):
    from import_helpers import d03_card_list, messy_roster
    roster = read_table(messy_roster(tmp_path / "ds.xlsx"))
    commit_import(db, plan_import(db, roster, detect_mapping(roster), today=TODAY))
    table = read_table(d03_card_list(tmp_path / "d03.xlsx"))
    m = detect_mapping(table)
    assert (m.header_row, m.header_rows, m.data_start) == (4, 2, 7)
    assert (m.columns["valid_from"], m.columns["valid_to"]) == (8, 9)
    plan = plan_import(db, table, m, "cards", today=TODAY)
    c = plan.counts
    assert (c["new_cards"], c["unmatched"], c["rejected"], c["skipped"]) == (3, 1, 1, 8)
    assert plan.unmatched[0].name == "Phạm Thị Mới"
    assert plan.rejected[0].row == 13
