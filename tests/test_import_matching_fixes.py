"""Matching found wanting by a new user's files: births written two ways, names with no
birth in card lists, households that already hold a namesake, villages typed unaccented."""

from __future__ import annotations

import datetime as dt

from import_helpers import save

from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.importing.builder import village_display

TODAY = dt.date(2026, 11, 22)
ROSTER = ["STT", "Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ", "Mã hộ", "Thôn"]
CARDS = ["STT", "Họ và tên", "Ngày sinh", "Thôn", "Mã đối tượng", "Từ ngày", "Đến ngày"]


def run(db, path, kind="roster", commit=True, **kw):
    table = read_table(path)
    plan = plan_import(db, table, detect_mapping(table, db, kind), kind, today=TODAY, **kw)
    if commit:
        commit_import(db, plan)
    return plan


def count(db, sql="SELECT count(*) FROM people", args=()):
    return db.execute(sql, args).fetchone()[0]


def test_a_roster_giving_the_full_birth_date_updates_the_person_known_by_year(db, tmp_path):
    """A list that wrote "1981" (or "02/1981"), then a corrected one with "15/02/1981": the
    same person, their birth completed; nobody added."""
    run(db, save([ROSTER, [1, "Lê Văn Tám", "1950", "Chủ hộ", "H1", "Xóm 3"],
                  [2, "Lê Văn Chín", "1981", "Con", "H1", "Xóm 3"]], tmp_path / "a.xlsx"))
    plan = run(db, save([ROSTER, [1, "Lê Văn Tám", "1950", "Chủ hộ", "H1", "Xóm 3"],
                         [2, "Lê Văn Chín", "15/02/1981", "Con", "H1", "Xóm 3"]], tmp_path / "b.xlsx"))
    assert (plan.counts["new_people"], plan.counts["updated"], plan.counts["unchanged"]) == (0, 1, 1)
    assert count(db) == 2
    assert db.execute("SELECT birth_date, birth_year FROM people WHERE full_name = 'Lê Văn Chín'").fetchone() \
        == ("1981-02-15", 1981)


def test_a_namesake_in_the_same_household_with_another_birth_is_listed(db, tmp_path):
    """The birth year itself corrected (1981 -> 1982), no IDs: the program cannot know it is
    the same person, but it lists the row for review instead of adding a second copy silently."""
    run(db, save([ROSTER, [1, "Lê Văn Chín", "1981", "Chủ hộ", "H1", "Xóm 3"]], tmp_path / "a.xlsx"))
    plan = run(db, save([ROSTER, [1, "Lê Văn Chín", "03/04/1982", "Chủ hộ", "H1", "Xóm 3"],
                         [2, "Lê Văn Mười", "1985", "Con", "H1", "Xóm 3"]], tmp_path / "b.xlsx"), commit=False)
    assert plan.counts["new_people"] == 2 and plan.counts["possible_duplicates"] == 1
    (dup,) = plan.possible_duplicates
    assert dup.row == 2 and "Lê Văn Chín" in dup.text() and "sinh 1981" in dup.text() and "hộ H1" in dup.text()


def test_card_rows_with_no_birth_find_the_namesake_with_no_birth_and_a_second_run_changes_nothing(db, tmp_path):
    run(db, save([ROSTER, [1, "Vũ Văn Một", None, "Chủ hộ", "H3", "Xom 3"],
                  [2, "Lê Văn Chín", "1981", "Con", "H3", "Xom 3"]], tmp_path / "a.xlsx"))
    card_list = save([CARDS, [1, "Vũ Văn Một", None, "Xóm 3", "GD", "01/01/2026", "31/12/2026"],
                      [2, "Lê Văn Chín", "15/06/1981", "Xóm 3", "GD", "01/01/2026", "31/12/2026"]],
                     tmp_path / "the.xlsx")
    plan = run(db, card_list, "cards", add_unmatched=True)
    assert (plan.counts["new_people"], plan.counts["new_cards"], plan.counts["unmatched"]) == (0, 2, 0)
    assert count(db) == 2 and count(db, "SELECT count(*) FROM cards") == 2
    again = run(db, card_list, "cards", add_unmatched=True)
    assert (again.counts["new_people"], again.counts["new_cards"]) == (0, 0)
    assert count(db) == 2 and count(db, "SELECT count(*) FROM cards") == 2


def test_card_rows_with_no_birth_and_two_namesakes_are_not_guessed(db, tmp_path):
    run(db, save([ROSTER, [1, "Vũ Văn Một", None, "Chủ hộ", "H3", "Xóm 3"],
                  [2, "Vũ Văn Một", None, "Chủ hộ", "H4", "Xóm 3"]], tmp_path / "a.xlsx"))
    plan = run(db, save([CARDS, [1, "Vu Van Mot", None, "Xóm 3", "GD", "01/01/2026", "31/12/2026"]],
                        tmp_path / "the.xlsx"), "cards", add_unmatched=True, commit=False)
    assert plan.counts["unmatched"] == 1 and plan.counts["new_people"] == 0
    assert "Có 2 người cùng họ tên, không ghi ngày sinh" in plan.unmatched[0].reason


def test_villages_created_from_unaccented_names_get_their_kind_written_right(db, tmp_path):
    plan = run(db, save([ROSTER, [1, "Lê Văn Tám", "1950", "Chủ hộ", "H1", "Xom 3"],
                         [2, "Lê Văn Chín", "1951", "Chủ hộ", "H2", "thon dong"],
                         [3, "Lê Văn Mười", "1952", "Chủ hộ", "H3", "Thôn Đông Hà"]], tmp_path / "a.xlsx"))
    assert plan.villages_new == ["Xóm 3", "Thôn Dong", "Thôn Đông Hà"]
    assert village_display("TO DAN PHO 5") == village_display("to dan pho 5") == "Tổ dân phố 5"
    assert village_display("Ap Ba") == "Ấp Ba" and village_display("XOM 3") == "Xóm 3"
    assert village_display("Xóm Trại") == "Xóm Trại" and village_display("Xom") == "Xom"
