"""Finding the table: title block, two-row merged headers, numbering rows, header synonyms."""

from __future__ import annotations

import pytest
from import_helpers import messy_roster, save

from bhyt_desktop.importing import detect_mapping, read_table, remember_mapping
from bhyt_desktop.importing.header import (
    column_index,
    column_letter,
    match_label,
    village_from_text,
)


@pytest.mark.parametrize("text,field", [
    ("Họ và tên", "full_name"), ("Họ tên", "full_name"), ("HO TEN", "full_name"), ("HỌ VÀ TÊN", "full_name"),
    ("Ngày sinh", "birth_date"), ("Ngày tháng năm sinh", "birth_date"), ("ngay thang nam sinh", "birth_date"),
    ("Giới tính", "sex"), ("GIOI TINH", "sex"),
    ("Số CCCD", "cccd"), ("CCCD/CMND", "cccd"), ("Số định danh", "cccd"), ("CCCD/ĐDCN", "cccd"),
    ("Mã số BHXH", "bhxh_code"), ("Mã BHXH", "bhxh_code"), ("Mã thẻ", "bhxh_code"), ("MA SO BHXH", "bhxh_code"),
    ("Quan hệ với chủ hộ", "relation"), ("Mã hộ", "household_code"), ("Mã hộ GĐ", "household_code"),
    ("Thôn", "village"), ("Xóm", "village"), ("Tổ", "village"), ("Địa chỉ", "address"),
    ("Mã đối tượng", "group_code"), ("Mã ĐT", "group_code"),
    ("Hạn thẻ từ", "valid_from"), ("Từ ngày", "valid_from"), ("Hạn thẻ đến", "valid_to"), ("Đến ngày", "valid_to"),
    ("Họ và tên (ghi chữ in hoa)", "full_name"), ("Số CCCD (12 số)", "cccd"),
    ("Nơi đăng ký KCB ban đầu", "clinic"), ("Ghi chú", "note"), ("Ngày biên lai", None), ("", None),
    # D03-TS of Decision 490, TK1-TS of Decision 888, collectors' software (ASCII headers)
    ("Số CCCD/ĐDCN/Hộ chiếu", "cccd"), ("Số CMND/ CCCD/ Hộ chiếu", "cccd"), ("Mã số nhân viên thu", "collector"),
    ("HoTen", "full_name"), ("MasoBHXH", "bhxh_code"), ("NgaySinh", "birth_date"), ("GioiTinh", "sex"),
    ("CMND", "cccd"), ("Maho_Giadinh", "household_code"), ("TuNgay", "valid_from"), ("Sothang", "months"),
    ("NgayLap", None), ("MaDaiLy", None),
])
def test_header_synonyms(text, field):
    assert match_label(text) == field


def test_title_block_two_row_merged_header_and_numbering_row(tmp_path):
    m = detect_mapping(read_table(messy_roster(tmp_path / "r.xlsx")))
    assert (m.header_row, m.header_rows, m.data_start) == (6, 2, 9)
    assert m.columns == {"stt": 0, "full_name": 1, "birth_male": 2, "birth_female": 3, "cccd": 4,
                         "bhxh_code": 5, "relation": 6, "household_code": 7, "group_code": 8,
                         "valid_from": 9, "valid_to": 10}
    assert m.default_village == "Thôn Đông Hà"   # from the title, not "Ban chỉ đạo"
    assert m.missing("roster") == [] and m.missing("cards") == []
    assert m.describe()[2] == ("C", "Ngày sinh Nam", "Ngày sinh (cột Nam)")


def test_letter_numbering_row_and_header_on_row_one(tmp_path):
    rows = [["TT", "HO TEN", "NGAY SINH", "GIOI TINH", "DIA CHI"], ["A", "B", "1", "2", "3"],
            [1, "Nguyen Van A", "01/01/1990", "Nam", "Xom 1"]]
    m = detect_mapping(read_table(save(rows, tmp_path / "a.xlsx")))
    assert (m.header_row, m.header_rows, m.data_start) == (0, 1, 2)
    assert set(m.columns) == {"stt", "full_name", "birth_date", "sex", "address"}


def test_unrecognisable_sheet_gives_an_empty_mapping(tmp_path):
    m = detect_mapping(read_table(save([["Báo cáo tháng"], ["a", "b"], [1, 2]], tmp_path / "x.xlsx")))
    assert m.columns == {}
    assert m.missing("roster") == ["Họ và tên"]


def test_corrected_mapping_is_remembered_for_the_same_layout(db, tmp_path):
    rows = [["Tên người", "Sinh", "Số giấy tờ"], ["Nguyễn Văn A", "01/01/1990", "001090000001"]]
    table = read_table(save(rows, tmp_path / "a.xlsx"))
    first = detect_mapping(table, db, "roster")
    assert "full_name" not in first.columns
    fixed = first.with_rows(table, header_row=0, header_rows=1).with_column("full_name", 0) \
        .with_column("birth_date", 1).with_column("cccd", 2)
    remember_mapping(db, fixed, "roster")
    rows2 = [["Danh sách xóm 2"], [], ["TÊN NGƯỜI", "sinh", "Số giấy tờ"],
             ["Trần Thị B", "02/02/1992", "001192000002"]]
    again = detect_mapping(read_table(save(rows2, tmp_path / "b.xlsx")), db, "roster")
    assert again.source == "remembered"
    assert again.columns == {"full_name": 0, "birth_date": 1, "cccd": 2}
    assert (again.header_row, again.data_start) == (2, 3)
    assert detect_mapping(read_table(save(rows2, tmp_path / "c.xlsx")), db, "cards").source == "detected"


def test_with_column_moves_a_field():
    from bhyt_desktop.importing.header import Mapping
    m = Mapping(0, 1, 1, {"full_name": 1, "cccd": 2}, ["", "", ""], "k")
    m2 = m.with_column("bhxh_code", 2)
    assert m2.columns == {"full_name": 1, "bhxh_code": 2} and m2.source == "user"
    assert m.columns == {"full_name": 1, "cccd": 2}
    assert m2.with_column("bhxh_code", None).columns == {"full_name": 1}


def test_village_from_title_and_column_letters():
    assert village_from_text("DANH SÁCH NHÂN KHẨU XÓM 3 - XÃ NAM TOÀN") == "Xóm 3"
    assert village_from_text("Ban nhân dân thôn Đông Hà") == "thôn Đông Hà"
    assert village_from_text("BAN CHỈ ĐẠO BHYT") == ""
    assert village_from_text("Bản Mường Lay") == "Bản Mường Lay"
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]
    assert column_index("ab") == 27 and column_index("3") == 2
