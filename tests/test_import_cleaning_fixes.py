"""Cleaning defects found by a tester: full-width digits, made-up leading zeros, card dates
read in the wrong century or impossible for the holder, year-only birth dates, invisible
characters and lower-case names. Each test imports a small file in a real shape."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.errors import UserError
from bhyt_desktop.identifiers import normalize_bhxh, normalize_cccd
from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table

TODAY = dt.date(2026, 11, 22)
ROSTER = ["STT", "Họ tên", "Năm sinh", "Số CCCD", "Mã số BHXH", "Mã hộ", "Xóm"]


def run(db, path, kind="roster", commit=True):
    table = read_table(path)
    plan = plan_import(db, table, detect_mapping(table, db, kind), kind, today=TODAY, add_unmatched=True)
    if commit:
        commit_import(db, plan, operator="Cán bộ")
    return plan


def reasons(plan) -> dict[int, str]:
    return {r.row: r.reason for r in plan.rejected}


def stored(db, *cols: str) -> dict:
    sql = f"SELECT full_name, {', '.join(cols)} FROM people"
    return {r[0]: r[1:] if len(r) > 2 else r[1] for r in db.execute(sql)}


# -- 1. full-width digits ------------------------------------------------------------------

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


# -- 2. leading zeros restored only where they can have been lost ---------------------------

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
