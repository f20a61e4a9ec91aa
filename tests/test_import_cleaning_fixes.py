"""Cleaning defects found by a tester: full-width digits, made-up leading zeros, card dates
read in the wrong century or impossible for the holder, year-only birth dates, invisible
characters and lower-case names. Each test imports a small file in a real shape."""

from __future__ import annotations

import datetime as dt

from import_helpers import save

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
