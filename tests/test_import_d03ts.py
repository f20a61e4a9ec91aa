"""Form D03-TS as collectors send it: periods as "Từ tháng" + "Số tháng", no group column,
and "Tăng" / "Giảm" sections. Rows under "Giảm" are people leaving: matched and listed,
never given a card period."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from factories import person
from import_helpers import save

from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.importing.cells import month_count, month_start, period_end
from bhyt_desktop.roster.edits import Birth

TODAY = dt.date(2026, 11, 22)
HEADER = ["STT", "Họ và tên", "Mã số BHXH", "Số CCCD", "Ngày tháng năm sinh", "Giới tính", "Địa chỉ",
          "Nơi đăng ký KCB ban đầu", "Ngày biên lai", "Số biên lai", "Từ tháng", "Số tháng", "Ghi chú"]


def d03_months(path):
    rows = [
        ["BẢO HIỂM XÃ HỘI HUYỆN NAM TRỰC", None, None, None, None, None, None, None, None, None, "Mẫu D03-TS"],
        ["ĐẠI LÝ THU: UBND XÃ NAM TOÀN"],
        [None, None, "DANH SÁCH NGƯỜI CHỈ THAM GIA BẢO HIỂM Y TẾ"],
        [],
        HEADER,
        ["A", "B", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"],
        ["A", "TĂNG"],
        [1, "Nguyễn Văn An", "0101234567", None, "04/03/1958", "Nam", "Xóm 1", "TYT Nam Toàn",
         "05/01/2026", "0001", "01/2026", 12, None],
        [2, "Trần Thị Bình", None, "001162005678", "05/06/1962", "Nữ", "Xóm 1", "TYT Nam Toàn",
         "02/03/2026", "0002", "T3/2026", "6", None],
        [3, "Lê Văn Cường", "3512345678", None, dt.date(1980, 4, 5), "Nam", "Xóm 2", "TYT Nam Toàn",
         "20/06/2026", "0003", dt.date(2026, 7, 1), 3.0, None],
        [4, "Đỗ Văn Sai", "3512349999", None, "01/01/1990", "Nam", "Xóm 2", "TYT Nam Toàn",
         None, None, "13/2026", 12, None],
        [5, "Phạm Thị Thiếu", "3512348888", None, "01/01/1991", "Nữ", "Xóm 2", "TYT Nam Toàn",
         None, None, "02/2026", None, None],
        [None, "Cộng tăng", None, None, None, None, None, None, None, None, None, None, 5],
        ["B", "GIẢM", None, None, None, None, None, None, None, None, None, None, 2],
        [1, "Vũ Thị Hà", "3599990001", None, "09/09/1975", "Nữ", "Xóm 1", "TYT Nam Toàn",
         None, None, "10/2026", 12, "Chết"],
        [2, "Người Lạ", "3599990002", None, "01/01/1960", "Nam", "Xóm 9", "TYT Nam Toàn",
         None, None, "10/2026", 12, "Chuyển đi"],
        [None, "Cộng giảm", None, None, None, None, None, None, None, None, None, None, 2],
        [None, "Tổng cộng"],
        [],
        [None, "Người lập biểu", None, None, None, None, None, None, "Nam Toàn, ngày 20 tháng 11 năm 2026"],
    ]
    return save(rows, path, sheet="D03-TS")


def _roster(db):
    return {
        "an": person(db, name="Nguyễn Văn An", bhxh_code="0101234567", birth=Birth(dt.date(1958, 3, 4))),
        "binh": person(db, name="Trần Thị Bình", cccd="001162005678", birth=Birth(dt.date(1962, 6, 5))),
        "cuong": person(db, village_name="Xóm 2", name="Lê Văn Cường", bhxh_code="3512345678",
                        birth=Birth(dt.date(1980, 4, 5))),
        "ha": person(db, ("HN", "2026-01-01", "2026-12-31"), name="Vũ Thị Hà", bhxh_code="3599990001",
                     birth=Birth(dt.date(1975, 9, 9))),
    }


def _plan(db, path, group="GD", **kw):
    table = read_table(path)
    mapping = detect_mapping(table, db, "cards")
    if group:
        mapping = mapping.with_group(group)
    return plan_import(db, table, mapping, "cards", today=TODAY, **kw)


def _cards(db, pid):
    return db.execute("SELECT group_code, valid_from, valid_to FROM cards WHERE person_id = ? ORDER BY valid_from",
                      [pid]).fetchall()


def test_month_cells_and_period_ends():
    assert month_start("01/2026", field_label="Từ tháng", today=TODAY) == "2026-01-01"
    assert month_start("Tháng 3/2026", field_label="Từ tháng", today=TODAY) == "2026-03-01"
    assert month_start(1.2026, field_label="Từ tháng", today=TODAY) == "2026-01-01"  # 01.2026 typed as a number
    assert month_start(dt.date(2026, 7, 1), field_label="Từ tháng", today=TODAY) == "2026-07-01"
    assert month_count("12 tháng", field_label="Số tháng") == 12 and month_count(6.0, field_label="Số tháng") == 6
    assert period_end("2026-01-01", 12) == "2026-12-31"
    assert period_end("2026-03-01", 6) == "2026-08-31"
    assert period_end("2026-07-01", 3) == "2026-09-30"
    assert period_end("2026-03-15", 6) == "2026-09-14"
    assert period_end("2026-01-31", 1) == "2026-02-27"  # the day before "31/02", taken as 28/02


def test_the_header_is_found_with_from_month_and_months(db, tmp_path):
    table = read_table(d03_months(tmp_path / "d03.xlsx"))
    m = detect_mapping(table, db, "cards")
    assert m.columns["from_month"] == 10 and m.columns["months"] == 11
    assert "valid_from" not in m.columns and m.missing("cards") == []


def test_increase_rows_get_their_periods_and_decrease_rows_none(db, tmp_path):
    ids = _roster(db)
    plan = _plan(db, d03_months(tmp_path / "d03.xlsx"))
    c = plan.counts
    assert c["new_cards"] == 3 and c["rejected"] == 2 and c["decreases"] == 2, c
    reasons = {r.row: r.reasons for r in plan.rejected}
    assert any("Từ tháng không hợp lệ" in t and "13/2026" in t for t in reasons[11])
    assert reasons[12] == ["Thiếu số tháng."]
    leaving = {r.name: r for r in plan.decreases}
    assert set(leaving) == {"Vũ Thị Hà", "Người Lạ"}
    assert leaving["Vũ Thị Hà"].status == "unchanged" and leaving["Người Lạ"].status == "unmatched"
    assert all(any("phần Giảm" in t for t in r.reasons) for r in leaving.values())
    commit_import(db, plan)
    assert _cards(db, ids["an"]) == [("GD", "2026-01-01", "2026-12-31")]
    assert _cards(db, ids["binh"]) == [("GD", "2026-03-01", "2026-08-31")]
    assert _cards(db, ids["cuong"]) == [("GD", "2026-07-01", "2026-09-30")]
    assert _cards(db, ids["ha"]) == [("HN", "2026-01-01", "2026-12-31")]  # her history untouched
    again = _plan(db, tmp_path / "d03.xlsx")
    assert again.counts["new_cards"] == 0 and not again.has_changes


def test_people_leaving_are_never_added_even_when_adding_the_unmatched(db, tmp_path):
    _roster(db)
    plan = _plan(db, d03_months(tmp_path / "d03.xlsx"), add_unmatched=True)
    assert [p.record.full_name for p in plan.new_people] == []  # Sai, Thiếu rejected; Người Lạ leaving
    # Người Lạ (not in the roster) is counted and listed once, as a "Giảm" row
    assert plan.counts["unmatched"] == 0 and plan.counts["decreases"] == 2
    assert [(r.name, r.status) for r in plan.decreases][1] == ("Người Lạ", "unmatched")


def test_without_a_group_every_increase_row_says_what_is_missing(db, tmp_path):
    _roster(db)
    plan = _plan(db, d03_months(tmp_path / "d03.xlsx"), group=None)
    assert plan.counts["new_cards"] == 0
    assert all("Thiếu mã đối tượng." in r.reasons for r in plan.rejected if r.row in (8, 9, 10))


def test_command_line_takes_the_group_for_the_file(db_path, tmp_path, capsys):
    from bhyt_desktop.cli import main
    from bhyt_desktop.store import open_db
    db = open_db(db_path, create=True)
    _roster(db)
    db.close()
    path = d03_months(tmp_path / "d03.xlsx")
    assert main(["import", "cards", str(path), "--db", str(db_path), "--group", "gd", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["new_cards"] == 3 and out["counts"]["decreases"] == 2
    assert [(d["name"], d["status"]) for d in out["decreases"]] == [("Vũ Thị Hà", "unchanged"), ("Người Lạ", "unmatched")]
    assert main(["import", "cards", str(path), "--db", str(db_path), "--group", "QQ"]) == 1
    err = capsys.readouterr().err
    assert "--group QQ" in err and "GD" in err
    assert main(["import", "cards", str(path), "--db", str(db_path), "--group", "GD", "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "Dòng phần Giảm (không thêm hạn thẻ)" in text and "Vũ Thị Hà" in text
    assert main(["import", "cards", str(path), "--db", str(db_path), "--dry-run"]) == 0
    assert "Mã đối tượng cho dòng không ghi mã: GD." in capsys.readouterr().out  # remembered with the layout
    assert main(["import", "cards", str(path), "--db", str(tmp_path / "other.db"), "--dry-run"]) == 0
    assert "--group GD" in capsys.readouterr().out  # no group column, none chosen: say what to do


@pytest.mark.parametrize("heading", ["II. Giảm", "Giảm", "B. GIẢM", "Danh sách giảm"])
def test_decrease_headings(db, tmp_path, heading):
    _roster(db)
    rows = [HEADER, ["A", "Tăng"],
            [1, "Nguyễn Văn An", "0101234567", None, "04/03/1958", "Nam", "Xóm 1", None, None, None, "01/2026", 12],
            [None, heading],
            [1, "Vũ Thị Hà", "3599990001", None, "09/09/1975", "Nữ", "Xóm 1", None, None, None, "10/2026", 12]]
    plan = _plan(db, save(rows, tmp_path / "h.xlsx"))
    assert plan.counts["new_cards"] == 1 and plan.counts["decreases"] == 1


def test_the_group_chosen_is_remembered_with_the_layout(db, tmp_path):
    _roster(db)
    path = d03_months(tmp_path / "d03.xlsx")
    commit_import(db, _plan(db, path))
    again = detect_mapping(read_table(path), db, "cards")
    assert again.source == "remembered" and again.default_group == "GD"


def test_the_rejects_workbook_leaves_out_the_leaving_rows(db, tmp_path):
    """Fixed and imported again without their "Giảm" heading, they would be read as joining."""
    from bhyt_desktop.importing import write_rejects
    _roster(db)
    plan = _plan(db, d03_months(tmp_path / "d03.xlsx"))
    assert write_rejects(plan, tmp_path / "loai.xlsx") == 2  # Sai and Thiếu; not Người Lạ (unmatched, leaving)
    names = [r[1] for r in read_table(tmp_path / "loai.xlsx").rows[1:]]
    assert names == ["Đỗ Văn Sai", "Phạm Thị Thiếu"]
