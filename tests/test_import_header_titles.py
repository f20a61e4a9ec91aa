"""The title above a list's header gives the default village: the village's name only, not a
date or a round after it ("THÔN ĐÔNG HÀ NĂM 2027"), and a title right above a one-row header
is a title, not a second header row."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.importing import detect_mapping, plan_import, read_table

TODAY = dt.date(2026, 11, 22)
ROSTER_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ"]

def plan(db, path, kind="roster", group=""):
    table = read_table(path)
    mapping = detect_mapping(table, db, kind)
    if group:
        mapping = mapping.with_group(group)
    return plan_import(db, table, mapping, kind, today=TODAY, add_unmatched=kind == "cards")

def names(p) -> list[str]:
    return [n.record.full_name for n in p.new_people]

def titled(path, title: str):
    return save([["UBND XÃ NAM TOÀN"], [title], [], ROSTER_HEADER,
                 [1, "Phan Văn Gia", "01/02/1970", "036070123456", "Chủ hộ"]], path)

# -- 1. the words after the village's name in a title: a date or a round, not the name --------

@pytest.mark.parametrize(("title", "village"), [
    ("DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT THÔN ĐÔNG HÀ NĂM 2027", "Thôn Đông Hà"),
    ("DANH SÁCH THAM GIA BHYT HỘ GIA ĐÌNH THÔN ĐÔNG HÀ ĐỢT 1", "Thôn Đông Hà"),
    ("DANH SACH HO GIA DINH THON DONG HA NAM 2027", "Thon Dong Ha"),
    ("Danh sách hộ gia đình thôn Đông Hà đợt 2 năm 2027", "thôn Đông Hà"),
    ("DANH SÁCH XÓM 10 NĂM 2027", "Xóm 10"),
    ("DANH SÁCH TỔ DÂN PHỐ 5 THÁNG 11/2026", "Tổ dân phố 5"),
    ("DANH SÁCH THÔN 2A QUÝ IV/2026", "Thôn 2A"),
    ("DANH SÁCH THÔN ĐÔNG HÀ 6 THÁNG ĐẦU NĂM 2027", "Thôn Đông Hà"),
    ("DANH SÁCH THÔN ĐÔNG HÀ GIAI ĐOẠN 2026-2030", "Thôn Đông Hà"),
    ("DANH SÁCH THÔN ĐÔNG HÀ TỪ NGÀY 01/01/2027 ĐẾN NGÀY 31/12/2027", "Thôn Đông Hà"),
    ("DANH SÁCH THÔN ĐÔNG HÀ LẦN 2", "Thôn Đông Hà"),
    ("DANH SÁCH THÔN ĐÔNG HÀ KỲ 1", "Thôn Đông Hà"),
    ("DANH SÁCH THÔN ĐÔNG HÀ 2027", "Thôn Đông Hà"),
    ("DANH SÁCH BẢN MƯỜNG LAY NĂM 2027", "Bản Mường Lay"),
    # the name's own words and numbers stay
    ("DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG HÀ, XÃ NAM TOÀN", "Thôn Đông Hà"),
    ("DANH SÁCH NHÂN KHẨU XÓM 5 (CẬP NHẬT THÁNG 11/2026)", "Xóm 5"),
    ("DANH SÁCH XÓM CHIẾN THẮNG", "Xóm Chiến Thắng"),
    ("DANH SÁCH THÔN PHÚ QUÝ", "Thôn Phú Quý"),
    ("DANH SÁCH THÔN KỲ SƠN", "Thôn Kỳ Sơn"),
    ("DANH SÁCH XÓM NAM SƠN", "Xóm Nam Sơn"),
    ("DANH SÁCH XÓM NĂM", "Xóm Năm"),
    ("DANH SACH XOM THANG LOI", "Xom Thang Loi"),
])
def test_a_title_date_or_round_is_not_part_of_the_village(db, tmp_path, title, village):
    p = plan(db, titled(tmp_path / "f.xlsx", title))
    assert p.mapping.default_village == village
    assert [n.record.village for n in p.new_people] == [village]

# -- 2. a title right above a one-row header --------------------------------------------------

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
