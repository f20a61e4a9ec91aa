"""Cleaning of cell values: full-width digits, made-up leading zeros, card dates read in the
wrong century or impossible for the holder, year-only birth dates, invisible characters and
lower-case names, IDs typed with a leading apostrophe, "chưa có" (none yet) in an ID column, a
note in brackets after a name. Each test imports a small file in a real shape."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save, write_csv

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.identifiers import normalize_bhxh, normalize_cccd
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.importing.outcomes import REJECTED

TODAY = dt.date(2026, 11, 22)
ROSTER = ["STT", "Họ tên", "Năm sinh", "Số CCCD", "Mã số BHXH", "Mã hộ", "Xóm"]
CARDS = ["Mã số BHXH", "Họ tên", "Ngày sinh", "Mã đối tượng", "Hạn thẻ từ", "Hạn thẻ đến", "Thôn"]


def run(db, path, kind="roster", commit=True):
    table = read_table(path)
    plan = plan_import(db, table, detect_mapping(table, db, kind), kind, today=TODAY, add_unmatched=True)
    if commit:
        commit_import(db, plan, operator="Cán bộ")
    return plan


def reasons(plan) -> dict[int, str]:
    return {r.row: r.reason for r in plan.rejected}


def outcome_texts(plan) -> dict[int, tuple[str, str]]:
    return {r.row: (r.status, " ".join(r.reasons)) for r in plan.rows}


def stored(db, *cols: str) -> dict:
    sql = f"SELECT full_name, {', '.join(cols)} FROM people"
    return {r[0]: r[1:] if len(r) > 2 else r[1] for r in db.execute(sql)}


# -- 1. full-width digits ---------------------------------------------------------------------

def test_full_width_digits_are_stored_as_ascii_and_the_commit_succeeds(db, tmp_path):
    rows = [ROSTER,
            [1, "Kiều Văn N", 2001, "０３６２０１００１２３６", "３６００００００05", "K2", "Xóm 8"],
            [2, "Kiều Văn P", "０１/０２/２００３", "036 203 001 237", "GD４３６３６１２３４０００９", "K2", "Xóm 8"]]
    plan = run(db, save(rows, tmp_path / "ids.xlsx"))  # before: the commit failed on the CHECK
    assert reasons(plan) == {} and plan.counts["new_people"] == 2
    assert stored(db, "cccd", "bhxh_code", "birth_date") == {
        "Kiều Văn N": ("036201001236", "3600000005", None),
        "Kiều Văn P": ("036203001237", "3612340009", "2003-02-01")}


def test_digits_the_database_refuses_are_rejected_in_the_dry_run(db, tmp_path):
    # "²" and "٣" pass str.isdigit; superscripts are no decimal digit, so they stay and are refused
    rows = [ROSTER,
            [1, "Kiều Văn Q", 2001, "03620100123²", None, "K2", "Xóm 8"],
            [2, "Kiều Văn R", 2001, None, "36000000٠5", "K2", "Xóm 8"]]
    plan = run(db, save(rows, tmp_path / "ids.xlsx"), commit=False)
    assert reasons(plan) == {2: "Số CCCD chỉ gồm chữ số: «03620100123²»."}
    assert plan.counts["new_people"] == 1  # the Arabic-Indic zero is a decimal digit: 3600000005
    commit_import(db, plan)
    assert stored(db, "bhxh_code") == {"Kiều Văn R": "3600000005"}


# -- 2. leading zeros restored only where they can have been lost -----------------------------

def test_short_ids_are_not_padded_into_made_up_ones(db, tmp_path):
    rows = [ROSTER,
            [1, "Kiều Văn A", 1970, 36070001111.0, 3612340001, "K1", "Xóm 8"],     # 11 digits: one zero lost
            [2, "Kiều Văn B", 1971, 1234567890, 123456789, "K1", "Xóm 8"],         # 10 -> 001..., 9 -> 0...
            [3, "Kiều Văn C", 1990, "360900011", None, "K1", "Xóm 8"],             # old CMND as text
            [4, "Kiều Văn D", 1992, 360920012, None, "K1", "Xóm 8"],               # old CMND as a number
            [5, "Kiều Văn E", 1994, "0360940013", None, "K1", "Xóm 8"],            # 10 digits beginning 0
            [6, "Kiều Văn M", 2000, "036 200 001 235", 36123400, "K2", "Xóm 8"],   # BHXH: 8 digits
            [7, "Kiều Văn O", 2000, None, "012345678", "K2", "Xóm 8"]]             # BHXH: 9 digits beginning 0
    plan = run(db, save(rows, tmp_path / "ids.xlsx"))
    assert reasons(plan) == {
        4: "Số CMND cũ 9 số: «360900011». Cần số CCCD 12 số.",
        5: "Số CMND cũ 9 số: «360920012». Cần số CCCD 12 số.",
        6: "Số CCCD phải có 12 chữ số, ô này có 10: «0360940013». Thêm số 0 vào đầu cũng không được "
           "(mã tỉnh không thể là 000): hãy ghi đủ số theo giấy tờ.",
        7: "Mã số BHXH phải có 10 chữ số, ô này có 8: «36123400». Thêm số 0 vào đầu cũng không được "
           "(mã tỉnh không thể là 00): hãy ghi đủ số theo giấy tờ.",
        8: "Mã số BHXH phải có 10 chữ số, ô này có 9: «012345678». Thêm số 0 vào đầu cũng không được "
           "(mã tỉnh không thể là 00): hãy ghi đủ số theo giấy tờ.",
    }
    assert stored(db, "cccd", "bhxh_code") == {"Kiều Văn A": ("036070001111", "3612340001"),
                                               "Kiều Văn B": ("001234567890", "0123456789")}


def test_manual_entry_follows_the_same_rule():
    assert normalize_cccd("36070001111") == "036070001111" and normalize_bhxh("361234000") == "0361234000"
    for bad in ("360900011", "0360940013", "00360940013"):
        with pytest.raises(UserError):
            normalize_cccd(bad)
    with pytest.raises(UserError, match="mã tỉnh không thể là 00"):
        normalize_bhxh(36123400)


# -- 3. card dates ----------------------------------------------------------------------------

def test_card_dates_two_digit_years_future_starts_and_cards_before_birth(db, tmp_path):
    rows = [CARDS,
            ["3600000001", "Nguyễn Văn An", "01/01/1970", "GD", "1/1/27", "31/12/27", "Xóm 1"],
            ["3600000004", "Nguyễn Thị Dung", "01/01/1997", "GD", "1/1/40", "31/12/40", "Xóm 1"],
            ["3600000003", "Nguyễn Văn Cả", "01/01/1995", "GD", "01/01/2045", "31/12/2045", "Xóm 1"],
            ["3600000006", "Nguyễn Thị Em", "01/01/1997", "GD", "01/01/1990", "31/12/1990", "Xóm 1"],
            ["3600000007", "Nguyễn Văn Phúc", "1997", "GD", "01/01/1996", "31/12/1996", "Xóm 1"],
            ["3600000008", "Nguyễn Văn Giàu", "01/06/1997", "GD", "01/01/1997", "31/05/1997", "Xóm 1"],
            ["3600000009", "Nguyễn Văn Hải", "1997", "GD", "01/01/1997", "31/12/1997", "Xóm 1"],
            ["3600000010", "Nguyễn Thị Lan", "01/01/1980", "GD", "22/11/2027", "21/11/2028", "Xóm 1"],
            ["3600000011", "Nguyễn Thị Mai", "01/01/1980", "GD", "23/11/2027", "22/11/2028", "Xóm 1"]]
    plan = run(db, write_csv(tmp_path / "the.csv", rows), kind="cards")
    assert reasons(plan) == {
        3: "Hạn thẻ bắt đầu quá xa trong tương lai: 01/01/2040 (quá một năm kể từ hôm nay).",
        4: "Hạn thẻ bắt đầu quá xa trong tương lai: 01/01/2045 (quá một năm kể từ hôm nay).",
        5: "Hạn thẻ kết thúc (31/12/1990) trước khi người này sinh ra (01/01/1997).",
        6: "Hạn thẻ kết thúc (31/12/1996) trước khi người này sinh ra (1997).",
        7: "Hạn thẻ kết thúc (31/05/1997) trước khi người này sinh ra (01/06/1997).",
        10: "Hạn thẻ bắt đầu quá xa trong tương lai: 23/11/2027 (quá một năm kể từ hôm nay).",
    }
    cards = db.execute("SELECT p.full_name, valid_from, valid_to FROM cards c JOIN people p ON p.id = c.person_id "
                       "ORDER BY c.valid_from").fetchall()
    assert cards == [("Nguyễn Văn Hải", "1997-01-01", "1997-12-31"),  # born that year: not refused
                     ("Nguyễn Văn An", "2027-01-01", "2027-12-31"),   # 1/1/27 is 2027
                     ("Nguyễn Thị Lan", "2027-11-22", "2028-11-21")]  # a year ahead exactly: allowed


def test_a_d03_start_month_far_ahead_is_refused_too(db, tmp_path):
    rows = [["STT", "Họ và tên", "Mã số BHXH", "Ngày sinh", "Địa chỉ", "Từ tháng", "Số tháng"],
            [1, "Lê Văn Dũng", "3512345678", "20/01/1970", "Xóm Bến", "01/2029", 12],
            [2, "Lê Thị Hoa", "3512345679", "20/01/1972", "Xóm Bến", "01/2027", 12]]
    table = read_table(save(rows, tmp_path / "d03.xlsx"))
    mapping = detect_mapping(table, db, "cards").with_group("GD")
    plan = plan_import(db, table, mapping, "cards", today=TODAY, add_unmatched=True)
    assert reasons(plan) == {2: "Hạn thẻ bắt đầu quá xa trong tương lai: 01/01/2029 (quá một năm kể từ hôm nay)."}


# -- 4. birth dates ---------------------------------------------------------------------------

def test_year_only_birth_forms_ymd_dates_and_implausible_years(db, tmp_path):
    rows = [["TT", "HỌ VÀ TÊN", "NGÀY SINH", "GIỚI TÍNH", "QUAN HỆ", "THÔN"],
            [1, "Đặng Văn Một", "00/00/1958", "Nam", "Chủ hộ", "Xóm 1"],
            [2, "Đặng Thị Hai", "0/0/1960", "Nữ", "Vợ", "Xóm 1"],
            [3, "Đặng Văn Ba", "00/03/1958", "Nam", "Con", "Xóm 1"],
            [4, "Bùi Thị Sáu", "1985/03/05", "Nữ", "Con", "Xóm 1"],
            [5, "Bùi Văn Bảy", "1906", "Nam", "Con", "Xóm 1"],
            [6, "Hà Văn Lâm", "1890", "Nam", "Chủ hộ", "Xóm 1"],
            [7, "Hà Văn Mộc", 1890, "Nam", "Con", "Xóm 1"],
            [8, "Hà Thị Nga", "12/12/1905", "Nữ", "Con", "Xóm 1"],
            [9, "Hà Thị Oanh", "00/00/2030", "Nữ", "Con", "Xóm 1"],
            [10, "Hà Thị Phương", "00/13/1958", "Nữ", "Con", "Xóm 1"]]
    plan = run(db, save(rows, tmp_path / "dates.xlsx"))
    assert reasons(plan) == {
        7: "Năm sinh không hợp lý: 1890.",
        8: "Năm sinh không hợp lý: 1890.",
        9: "Năm sinh không hợp lý: 1905.",
        10: "Năm sinh ở tương lai: 2030.",
        11: "Ngày sinh không tồn tại: «00/13/1958».",
    }
    assert stored(db, "birth_date", "birth_year") == {
        "Đặng Văn Một": (None, 1958), "Đặng Thị Hai": (None, 1960), "Đặng Văn Ba": (None, 1958),
        "Bùi Thị Sáu": ("1985-03-05", 1985), "Bùi Văn Bảy": (None, 1906)}


# -- 5. names ---------------------------------------------------------------------------------

def test_invisible_characters_removed_and_lower_case_names_title_cased(db, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Mã số BHXH", "Quan hệ với chủ hộ", "Địa chỉ"],
            [1, "Nguyễn\u200bThị Bé", "01/01/1971", "3600000002", "Chủ hộ", "Xóm 9"],
            [2, "\ufeffTrần Văn A\u00adn\u2060", "01/01/1972", "3600000003", "Chồng", "Xóm 9"],
            [3, "Phạm\u200d Văn\u200c Cả", "01/01/1995", "3600000004", "Con", "Xóm 9"],
            [4, "nguyễn thị dung", "01/01/1997", "3600000005", "Con", "Xóm 9"],
            [5, "đặng văn đức", "01/01/1999", "3600000006", "Con", "Xóm 9"]]
    plan = run(db, save(rows, tmp_path / "names.xlsx"))
    assert reasons(plan) == {}
    assert stored(db, "name_key") == {
        "Nguyễn Thị Bé": "nguyen thi be", "Trần Văn An": "tran van an", "Phạm Văn Cả": "pham van ca",
        "Nguyễn Thị Dung": "nguyen thi dung", "Đặng Văn Đức": "dang van duc"}


def test_search_keys_never_hold_invisible_characters():
    assert fold("Nguy\u00adễn\u200b\u200dThị\ufeff") == "nguyen thi"
    assert clean_name("Lê\u2060 Văn\u200c Tám") == "Lê Văn Tám"


# -- 6. an ID typed with a leading apostrophe to keep it as text ------------------------------

def test_an_id_typed_with_a_leading_apostrophe_is_accepted(db, tmp_path):
    rows = [["STT", "Họ tên", "Năm sinh", "Số CCCD", "Mã số BHXH", "Mã hộ", "Xóm"],
            [1, "Kiều Văn L", 1999, "'036099001234", None, "K2", "Xóm 8"],
            [2, "Kiều Văn M", 2000, "\u2018036200001235", "\u20190101234567", "K2", "Xóm 8"],
            [3, "Kiều Văn N", 2001, " '036201001236 ", "'GD4010123456789", "K2", "Xóm 8"],
            [4, "Kiều Văn P", 2002, "0360'99001237", None, "K2", "Xóm 8"]]   # inside the number: refused
    p = run(db, save(rows, tmp_path / "ids.xlsx"), commit=False)
    got = {n.record.full_name: (n.record.cccd, n.record.bhxh_code) for n in p.new_people}
    assert got == {"Kiều Văn L": ("036099001234", None), "Kiều Văn M": ("036200001235", "0101234567"),
                   "Kiều Văn N": ("036201001236", "0123456789")}
    assert outcome_texts(p)[5] == (REJECTED, "Số CCCD chỉ gồm chữ số: «0360'99001237».")

# -- 7. a note in brackets after a name -------------------------------------------------------

def test_a_name_holding_a_note_in_brackets_is_rejected_with_its_reason(db, tmp_path):
    rows = [["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Đặng Văn Út (đã chết)", 1940, "036040001234", "Chủ hộ", "Xóm 2"],
            [2, "Đặng Thị Hoa [chuyển đi]", 1945, None, "Vợ", "Xóm 2"],
            [3, "Đặng Văn Tí (2)", 1970, None, "Con", "Xóm 2"],
            [4, "Đặng Thị Mai-Anh", 1975, None, "Con", "Xóm 2"]]        # other punctuation: as before
    p = run(db, save(rows, tmp_path / "f.xlsx"), commit=False)
    got = outcome_texts(p)
    assert got[2] == (REJECTED, "Họ tên có ghi chú trong ngoặc: «Đặng Văn Út (đã chết)». Ghi chú (đã chết, "
                                "chuyển đi…) phải ghi ở cột riêng (Ghi chú), ô Họ tên chỉ ghi họ tên; sửa rồi nhập lại.")
    assert got[3][0] == REJECTED and "«Đặng Thị Hoa [chuyển đi]»" in got[3][1]
    assert got[4][0] == REJECTED and got[4][1].startswith("Họ tên có ghi chú trong ngoặc")
    assert [n.record.full_name for n in p.new_people] == ["Đặng Thị Mai-Anh"]

# -- 8. "chưa có", "không", "-" in an ID column: no ID yet ------------------------------------

def test_none_yet_written_in_an_id_column_is_no_id(db, tmp_path):
    """"chưa có" (none yet), "không", "-" in the CCCD or BHXH column: the person has no ID yet,
    not a bad one; anything else that is not digits is still rejected."""
    rows = [["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Mã số BHXH", "Mã hộ", "Thôn"],
            [1, "Lê Văn Tám", "1950", "chưa có", "Không", "H1", "Xóm 3"],
            [2, "Lê Văn Chín", "1951", "-", "chua cap", "H2", "Xóm 3"],
            [3, "Lê Văn Mười", "1952", "mất giấy", None, "H3", "Xóm 3"]]
    plan = run(db, save(rows, tmp_path / "a.xlsx"), commit=False)
    assert plan.counts["new_people"] == 2 and plan.counts["rejected"] == 1
    assert [(n.record.cccd, n.record.bhxh_code) for n in plan.new_people] == [(None, None), (None, None)]
    assert "«mất giấy»" in plan.rejected[0].reason
