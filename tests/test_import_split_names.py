"""A name split in two columns, "Họ đệm" | "Tên" (under a merged "Họ và tên" or not), is read as
one full name; a lone "Tên" or "Hộ" column is not a split name; a corrected mapping of the two
columns is remembered."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.importing import detect_mapping, plan_import, read_table, remember_mapping
from bhyt_desktop.importing.outcomes import NEW

TODAY = dt.date(2026, 11, 22)

def plan(db, path, kind="roster"):
    table = read_table(path)
    return plan_import(db, table, detect_mapping(table, db, kind), kind, today=TODAY)

def names(p) -> list[str]:
    return [n.record.full_name for n in p.new_people]

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
