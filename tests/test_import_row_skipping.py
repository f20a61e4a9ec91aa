"""Rows of a list that are not people: subtotal lines ("Cộng", "Tổng") told from the family
names "Tống", "Công"; the place-date line of the signature block over any column; notes under
the table; D03-TS sub-section headings. A person's row is never skipped as one of them."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.importing import detect_mapping, plan_import, read_table
from bhyt_desktop.importing.outcomes import REJECTED, SKIPPED

TODAY = dt.date(2026, 11, 22)
DATE_LINE = "Nam Toàn, ngày 20 tháng 11 năm 2026"

def plan(db, path, kind="roster", group=""):
    table = read_table(path)
    mapping = detect_mapping(table, db, kind)
    if group:
        mapping = mapping.with_group(group)
    return plan_import(db, table, mapping, kind, today=TODAY, add_unmatched=kind == "cards")

def outcomes(p) -> dict[int, tuple[str, str]]:
    return {r.row: (r.status, r.reasons[0] if r.reasons else "") for r in p.rows}

def outcome_texts(p) -> dict[int, tuple[str, str]]:
    return {r.row: (r.status, " ".join(r.reasons)) for r in p.rows}

def names(p) -> list[str]:
    return [n.record.full_name for n in p.new_people]

# -- 1. "Tống", "Công" are family names; "Cộng", "Tổng" mark subtotals ------------------------

def test_tong_and_cong_family_names_without_birth_or_id_are_people(db, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ", "Mã hộ", "Thôn"],
            [1, "Tống Văn Bình", "12/05/1960", "Chủ hộ", "T01", "Xóm 6"],
            [2, "Tống Thị Lan", None, "Con", "T01", "Xóm 6"],
            [3, "CÔNG VĂN HẬU", None, "Cháu", "T01", "Xóm 6"],
            [4, "Công Thị Mơ", None, None, None, "Xóm 6"],       # nothing but the name: still a person
            [None, "Cộng hộ", None, None, None, None],
            [None, "Cộng xóm 6", None, 4, None, None],
            [None, "TỔNG CỘNG", None, 4, None, None],
            [None, "Tổng số người: 4"]]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    assert names(p) == ["Tống Văn Bình", "Tống Thị Lan", "Công Văn Hậu", "Công Thị Mơ"]
    assert p.counts["skipped"] == 4 and p.skipped_by_kind() == {"dòng cộng/tổng": 4}

def test_without_diacritics_the_row_decides_between_a_subtotal_and_a_person(db, tmp_path):
    rows = [["STT", "Ho va ten", "Ngay sinh", "Quan he voi chu ho", "Ma ho", "Thon"],
            [1, "Tong Van Binh", "12/05/1960", "Chu ho", "T01", "Xom 6"],
            [2, "Tong Thi Lan", None, "Con", "T01", "Xom 6"],     # a relation: a person
            [3, "Cong Van Hau", None, None, "T01", "Xom 6"],      # a household code: a person
            [4, "Tong Cong Minh", None, "Con", "T01", "Xom 6"],   # starts like "Tong cong"
            [5, "Tong Thi Lan 2", None, "Con", "T01", "Xom 6"],   # rejected with a reason, not lost
            [None, "Cong ho", None, None, "T01", None],           # the household's code repeated
            [None, "Cong xom 6", None, 4],
            [None, "Tong cong", None, 5],
            [None, "TONG SO NGUOI", None, 2026],                  # a count that looks like a year
            [None, "Cong:", None, 5]]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    assert names(p) == ["Tong Van Binh", "Tong Thi Lan", "Cong Van Hau", "Tong Cong Minh"]
    got = outcomes(p)
    assert got[6][0] == REJECTED and "Họ tên không hợp lệ" in got[6][1]
    assert [got[r] for r in range(7, 12)] == [(SKIPPED, "dòng cộng/tổng")] * 5

def test_subtotals_of_the_messy_roster_and_d03_still_skipped(db, tmp_path):
    # "Cộng hộ 1" in the STT column with counts under Nam | Nữ; "Cộng tăng"; "Tổng cộng: 4 thẻ"
    rows = [["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Công Văn Khải", "01/01/1970", None, "Chủ hộ", "Xóm 2"],
            ["Cộng hộ 1", None, 1, None, None, None],
            [None, "Cộng tăng", None, None, None, None],
            [None, "Tổng cộng: 4 thẻ"],
            [None, "Cộng", "2026"]]                                 # "Cộng" beside a year-like count
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    assert names(p) == ["Công Văn Khải"]
    assert p.skipped_by_kind() == {"dòng cộng/tổng": 4}

# -- 2. the place-date line of the signature block, over any column ---------------------------

@pytest.mark.parametrize("col", range(7))
def test_date_line_over_any_column_is_the_signature_block(db, tmp_path, col):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Mã số BHXH", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Đinh Văn Tý", "1970", "036070009001", None, "Chủ hộ", "Xóm 2"],
            [],
            [DATE_LINE if c == col else None for c in range(7)],
            [None, "Người lập biểu", None, None, None, "Trưởng thôn"],
            [None, "Lê Thị Lập", None, None, None, "Trần Văn Mạnh"]]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    assert names(p) == ["Đinh Văn Tý"] and p.counts["rejected"] == 0
    assert p.skipped_by_kind() == {"phần chữ ký": 3}

def test_date_line_over_the_nam_nu_birth_columns(db, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh", None, "Số CCCD", "Thôn"],
            [None, None, "Nam", "Nữ", None, None],
            [1, "Lò Văn Pá", "1970", None, "011070001111", "Xóm 1"],
            [None, None, None, "ngày 20 tháng 11 năm 2026"],
            [None, None, None, "Trưởng thôn"]]
    p = plan(db, save(rows, tmp_path / "f.xlsx", ("C1:D1", "A1:A2", "B1:B2", "E1:E2", "F1:F2")))
    assert names(p) == ["Lò Văn Pá"] and p.skipped_by_kind() == {"phần chữ ký": 2}

def test_a_birth_written_in_words_in_a_persons_row_is_not_the_signature_block(db, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Đinh Văn Tý", "ngày 12 tháng 5 năm 1960", "Chủ hộ", "Xóm 2"],
            [2, "Đinh Thị Tèo", None, "Con", "Xóm 2"]]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    got = outcomes(p)
    assert got[2][0] == REJECTED and got[2][1].startswith("Ngày sinh")   # said, not hidden
    assert names(p) == ["Đinh Thị Tèo"] and p.counts["skipped"] == 0

# -- 3. notes under the table -----------------------------------------------------------------

def test_notes_under_the_table_are_skipped_not_rejected(db, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Đinh Văn Tý", "1970", "036070009001", "Chủ hộ", "Xóm 2"],
            [2, "Đinh Thị Tèo", None, None, "Con", "Xóm 2"],
            [None, "Ghi chú: danh sách gồm 1 hộ, 2 khẩu"],
            [None, "Số hộ: 12; Số khẩu: 45"],
            [None, "Số hộ", 1, None, None, None],
            [None, "Lưu ý", None, None, None, None],
            ["*", "Lưu ý: ghi rõ năm sinh"]]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    assert names(p) == ["Đinh Văn Tý", "Đinh Thị Tèo"] and p.counts["rejected"] == 0
    assert p.counts["skipped"] == 5 and p.skipped_by_kind() == {"dòng ghi chú": 5}

def test_a_person_with_a_remark_is_not_a_note(db, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ", "Thôn", "Ghi chú"],
            [1, "Đinh Văn Tý", None, "Chủ hộ", "Xóm 2", "Lưu ý: chuyển đi"],
            [2, "Đinh Thị Tèo", None, None, "Xóm 2", "Ghi chú: mới sinh"]]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    assert names(p) == ["Đinh Văn Tý", "Đinh Thị Tèo"]

# -- 4. D03-TS sub-section headings are skipped, never read as people -------------------------

D03_HEADER = ["STT", "Họ và tên", "Mã số BHXH", "Số CCCD", "Ngày tháng năm sinh", "Giới tính", "Địa chỉ",
              "Từ tháng", "Số tháng"]

def test_d03_sub_section_headings_are_skipped_and_keep_the_giam_part(db, tmp_path):
    rows = [D03_HEADER,
            ["A", "TĂNG"],
            ["I", "Hộ gia đình"],
            [1, "Hồ Văn Mới", None, "036001009876", "05/05/2001", "Nam", "Xóm 1", "01/2027", 12],
            [None, "II. Học sinh, sinh viên"],
            [2, "Hồ Thị Nhỏ", None, "036302009877", "05/05/2008", "Nữ", "Xóm 1", "01/2027", 12],
            ["1", "Người thuộc hộ gia đình cận nghèo"],
            [3, "Hồ Văn Út", None, "036003009878", "05/05/2003", "Nam", "Xóm 1", "01/2027", 12],
            ["III. Các đối tượng khác"],                         # alone in the STT column
            ["B", "GIẢM"],
            ["I", "Hộ gia đình"],                                 # must not end the "Giảm" part
            [1, "Phạm Minh Đức", "3600000013", None, "14/02/1963", "Nam", "Xóm 1", "01/2027", 12]]
    p = plan(db, save(rows, tmp_path / "d03.xlsx"), "cards", group="GD")
    got = outcome_texts(p)
    assert [r for r, (status, _why) in got.items() if status == REJECTED] == []
    for row in (3, 5, 7, 9, 11):
        assert got[row] == (SKIPPED, "dòng tiêu đề mục"), (row, got[row])
    assert [n.record.full_name for n in p.new_people] == ["Hồ Văn Mới", "Hồ Thị Nhỏ", "Hồ Văn Út"]
    assert p.decrease_rows == [12] and p.counts["new_cards"] == 3

def test_people_with_little_beside_their_name_are_never_skipped_as_headings(db, tmp_path):
    rows = [["DANH SÁCH HỘ GIA ĐÌNH XÓM 1"], [],
            ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ"],
            [1, "Hồ Gia Định", "01/01/1970", None, "Chủ hộ"],
            [2, "Hồ Văn Người", None, None, "Con"],        # a name and a relation
            [3, "Ho Gia Dinh", None, None, None],           # a name and an STT number (Hồ Gia Định)
            [4, "Hồ Gia Định", None, None, None],
            [None, "Nguyễn Văn Học", None, None, None],     # a name alone
            [5, "Trẻ Văn Em", None, None, "Con"]]           # a heading's words, but a relation
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    got = outcome_texts(p)
    assert all(status != SKIPPED for status, _why in got.values()), got
    assert [n.record.full_name for n in p.new_people] == [
        "Hồ Gia Định", "Hồ Văn Người", "Ho Gia Dinh", "Hồ Gia Định", "Nguyễn Văn Học", "Trẻ Văn Em"]
