"""Reading real file shapes: .xlsx, .xls, .ods, .csv (UTF-8 BOM ';', UTF-16, ','), bad files."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from import_helpers import FIXTURES, HOUSEHOLD_1, HOUSEHOLD_2, messy_roster, save, write_csv

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.importing import detect_mapping, list_sheets, plan_import, read_table

EXPECTED_PEOPLE = len(HOUSEHOLD_1) + len(HOUSEHOLD_2)


def _plan(db, path, **kw):
    table = read_table(path, **kw)
    return plan_import(db, table, detect_mapping(table), "roster", today=dt.date(2026, 11, 22))


@pytest.mark.parametrize("name", ["roster_messy.xls", "roster_messy.ods"])
def test_old_excel_and_ods_files_read_like_the_xlsx(db, tmp_path, name):
    xlsx = _plan(db, messy_roster(tmp_path / "r.xlsx"))
    other = _plan(db, FIXTURES / name)
    assert other.counts == xlsx.counts
    assert other.counts["new_people"] == EXPECTED_PEOPLE
    assert [p.record.cccd for p in other.new_people] == [p.record.cccd for p in xlsx.new_people]
    assert [p.record.birth_date for p in other.new_people] == [p.record.birth_date for p in xlsx.new_people]


def test_xls_is_a_real_old_excel_file():
    assert (FIXTURES / "roster_messy.xls").read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")


ROWS = [
    ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn", "Quan hệ với chủ hộ"],
    ["1", "Nguyễn Văn An", "04/03/1958", "Nam", "001058001234", "Xóm 1", "Chủ hộ"],
    ["2", "Trần Thị Bình", "5/6/62", "Nữ", "1162005678", "Xóm 1, xã Nam Toàn", "Vợ"],
]


@pytest.mark.parametrize("encoding,sep", [("utf-8-sig", ";"), ("utf-8", ","), ("utf-16", "\t"),
                                          ("utf-16", ";"), ("cp1258", ";")])
def test_csv_encodings_and_separators(db, tmp_path, encoding, sep):
    rows = [list(r) for r in ROWS]
    rows[2][5] = "Xóm 1"
    if encoding == "cp1258":  # Windows-1258 stores tones as combining marks
        rows = [[_cp1258_form(c) for c in r] for r in rows]
    path = write_csv(tmp_path / "ds.csv", rows, encoding=encoding, sep=sep)
    plan = _plan(db, path)
    assert plan.counts["new_people"] == 2, plan.rows
    names = [p.record.full_name for p in plan.new_people]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert plan.new_people[1].record.cccd == "001162005678"
    assert plan.new_people[1].record.birth_date == "1962-06-05"
    assert plan.villages_new == ["Xóm 1"]


def _cp1258_form(text: str) -> str:
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            base = "".join(c for c in d if c not in tones)
            out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out)


def test_csv_with_semicolons_and_commas_in_addresses(db, tmp_path):
    rows = [["Họ tên", "Ngày sinh", "Địa chỉ"]] + [
        [f"Nguyễn Văn {c}", "01/01/1990", "Xóm 2, xã Nam Toàn, tỉnh Ninh Bình"] for c in "ABCDE"]
    plan = _plan(db, write_csv(tmp_path / "a.csv", rows, sep=";"))
    assert plan.counts["new_people"] == 5
    assert plan.villages_new == ["Xóm 2"]


def test_sheets_are_listed_and_chosen(db, tmp_path):
    path = save([["ghi chú"]], tmp_path / "two.xlsx", sheet="Hướng dẫn",
                extra_sheets={"Xóm 3": ROWS, "Trống": []})
    assert list_sheets(path) == ["Hướng dẫn", "Xóm 3", "Trống"]
    assert read_table(path, sheet="Xóm 3").sheet == "Xóm 3"
    assert read_table(path).sheet == "Hướng dẫn"  # the first sheet with data
    with pytest.raises(UserError, match="không có trang «Xóm 9»"):
        read_table(path, sheet="Xóm 9")
    with pytest.raises(UserError, match="không có dữ liệu"):
        read_table(path, sheet="Trống")


def test_bad_files_give_vietnamese_messages(tmp_path):
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="rỗng"):
        read_table(empty)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(UserError, match="tệp hỏng"):
        read_table(broken)
    encrypted = tmp_path / "matkhau.xlsx"  # an encrypted .xlsx is an OLE container
    encrypted.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600)
    with pytest.raises(UserError, match="mật khẩu"):
        read_table(encrypted)
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        read_table(tmp_path / "khong-co.xlsx")
    odd = tmp_path / "anh.png"
    odd.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(UserError, match="chỉ nhận"):
        read_table(odd)
    blank_csv = write_csv(tmp_path / "trong.csv", [[""], ["", ""]])
    with pytest.raises(UserError, match="không có dữ liệu"):
        read_table(blank_csv)


def test_sha256_is_of_the_file(tmp_path):
    import hashlib
    path = messy_roster(tmp_path / "r.xlsx")
    assert read_table(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
