"""What a tester found in a third round: a title's date or round read into the village
("THÔN ĐÔNG HÀ NĂM 2027"), D03-TS sub-section headings rejected as people, IDs typed with a
leading apostrophe, a note in brackets after a name, an empty rejects workbook written, and the
default village printed otherwise than it is created."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.cli import main
from bhyt_desktop.importing import detect_mapping, plan_import, read_table
from bhyt_desktop.importing.outcomes import REJECTED, SKIPPED

TODAY = dt.date(2026, 11, 22)
ROSTER_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ"]


def plan(db, path, kind="roster", group=""):
    table = read_table(path)
    mapping = detect_mapping(table, db, kind)
    if group:
        mapping = mapping.with_group(group)
    return plan_import(db, table, mapping, kind, today=TODAY, add_unmatched=kind == "cards")


def outcomes(p) -> dict[int, tuple[str, str]]:
    return {r.row: (r.status, " ".join(r.reasons)) for r in p.rows}


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


# -- 2. D03-TS sub-section headings are skipped, never read as people ------------------------

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
    got = outcomes(p)
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
    got = outcomes(p)
    assert all(status != SKIPPED for status, _why in got.values()), got
    assert [n.record.full_name for n in p.new_people] == [
        "Hồ Gia Định", "Hồ Văn Người", "Ho Gia Dinh", "Hồ Gia Định", "Nguyễn Văn Học", "Trẻ Văn Em"]


# -- 3. an ID typed with a leading apostrophe to keep it as text -----------------------------

def test_an_id_typed_with_a_leading_apostrophe_is_accepted(db, tmp_path):
    rows = [["STT", "Họ tên", "Năm sinh", "Số CCCD", "Mã số BHXH", "Mã hộ", "Xóm"],
            [1, "Kiều Văn L", 1999, "'036099001234", None, "K2", "Xóm 8"],
            [2, "Kiều Văn M", 2000, "\u2018036200001235", "\u20190101234567", "K2", "Xóm 8"],
            [3, "Kiều Văn N", 2001, " '036201001236 ", "'GD4010123456789", "K2", "Xóm 8"],
            [4, "Kiều Văn P", 2002, "0360'99001237", None, "K2", "Xóm 8"]]   # inside the number: refused
    p = plan(db, save(rows, tmp_path / "ids.xlsx"))
    got = {n.record.full_name: (n.record.cccd, n.record.bhxh_code) for n in p.new_people}
    assert got == {"Kiều Văn L": ("036099001234", None), "Kiều Văn M": ("036200001235", "0101234567"),
                   "Kiều Văn N": ("036201001236", "0123456789")}
    assert outcomes(p)[5] == (REJECTED, "Số CCCD chỉ gồm chữ số: «0360'99001237».")


# -- 4. a note in brackets after a name ------------------------------------------------------

def test_a_name_holding_a_note_in_brackets_is_rejected_with_its_reason(db, tmp_path):
    rows = [["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Đặng Văn Út (đã chết)", 1940, "036040001234", "Chủ hộ", "Xóm 2"],
            [2, "Đặng Thị Hoa [chuyển đi]", 1945, None, "Vợ", "Xóm 2"],
            [3, "Đặng Văn Tí (2)", 1970, None, "Con", "Xóm 2"],
            [4, "Đặng Thị Mai-Anh", 1975, None, "Con", "Xóm 2"]]        # other punctuation: as before
    p = plan(db, save(rows, tmp_path / "f.xlsx"))
    got = outcomes(p)
    assert got[2] == (REJECTED, "Họ tên có ghi chú trong ngoặc: «Đặng Văn Út (đã chết)». Ghi chú (đã chết, "
                                "chuyển đi…) phải ghi ở cột riêng (Ghi chú), ô Họ tên chỉ ghi họ tên; sửa rồi nhập lại.")
    assert got[3][0] == REJECTED and "«Đặng Thị Hoa [chuyển đi]»" in got[3][1]
    assert got[4][0] == REJECTED and got[4][1].startswith("Họ tên có ghi chú trong ngoặc")
    assert [n.record.full_name for n in p.new_people] == ["Đặng Thị Mai-Anh"]


# -- 5. no rejects workbook when there is nothing to put in it -------------------------------

def test_no_rejects_workbook_is_written_when_no_row_is_rejected(tmp_path, capsys):
    src = titled(tmp_path / "ok.xlsx", "DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG HÀ")
    out = tmp_path / "loai.xlsx"
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run",
                 "--rejects", str(out)]) == 0
    text = capsys.readouterr().out
    assert not out.exists()
    assert f"Không có dòng bị loại nên không ghi tệp {out}." in text and "Đã ghi" not in text


def test_card_list_rejects_workbook_is_written_for_people_not_found_only(tmp_path, capsys):
    header = ["Họ và tên", "Ngày sinh", "Mã số BHXH", "Mã đối tượng", "Hạn thẻ từ", "Hạn thẻ đến"]
    src = save([header, ["Nguyễn Văn A", "01/01/1990", "0101234567", "GD", "01/01/2026", "31/12/2026"]],
               tmp_path / "cards.xlsx")
    db, out = str(tmp_path / "x.db"), tmp_path / "loai.xlsx"
    assert main(["import", "cards", str(src), "--db", db, "--dry-run", "--rejects", str(out)]) == 0
    assert out.exists() and f"Đã ghi 1 dòng bị loại kèm lý do vào {out}." in capsys.readouterr().out
    out.unlink()
    assert main(["import", "cards", str(src), "--db", db, "--add-unmatched", "--village", "Xóm 1",
                 "--rejects", str(out)]) == 0                    # every row added: nothing to write
    text = capsys.readouterr().out
    assert not out.exists()
    assert f"Không có dòng bị loại hay người không tìm thấy nên không ghi tệp {out}." in text


# -- 6. the default village shown as it is written in the commune file -----------------------

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
