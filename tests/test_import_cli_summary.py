"""What `main.py import` says: a possible duplicate's row once; the sheet it passed over for the
one holding the table; "Giảm" rows counted once; the village read again with --header-row; the
date a file was imported before as dd/mm/yyyy; the default village as it is written in the
commune file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from import_helpers import save

from bhyt_desktop.cli import main

HEADER = ["Họ và tên", "Ngày sinh", "Số CCCD", "Thôn"]

def roster_with_a_bad_row(path: Path) -> Path:
    return save([HEADER, ["Nguyễn Văn A", "01/01/1990", "001090000001", "Xóm 1"],
                 ["Lê Văn B", "32/01/1990", "12345", "Xóm 1"]], path)

def test_possible_duplicate_says_its_row_once(tmp_path, capsys):
    rows = [["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"],
            ["Đặng Văn Út", 1970, "Chủ hộ", "Thôn Bắc"], ["Đặng Văn Út", 1970, "Con", "Thôn Bắc"]]
    src = save(rows, tmp_path / "ds.xlsx")
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "  Dòng 3: Đặng Văn Út (1970, Thôn Bắc) có thể trùng với dòng 2 trong tệp." in out
    assert "Dòng 3: Dòng 3" not in out

def test_a_first_sheet_holding_a_note_is_passed_over(tmp_path, capsys):
    table = [["Ho va ten", "Ngay sinh", "So CCCD", "Quan he voi chu ho", "Thon"],
             ["Nguyen Van A", "01/01/1990", "001090000001", "Chu ho", "Xóm 3"]]
    src = save([["Huong dan: dien danh sach o trang sau"]], tmp_path / "ds.xlsx", sheet="Huong dan",
               extra_sheets={"Trống": [], "DS xom 3": table})
    db = str(tmp_path / "x.db")
    assert main(["import", "roster", str(src), "--db", db, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Dùng trang «DS xom 3»: trang «Huong dan» không có bảng danh sách.\n"), out
    assert "Tệp ds.xlsx, trang «DS xom 3»" in out and "Sẽ tạo thôn/xóm: Xóm 3." in out
    assert main(["import", "roster", str(src), "--db", db, "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sheet"] == "DS xom 3"
    # a sheet named on the command line is taken as it is
    assert main(["import", "roster", str(src), "--db", db, "--dry-run", "--sheet", "Huong dan"]) == 1
    err = capsys.readouterr().err
    assert "(trang «Huong dan»)" in err and "Các trang: «Huong dan», «Trống», «DS xom 3»." in err

def test_no_sheet_with_a_table_lists_the_sheets(tmp_path, capsys):
    src = save([["Ghi chú"]], tmp_path / "ds.xlsx", sheet="Ghi chú", extra_sheets={"Số liệu": [["a", "b"]]})
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "không trang nào có dòng tiêu đề" in err and "Các trang: «Ghi chú», «Số liệu»." in err

def test_decrease_rows_are_counted_only_as_decrease_rows(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    roster = save([["Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ", "Thôn"],
                   ["Trần Văn Sơn", "01/01/1950", "036050003333", "Chủ hộ", "Xóm 3"]], tmp_path / "ds.xlsx")
    assert main(["import", "roster", str(roster), "--db", db]) == 0
    d03 = save([
        ["DANH SÁCH NGƯỜI CHỈ THAM GIA BHYT"],
        ["STT", "Họ và tên", "Mã số BHXH", "Số CCCD", "Ngày tháng năm sinh", "Giới tính", "Địa chỉ",
         "Từ tháng", "Số tháng", "Ghi chú"],
        ["I", "Tăng"],
        [1, "Mai Văn Cao", "0112233445", None, "10/10/1980", "Nam", "Xóm 7", "01/2027", 12, None],
        [None, "Cộng tăng"],
        ["II", "Giảm"],
        [1, "Trần Văn Sơn", None, "036050003333", "01/01/1950", "Nam", "Xóm 3", "12/2026", 1, "Chết"],
        [2, "Người Lạ", None, "036060004444", "01/01/1960", "Nam", "Xóm 3", "12/2026", 1, "Chuyển đi"],
        [None, "Cộng giảm"],
    ], tmp_path / "d03.xlsx")
    capsys.readouterr()
    assert main(["import", "cards", str(d03), "--db", db, "--dry-run", "--group", "GD", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    c = data["counts"]
    assert (c["decreases"], c["unchanged"], c["unmatched"], c["updated"]) == (2, 0, 1, 0), c
    assert [r["row"] for r in data["unmatched"]] == [4]
    assert main(["import", "cards", str(d03), "--db", db, "--dry-run", "--group", "GD"]) == 0
    out = capsys.readouterr().out
    counts = dict(m.groups() for m in re.finditer(r"^  (\S.*?) {2,}(\d+)$", out, re.M))
    assert counts["Không thay đổi"] == "0" and counts["Dòng phần Giảm (không thêm hạn thẻ)"] == "2"
    assert counts["Không tìm thấy người"] == "1"
    assert ("  Dòng 7: Trần Văn Sơn: Thuộc phần Giảm (thôi tham gia): không thêm hạn thẻ. "
            "Có trong danh sách hộ.") in out
    assert "  Dòng 8: Người Lạ: Thuộc phần Giảm (thôi tham gia): không thêm hạn thẻ. Không tìm thấy" in out
    assert "Không đổi" not in out

def test_header_row_option_reads_the_village_above_that_header(tmp_path, capsys):
    rows = [["DANH SÁCH HỘ GIA ĐÌNH XÓM 10"], ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ"],
            ["1.", "Đoàn Văn Nhất", "1970", "036070007001", "Chủ hộ"],
            ["2.", "Đoàn Thị Nhì", "1971", "036171007002", "Vợ"]]
    src = save(rows, tmp_path / "ds.xlsx")
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run", "--header-row", "2",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["header_rows"] == [2] and data["villages_created"] == ["Xóm 10"], data
    assert data["counts"]["new_people"] == 2 and data["counts"]["rejected"] == 0

def test_a_file_imported_before_is_said_with_the_date_as_dd_mm_yyyy(tmp_path, capsys):
    from bhyt_desktop.common.formats import fmt_datetime
    src = roster_with_a_bad_row(tmp_path / "ds.xlsx")
    db = str(tmp_path / "x.db")
    assert main(["import", "roster", str(src), "--db", db]) == 0
    capsys.readouterr()
    assert main(["import", "roster", str(src), "--db", db, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"đã được nhập lúc \d\d/\d\d/20\d\d \d\d:\d\d\.", out), out
    assert fmt_datetime("2026-11-22 14:50:47") == fmt_datetime("2026-11-22T14:50:47") == "22/11/2026 14:50"
    assert fmt_datetime("") == "" and fmt_datetime(None) == ""

def test_the_default_village_is_shown_as_created_or_as_it_exists(tmp_path, capsys):
    src = save([["Họ và tên", "Ngày sinh", "Số CCCD"], ["Nguyễn Văn A", "01/01/1990", "036090001234"]],
               tmp_path / "f.xlsx")
    db = str(tmp_path / "x.db")
    assert main(["import", "roster", str(src), "--db", db, "--dry-run", "--village", "Xom 3"]) == 0
    text = capsys.readouterr().out
    assert "Thôn/xóm mặc định: Xóm 3." in text and "Sẽ tạo thôn/xóm: Xóm 3." in text
    assert main(["import", "roster", str(src), "--db", db, "--village", "Xóm 3 Đông"]) == 0
    capsys.readouterr()
    assert main(["import", "roster", str(src), "--db", db, "--dry-run", "--village", "xom 3 dong"]) == 0
    assert "Thôn/xóm mặc định: Xóm 3 Đông." in capsys.readouterr().out   # the existing village's name
