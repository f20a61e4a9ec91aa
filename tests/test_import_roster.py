"""Importing household rosters: counts, cleaning, households, matching, duplicates, re-import."""

from __future__ import annotations

import datetime as dt

from factories import household, person, village
from import_helpers import dump, messy_roster, save, table_counts

from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.roster.edits import Birth

TODAY = dt.date(2026, 11, 22)


def run(db, path, kind="roster", commit=True, **kw):
    table = read_table(path)
    plan = plan_import(db, table, detect_mapping(table, db, kind), kind, today=TODAY, **kw)
    if commit:
        commit_import(db, plan, operator="Cán bộ LĐXH")
    return plan


def people(db):
    return {r[0]: r[1:] for r in db.execute(
        "SELECT full_name, birth_date, birth_year, sex, relation, cccd, bhxh_code, "
        "(SELECT code FROM households h WHERE h.id = household_id), "
        "(SELECT name FROM villages v WHERE v.id = village_id) FROM people")}


def test_messy_roster_imports_with_the_right_counts(db, tmp_path):
    plan = run(db, messy_roster(tmp_path / "ds.xlsx"))
    c = plan.counts
    assert (c["new_people"], c["rejected"], c["new_cards"], c["households_created"], c["villages_created"]) \
        == (6, 0, 4, 2, 1)
    assert c["skipped"] == 6   # two "Cộng hộ", one "Tổng cộng", three signature lines
    assert table_counts(db) == {"villages": 1, "households": 2, "people": 6, "cards": 4}
    p = people(db)
    # NFD name -> NFC; IDs typed as numbers get their zeros back; dates in every form
    assert p["Nguyễn Văn An"] == ("1958-03-04", 1958, "M", "Chủ hộ", "001058001234", "0101234567", "HGD01", "Thôn Đông Hà")
    assert p["Trần Thị Bình"][:6] == ("1962-06-05", 1962, "F", "Vợ", "001162005678", None)
    assert p["Nguyễn Văn Cường"][:3] == (None, 1985, "M")        # year only, sex from the Nam column
    assert p["Lê Văn Dũng"][0] == "1970-01-20"                   # was "LÊ VĂN DŨNG" with spaces
    assert p["Phạm Thị Én"][0] == "1972-02-29"
    assert p["Lê Thị Giang"][5] == "3598765432"
    heads = db.execute("SELECT h.code, p.full_name FROM households h JOIN people p ON p.id = h.head_person_id "
                       "ORDER BY h.code").fetchall()
    assert heads == [("HGD01", "Nguyễn Văn An"), ("HGD02", "Lê Văn Dũng")]
    log = db.execute("SELECT operator, kind, file_name, sha256, counts FROM import_log").fetchall()
    assert log[0][:3] == ("Cán bộ LĐXH", "roster", "ds.xlsx") and len(log[0][3]) == 64
    assert '"new_people": 6' in log[0][4]


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    path = messy_roster(tmp_path / "ds.xlsx")
    run(db, path)
    before = dump(db)[:4]
    again = run(db, path)
    c = again.counts
    assert (c["new_people"], c["updated"], c["new_cards"], c["villages_created"], c["households_created"]) == (0,) * 5
    assert c["unchanged"] == 6
    assert dump(db)[:4] == before
    assert len(again.previous_imports) == 1


def test_reimporting_people_with_no_id_and_no_birth_changes_nothing(db, tmp_path):
    """Old village lists often give only a name: the same file again must not add them twice
    (found by the property test), while a namesake in another household is still a new person."""
    rows = [["STT", "Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ", "Mã hộ", "Thôn"],
            [1, "Nguyễn Văn An", None, "Chủ hộ", "H1", "Xóm 1"],
            [2, "Trần Thị Bình", None, "Vợ", "H1", "Xóm 1"],
            [3, "Nguyễn Văn An", None, "Chủ hộ", "H2", "Xóm 1"]]
    path = save(rows, tmp_path / "ds.xlsx")
    assert run(db, path).counts["new_people"] == 3
    again = run(db, path)
    assert (again.counts["new_people"], again.counts["unchanged"]) == (0, 3)
    rows.append([4, "Nguyễn Văn An", None, "Con", "H3", "Xóm 1"])
    assert run(db, save(rows, tmp_path / "ds2.xlsx"), commit=False).counts["new_people"] == 1


def test_households_from_chu_ho_rows_when_there_is_no_code(db, tmp_path):
    rows = [["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"],
            ["Con Lạc", "2001", "Con", "Xóm 1"],            # before any head: a household alone
            ["Nguyễn Văn A", "1960", "Chủ hộ", "Xóm 1"], ["Lê Thị B", "1962", "Vợ", "Xóm 1"],
            ["", "1990", "Con", "Xóm 1"],                   # rejected member
            ["Trần Văn C", "1970", "chu ho", "Xóm 2"], ["Trần Thị D", "1995", "Con", "Xóm 2"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"))
    assert plan.counts["households_created"] == 3 and plan.counts["rejected"] == 1
    groups = db.execute("SELECT group_concat(full_name, ', ') FROM people GROUP BY household_id ORDER BY household_id").fetchall()
    assert [g[0] for g in groups] == ["Con Lạc", "Nguyễn Văn A, Lê Thị B", "Trần Văn C, Trần Thị D"]
    assert plan.villages_new == ["Xóm 1", "Xóm 2"]
    # no IDs at all, still a no-op the second time
    again = run(db, save(rows, tmp_path / "a.xlsx"))
    assert again.counts["new_people"] == 0 and again.counts["unchanged"] == 5


def test_known_people_are_updated_not_added(db, tmp_path):
    hid = household(db, "Xóm 1", code="HGD01")
    pid = person(db, household_id=hid, name="Nguyen Van An", cccd="001058001234", birth=Birth(year=1958))
    plan = run(db, messy_roster(tmp_path / "ds.xlsx"))
    assert plan.counts["new_people"] == 5 and plan.counts["updated"] == 1
    row = db.execute("SELECT full_name, birth_date, bhxh_code, household_id FROM people WHERE id = ?", [pid]).fetchone()
    assert row == ("Nguyễn Văn An", "1958-03-04", "0101234567", hid)
    assert db.execute("SELECT count(*) FROM people WHERE cccd = '001058001234'").fetchone()[0] == 1


def test_same_id_twice_in_the_file_is_one_person_with_the_conflict_reported(db, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Số CCCD", "Xóm"],
            ["Nguyễn Văn A", "01/01/1980", "001080000001", "Xóm 1"],
            ["Nguyễn Văn A", "01/01/1980", "1080000001", "Xóm 1"],
            ["Nguyễn Văn Á", "1980", "001080000001", "Xóm 1"],          # the same birth, a year only
            ["Nguyễn Văn Ba", "01/01/1980", "001080000001", "Xóm 1"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"))
    assert plan.counts["new_people"] == 1 and plan.counts["in_file_duplicates"] == 3
    assert [row for row, _t in plan.conflicts] == [3, 4, 5]
    assert "họ tên khác" in plan.conflicts[2][1] and "ngày sinh khác" not in plan.conflicts[2][1]
    assert "ngày sinh khác" not in plan.conflicts[1][1]    # 1980 is 01/01/1980's year


def test_same_id_on_another_name_and_birth_is_refused_not_merged(db, tmp_path):
    """Two rows with one CCCD but another name *and* another birth are two people, one ID
    mistyped: the later row is rejected (to be fixed in the rejects file), not merged away."""
    rows = [["Họ và tên", "Ngày sinh", "Số CCCD", "Xóm"],
            ["Kiều Văn A", "01/01/1970", "036070001111", "Xóm 1"],
            ["Kiều Văn K", "05/06/1998", "036070001111", "Xóm 1"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"))
    assert plan.counts["new_people"] == 1 and plan.counts["rejected"] == 1
    assert plan.counts["in_file_duplicates"] == 0 and plan.conflicts == []
    (reason,) = [r.reason for r in plan.rejected if r.row == 3]
    assert reason == ("Số CCCD trùng với dòng 2 (Kiều Văn A, 01/01/1970) nhưng họ tên và ngày sinh đều khác: "
                      "một trong hai mã bị ghi nhầm, hãy kiểm tra lại.")


def test_possible_duplicates_are_listed_never_merged(db, tmp_path):
    vid = village(db, "Xóm 1")
    assert vid
    person(db, village_name="Xóm 1", name="Trần Văn Hùng", birth=Birth(dt.date(1975, 5, 1)))
    rows = [["Họ và tên", "Ngày sinh", "Thôn"],
            ["TRAN VAN HUNG", "01/05/1975", "xom 1"],
            ["Lê Văn Nam", "1980", "Xóm 1"], ["Le Van Nam", "1980", "Xóm 1"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"))
    assert plan.counts["possible_duplicates"] == 2 and plan.counts["new_people"] == 3
    texts = [p.text() for p in plan.possible_duplicates]
    assert plan.possible_duplicates[0].row == 2 and "Trần Văn Hùng" in texts[0]
    assert not texts[0].startswith("Dòng")   # the row is shown beside the text, not in it
    assert "dòng 3 trong tệp" in texts[1]
    assert plan.villages_new == []   # "xom 1" is the existing "Xóm 1"


def test_rejections_carry_row_numbers_and_vietnamese_reasons(db, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Số CCCD", "Mã số BHXH", "Mã đối tượng", "Từ ngày", "Đến ngày", "Thôn"],
            ["", "01/01/1990", None, None, None, None, None, "Xóm 1"],
            ["Nguyễn Văn B", "31/02/1990", None, None, None, None, None, "Xóm 1"],
            ["Nguyễn Văn C", "01/01/2030", None, None, None, None, None, "Xóm 1"],
            ["Nguyễn Văn D", "01/01/1990", "12A456789012", None, None, None, None, "Xóm 1"],
            ["Nguyễn Văn E", "01/01/1990", "1234567890123", "12345", None, None, None, "Xóm 1"],
            ["Nguyễn Văn F", "01/01/1990", None, None, "XX", "01/01/2026", "31/12/2026", "Xóm 1"],
            ["Nguyễn Văn G", "01/01/1990", None, None, "GD", "01/02/2026", "01/01/2026", "Xóm 1"],
            ["Nguyễn Văn H", "1990", None, None, None, None, None, "Xóm 1"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"), commit=False)
    reasons = {r.row: r.reason for r in plan.rejected}
    assert reasons == {
        2: "Thiếu họ tên.",
        3: "Ngày sinh không tồn tại: «31/02/1990».",
        4: "Ngày sinh ở tương lai: 01/01/2030.",
        5: "Số CCCD chỉ gồm chữ số: «12A456789012».",
        6: "Số CCCD phải có 12 chữ số: «1234567890123». Mã số BHXH phải có 10 chữ số: «12345».",
        7: "Mã đối tượng không có trong danh mục: «XX».",
        8: "Hạn thẻ: ngày bắt đầu sau ngày kết thúc.",
    }
    assert plan.counts["new_people"] == 1


def test_village_headings_and_title_give_villages(db, tmp_path):
    rows = [["DANH SÁCH NHÂN KHẨU XÃ NAM TOÀN"], [],
            ["STT", "Họ tên", "Ngày sinh", "Quan hệ"],
            ["Thôn Đông"], [1, "Nguyễn Văn A", "01/01/1960", "Chủ hộ"],
            ["Thôn Tây"], [2, "Lê Văn B", "02/02/1962", "Chủ hộ"], [3, "Lê Thị C", "1990", "Con"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"))
    assert plan.villages_new == ["Thôn Đông", "Thôn Tây"]
    got = dict(db.execute("SELECT p.full_name, v.name FROM people p JOIN villages v ON v.id = p.village_id").fetchall())
    assert got == {"Nguyễn Văn A": "Thôn Đông", "Lê Văn B": "Thôn Tây", "Lê Thị C": "Thôn Tây"}


def test_no_village_anywhere_rejects_with_a_hint_and_default_village_fixes_it(db, tmp_path):
    path = save([["Họ tên", "Ngày sinh"], ["Nguyễn Văn A", "01/01/1960"]], tmp_path / "a.xlsx")
    plan = run(db, path, commit=False)
    assert plan.counts["rejected"] == 1 and "Không rõ thôn/xóm" in plan.rejected[0].reason
    table = read_table(path)
    plan = plan_import(db, table, detect_mapping(table).with_village("Xóm 5"), today=TODAY)
    assert plan.counts["new_people"] == 1 and plan.villages_new == ["Xóm 5"]


def test_refused_villages_become_rejections(db, tmp_path):
    rows = [["Họ tên", "Ngày sinh", "Thôn"], ["Nguyễn Văn A", "1960", "Xóm 1"], ["Lê Văn B", "1961", "Xóm Mới"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"), commit=False, create_villages=["Xóm 1"])
    assert plan.villages_new == ["Xóm 1"]
    assert plan.rejected[0].reason == "Thôn/xóm «Xóm Mới» chưa có và không được tạo mới."


def test_a_note_mentioning_a_title_does_not_end_the_table(db, tmp_path):
    rows = [["Họ và tên", "Quan hệ", "Ghi chú", "Thôn"],
            ["Nguyễn Văn A", "Chủ hộ", "Cán bộ xã nghỉ hưu", "Xóm 1"],
            ["Nguyễn Thị B", "Vợ", None, "Xóm 1"],
            [None, None, None, None],
            [None, "Trưởng thôn", None, None],
            ["Hoàng Văn Trưởng", None, None, None]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"), commit=False)
    assert plan.counts["new_people"] == 2 and plan.skipped_by_kind() == {"phần chữ ký": 2}


def test_ids_mangled_by_excel_get_a_useful_reason(db, tmp_path):
    from import_helpers import write_csv
    rows = [["HO TEN", "NGAY SINH", "SO CCCD", "THON"], ["Nguyen Van Binh", "12/5/1978", "1.23457E+11", "Xom 3"]]
    plan = run(db, write_csv(tmp_path / "x.csv", rows, encoding="cp1258"), commit=False)
    assert "đã bị Excel đổi thành «1.23457E+11»" in plan.rejected[0].reason
