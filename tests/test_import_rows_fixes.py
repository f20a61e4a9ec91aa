"""What the tester found in real-shaped rosters: family names read as subtotals, the place-date
line over an ID or birth column, notes under the table, a title right above a one-row header,
and a name split in "Họ đệm" | "Tên"."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.importing import detect_mapping, plan_import, read_table, remember_mapping
from bhyt_desktop.importing.outcomes import NEW, REJECTED, SKIPPED

TODAY = dt.date(2026, 11, 22)
DATE_LINE = "Nam Toàn, ngày 20 tháng 11 năm 2026"


def plan(db, path, kind="roster"):
    table = read_table(path)
    return plan_import(db, table, detect_mapping(table, db, kind), kind, today=TODAY)


def outcomes(p) -> dict[int, tuple[str, str]]:
    return {r.row: (r.status, r.reasons[0] if r.reasons else "") for r in p.rows}


def names(p) -> list[str]:
    return [n.record.full_name for n in p.new_people]


# -- 1. "Tống", "Công" are family names; "Cộng", "Tổng" mark subtotals ----------------------------

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


# -- 2. the place-date line of the signature block, over any column ------------------------------

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


# -- 3. notes under the table -------------------------------------------------------------------

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


# -- 4. a title right above a one-row header ----------------------------------------------------

@pytest.mark.parametrize("numbering", [False, True])
def test_title_right_above_a_one_row_header_gives_the_village(db, tmp_path, numbering):
    rows = [["DANH SÁCH HỘ GIA ĐÌNH XÓM 10"],
            ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ"],
            *([[1, 2, 3, 4, 5]] if numbering else []),
            ["1.", "Đoàn Văn Nhất", "1970", "036070007001", "Chủ hộ"],
            ["2.", "Đoàn Thị Nhì", "1971", "036171007002", "Vợ"]]
    path = save(rows, tmp_path / "f.xlsx")
    m = detect_mapping(read_table(path))
    assert (m.header_row, m.header_rows, m.data_start) == (1, 1, 3 if numbering else 2)
    assert m.default_village == "Xóm 10"
    p = plan(db, path)
    assert names(p) == ["Đoàn Văn Nhất", "Đoàn Thị Nhì"] and p.counts["rejected"] == 0
    assert {n.record.village for n in p.new_people} == {"Xóm 10"}


def test_title_block_over_a_two_row_header_keeps_the_two_rows(tmp_path):
    rows = [["UBND XÃ NAM TOÀN"], ["DANH SÁCH NHÂN KHẨU THÔN TÂY"],
            ["STT", "Họ và tên", "Ngày sinh", None, "Số CCCD"],
            [None, None, "Nam", "Nữ", None],
            [1, "Lò Văn Pá", "1970", None, "011070001111"]]
    m = detect_mapping(read_table(save(rows, tmp_path / "f.xlsx", ("C3:D3", "A3:A4", "B3:B4", "E3:E4"))))
    assert (m.header_row, m.header_rows, m.data_start) == (2, 2, 4)
    assert m.default_village == "Thôn Tây" and "birth_male" in m.columns


# -- 5. "Họ và tên" over "Họ đệm" | "Tên" ----------------------------------------------------------

SPLIT = [
    [1, "Tống Văn", "Bình", 1960, "Nam", "038060001111", 1, "Chủ hộ"],
    [2, "Tống Thị", "Lan", None, "Nữ", None, 1, "Con"],
    [3, "Công Văn", "Hậu", "", "Nam", "", 1, "Con"],
    [None, "Cộng", None, 2, 3, None, None, None],
]
FULL = ["Tống Văn Bình", "Tống Thị Lan", "Công Văn Hậu"]


@pytest.mark.parametrize("family,given", [("Họ đệm", "Tên"), ("Họ", "Tên"), ("Họ và chữ đệm", "Tên"),
                                          ("Ho dem", "Ten"), ("HỌ", "TÊN")])
def test_name_split_under_a_merged_ho_va_ten(db, tmp_path, family, given):
    rows = [["UBND XÃ NAM TOÀN"], ["DANH SÁCH NHÂN KHẨU THÔN TÂY"],
            ["STT", "Họ và tên", None, "Năm sinh", "Giới tính", "Số CCCD", "Mã hộ GĐ", "Quan hệ với chủ hộ"],
            [None, family, given, None, None, None, None, None], *SPLIT]
    merges = ("B3:C3",) + tuple(f"{c}3:{c}4" for c in "ADEFGH")
    path = save(rows, tmp_path / "f.xlsx", merges)
    m = detect_mapping(read_table(path))
    assert (m.header_row, m.header_rows, m.data_start) == (2, 2, 4)
    assert (m.columns["full_name"], m.columns["given_name"]) == (1, 2)
    p = plan(db, path)
    assert names(p) == FULL and p.counts["rejected"] == 0
    assert p.skipped_by_kind() == {"dòng cộng/tổng": 1}


def test_a_rejected_row_with_a_split_name_is_listed_by_its_whole_name(db, tmp_path):
    rows = [["DANH SÁCH NHÂN KHẨU THÔN TÂY"],
            ["STT", "Họ đệm", "Tên", "Năm sinh", "Giới tính", "Số CCCD", "Mã hộ", "Quan hệ với chủ hộ"],
            *SPLIT[:1], [2, "Lý Thị", "Mai", "31/02/1990", "Nữ", None, 1, "Con"]]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    (rejected,) = p.rejected
    assert rejected.row == 4 and rejected.name == "Lý Thị Mai"


def test_name_split_in_a_one_row_header(db, tmp_path):
    rows = [["DANH SÁCH NHÂN KHẨU THÔN TÂY"],
            ["STT", "Họ đệm", "Tên", "Năm sinh", "Giới tính", "Số CCCD", "Mã hộ", "Quan hệ với chủ hộ"], *SPLIT]
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    assert names(p) == FULL and p.mapping.columns["given_name"] == 2


def test_a_lone_given_name_or_household_column_is_not_a_split_name(tmp_path):
    for header in (["STT", "Hộ", "Tên", "Năm sinh"], ["STT", "Tên", "Năm sinh", "Họ"]):
        m = detect_mapping(read_table(save([header, [1, 1, "Nguyễn Văn A", 1960]], tmp_path / "f.xlsx")))
        assert m.columns["full_name"] == header.index("Tên") and "given_name" not in m.columns


def test_a_corrected_split_name_mapping_is_remembered(db, tmp_path):
    rows = [["STT", "Phần họ", "Phần tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Tống Văn", "Bình", 1960, "Chủ hộ", "Xóm 1"]]
    path = save(rows, tmp_path / "f.xlsx")
    table = read_table(path)
    m = detect_mapping(table, db, "roster").with_column("full_name", 1).with_column("given_name", 2)
    remember_mapping(db, m, "roster")
    again = detect_mapping(read_table(path), db, "roster")
    assert again.source == "remembered" and again.columns["given_name"] == 2
    p = plan_import(db, read_table(path), again, "roster", today=TODAY)
    assert names(p) == ["Tống Văn Bình"] and p.rows[0].status == NEW

