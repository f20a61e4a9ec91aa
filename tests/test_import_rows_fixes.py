"""What the tester found in real-shaped rosters: family names read as subtotals, the place-date
line over an ID or birth column, notes under the table, a title right above a one-row header,
and a name split in "Họ đệm" | "Tên"."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.importing import detect_mapping, plan_import, read_table

TODAY = dt.date(2026, 11, 22)
DATE_LINE = "Nam Toàn, ngày 20 tháng 11 năm 2026"


def plan(db, path, kind="roster"):
    table = read_table(path)
    return plan_import(db, table, detect_mapping(table, db, kind), kind, today=TODAY)


def names(p) -> list[str]:
    return [n.record.full_name for n in p.new_people]


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
