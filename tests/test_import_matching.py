"""Matching rows to the people and villages already in the file: births written two ways,
names with no birth in card lists, households that already hold a namesake, villages typed
unaccented or with the kind of place in the address."""

from __future__ import annotations

import datetime as dt

from import_helpers import save

from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.importing.villages import village_display

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


NO_CODES = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Quan hệ với chủ hộ"]
FAMILY = [[1, "Đỗ Văn Hùng", "1965", "Nam", None, "Chủ hộ"],
          [2, "Ngô Thị Hoa", "1968", "Nữ", None, "Vợ"],
          [3, "Đỗ Văn Hiếu", "1992", "Nam", None, "Con"],
          [4, "Lưu Văn Kiên", "1958", "Nam", "036058001234", "Chủ hộ"],
          [5, "Mạc Thị Liên", "1960", "Nữ", None, "Vợ"]]


def village_list(path, rows):
    return save([["DANH SÁCH NHÂN KHẨU XÓM 2"], [], NO_CODES, *rows, [None, "Cộng"]], path)


def households(db):
    return sorted(tuple(sorted(r[0].split("|"))) for r in db.execute(
        "SELECT group_concat(full_name, '|') FROM people GROUP BY household_id"))


def test_a_corrected_list_with_no_household_codes_updates_the_households_it_finds_again(db, tmp_path):
    """Households grouped by their «Chủ hộ» rows get a code made from the head; when the
    next month's list completes the head's birth, adds a child's CCCD and a newborn, the
    code changes, but the family is found again by its members: 1 new, 2 updated, nothing
    added twice, and running that list again changes nothing."""
    run(db, village_list(tmp_path / "a.xlsx", FAMILY))
    corrected = [[1, "Đỗ Văn Hùng", "14/07/1965", "Nam", None, "Chủ hộ"], FAMILY[1],
                 [3, "Đỗ Văn Hiếu", "1992", "Nam", "036092004321", "Con"],
                 [4, "Đỗ Minh Khôi", "03/09/2026", "Nam", None, "Cháu"], *FAMILY[3:]]
    path = village_list(tmp_path / "b.xlsx", corrected)
    plan = run(db, path)
    c = plan.counts
    assert (c["new_people"], c["updated"], c["unchanged"], c["households_created"]) == (1, 2, 3, 0)
    assert households(db) == [("Lưu Văn Kiên", "Mạc Thị Liên"),
                              ("Ngô Thị Hoa", "Đỗ Minh Khôi", "Đỗ Văn Hiếu", "Đỗ Văn Hùng")]
    assert db.execute("SELECT birth_date FROM people WHERE full_name = 'Đỗ Văn Hùng'").fetchone()[0] == "1965-07-14"
    again = run(db, path)
    assert (again.counts["new_people"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 6)


def test_a_head_given_a_cccd_is_updated_with_the_household_kept(db, tmp_path):
    run(db, village_list(tmp_path / "a.xlsx", FAMILY))
    plan = run(db, village_list(tmp_path / "c.xlsx", [[1, "Đỗ Văn Hùng", "1965", "Nam", "036065007777", "Chủ hộ"],
                                                       *FAMILY[1:]]))
    assert (plan.counts["new_people"], plan.counts["updated"], plan.counts["households_created"]) == (0, 1, 0)
    assert count(db) == 5 and len(households(db)) == 2


def test_a_lone_namesake_is_still_only_a_possible_duplicate(db, tmp_path):
    """One person alone, same name, birth year and village, no household code: the program
    lists it for review and adds the person; only a family found again is joined."""
    run(db, village_list(tmp_path / "a.xlsx", [[1, "Phan Văn Tư", "1950", "Nam", None, "Chủ hộ"]]))
    plan = run(db, village_list(tmp_path / "b.xlsx", [[1, "Phan Văn Tư", "02/02/1950", "Nam", None, "Chủ hộ"]]))
    assert plan.counts["new_people"] == 1 and plan.counts["possible_duplicates"] == 1


def test_an_address_naming_the_kind_of_place_finds_the_village_and_a_second_run_adds_nobody(db, tmp_path):
    """The roster says «Đông Hà», the card list's address «Thôn Đông Hà, xã Nam Toàn»: the same
    village. The first run used to create «Thôn Đông Hà» for the unknown person, and the
    second then looked for the known one only there and added them again."""
    run(db, save([ROSTER, [1, "Đinh Văn Lực", "12/03/1970", "Chủ hộ", "H1", "Đông Hà"],
                  [2, "Đinh Thị Mến", "05/06/1972", "Vợ", "H1", "Đông Hà"]], tmp_path / "ds.xlsx"))
    card_list = save([["STT", "Mã số BHXH", "Họ tên", "Ngày sinh", "Địa chỉ", "Mã đối tượng", "Hạn thẻ từ",
                       "Hạn thẻ đến"],
                      [1, None, "Đinh Văn Lực", "12/03/1970", "Thôn Đông Hà, xã Nam Toàn", "GD", "01/01/2027",
                       "31/12/2027"],
                      [2, "3611110002", "Cao Văn Mạnh", "01/01/1980", "Thôn Đông Hà, xã Nam Toàn", "GD",
                       "01/01/2027", "31/12/2027"]], tmp_path / "the.xlsx")
    plan = run(db, card_list, "cards", add_unmatched=True)
    assert (plan.counts["new_people"], plan.counts["new_cards"], plan.villages_new) == (1, 2, [])
    again = run(db, card_list, "cards", add_unmatched=True)
    assert (again.counts["new_people"], again.counts["new_cards"], again.counts["unchanged"]) == (0, 0, 2)
    assert [r[0] for r in db.execute("SELECT DISTINCT v.name FROM people p JOIN villages v ON v.id = p.village_id")] \
        == ["Đông Hà"]


def test_numbered_villages_of_another_kind_are_other_villages(db, tmp_path):
    plan = run(db, save([ROSTER, [1, "Lê Văn Tám", "1950", "Chủ hộ", "H1", "Xóm 3"],
                         [2, "Lê Văn Chín", "1951", "Chủ hộ", "H2", "Thôn 3"],
                         [3, "Lê Văn Mười", "1952", "Chủ hộ", "H3", "Thôn Trại"],
                         [4, "Lê Văn Một", "1953", "Chủ hộ", "H4", "Trại"]], tmp_path / "a.xlsx"))
    assert plan.villages_new == ["Xóm 3", "Thôn 3", "Thôn Trại"]
