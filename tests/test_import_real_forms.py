"""The real forms, generated in their exact layouts (tests/real_forms.py), are read without
a hand-made mapping: header depth, CCCD columns, sub-headings, title lines, card numbers,
ASCII headers; «Giảm» rows with a reason propose a status change for review."""

from __future__ import annotations

import datetime as dt

from factories import person
from real_forms import agent_export, card_list_15, d03_490, tk1_annex

from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.roster.edits import Birth

TODAY = dt.date(2026, 11, 22)


def _roster(db):
    return {
        "an": person(db, name="Nguyễn Văn An", bhxh_code="0101234567", birth=Birth(dt.date(1958, 3, 4))),
        "binh": person(db, name="Trần Thị Bình", cccd="001162005678", birth=Birth(dt.date(1962, 6, 5))),
        "cuong": person(db, village_name="Xóm 2", name="Lê Văn Cường", bhxh_code="3512345678",
                        birth=Birth(dt.date(1980, 4, 5))),
        "ha": person(db, ("HN", "2026-01-01", "2026-12-31"), name="Vũ Thị Hà", bhxh_code="3599990001",
                     birth=Birth(dt.date(1975, 9, 9))),
        "di": person(db, village_name="Xóm 2", name="Đặng Văn Đi", bhxh_code="3599990003",
                     birth=Birth(dt.date(1990, 2, 1))),
    }


def test_d03_ts_of_decision_490(db, tmp_path):
    ids = _roster(db)
    db.execute("INSERT INTO collectors (code, name) VALUES ('NV001', 'Phạm Thu'), ('NV002', 'Lý Thu')")
    table = read_table(d03_490(tmp_path / "d03_490.xlsx"))
    m = detect_mapping(table, db, "cards")
    assert (m.header_row, m.header_rows, m.data_start) == (5, 3, 9)
    assert m.columns["cccd"] == 3 and m.columns["bhxh_code"] == 2
    assert m.columns["from_month"] == 10 and m.columns["months"] == 11
    assert m.columns["collector"] == 14 and m.columns["clinic"] == 7 and m.columns["note"] == 15
    assert m.default_village == ""           # «(Ban hành kèm theo Quyết định số …)» is no place
    plan = plan_import(db, table, m.with_group("GD"), "cards", today=TODAY)
    c = plan.counts
    assert c["rejected"] == 0 and c["new_cards"] == 3 and c["decreases"] == 2, (c, plan.rejected)
    assert {r.name for r in plan.decreases} == {"Vũ Thị Hà", "Đặng Văn Đi"}
    assert all(r.name for r in plan.decreases)
    commit_import(db, plan)
    got = db.execute("SELECT p.full_name, k.code, c.clinic FROM cards c JOIN people p ON p.id = c.person_id"
                     " LEFT JOIN collectors k ON k.id = c.collector_id WHERE c.group_code = 'GD'"
                     " ORDER BY p.full_name").fetchall()
    assert [tuple(r) for r in got] == [("Lê Văn Cường", "NV001", "Trạm y tế xã Nam Toàn"),
                                       ("Nguyễn Văn An", "NV001", "Trạm y tế xã Nam Toàn"),
                                       ("Trần Thị Bình", "NV002", "Bệnh viện đa khoa Nam Trực")]
    proposals = db.execute("SELECT person_id, status, status_date, reason FROM status_proposals"
                           " ORDER BY person_id").fetchall()
    assert [tuple(r) for r in proposals] == [
        (ids["ha"], "deceased", "2026-10-01", "Chết"),
        (ids["di"], "moved_out", "2026-11-01", "Chuyển đi nơi khác")]
    # nothing applied unasked
    assert db.execute("SELECT status FROM people WHERE id = ?", [ids["ha"]]).fetchone()[0] == "resident"


def test_tk1_ts_annex(db, tmp_path):
    table = read_table(tk1_annex(tmp_path / "tk1.xlsx"))
    m = detect_mapping(table, db, "roster")
    assert m.columns["cccd"] == 7 and m.columns["relation"] == 6
    assert m.default_village == "Xóm 3"
    assert m.default_household == "3500123456"
    plan = plan_import(db, table, m, "roster", today=TODAY, create_villages=True)
    assert plan.counts["rejected"] == 0 and plan.counts["new_people"] == 3, plan.rejected
    commit_import(db, plan)
    rows = db.execute("SELECT p.full_name, p.cccd, h.code, v.name FROM people p JOIN households h"
                      " ON h.id = p.household_id JOIN villages v ON v.id = p.village_id ORDER BY p.id").fetchall()
    assert [tuple(r) for r in rows] == [
        ("Hoàng Văn Hải", "036070001111", "3500123456", "Xóm 3"),
        ("Ngô Thị Hoa", "036173002222", "3500123456", "Xóm 3"),
        ("Hoàng Văn Huy", "036201003333", "3500123456", "Xóm 3")]


def test_card_list_with_15_character_card_numbers(db, tmp_path):
    ids = _roster(db)
    table = read_table(card_list_15(tmp_path / "the.xlsx"))
    m = detect_mapping(table, db, "cards")
    assert m.columns["bhxh_code"] == 2 and m.columns["clinic"] == 8
    plan = plan_import(db, table, m, "cards", today=TODAY)
    assert plan.counts["new_cards"] == 2 and plan.counts["rejected"] == 0, plan.rejected
    commit_import(db, plan)
    got = db.execute("SELECT person_id, group_code, card_number, clinic FROM cards WHERE source != 'manual'"
                     " AND card_number != '' ORDER BY person_id").fetchall()
    assert [tuple(r) for r in got] == [(ids["an"], "GD", "GD4363501012345", "36-009"),
                                       (ids["binh"], "CN", "CN3360101234568", "36-009")]


def test_collection_agent_export_with_ascii_headers(db, tmp_path):
    ids = _roster(db)
    table = read_table(agent_export(tmp_path / "vnpt.xlsx"))
    m = detect_mapping(table, db, "cards")
    assert {k: m.columns.get(k) for k in ("full_name", "bhxh_code", "birth_date", "sex", "cccd",
                                          "household_code", "valid_from", "months")} == {
        "full_name": 0, "bhxh_code": 1, "birth_date": 2, "sex": 3, "cccd": 4, "household_code": 5,
        "valid_from": 6, "months": 7}
    assert any("NgayLap" in n for n in m.column_notes) and not m.notes       # a column of dates nobody asked for: named
    plan = plan_import(db, table, m.with_group("GD"), "cards", today=TODAY)
    assert plan.counts["new_cards"] == 3 and plan.counts["rejected"] == 0, plan.rejected
    commit_import(db, plan)
    assert db.execute("SELECT valid_from, valid_to FROM cards WHERE person_id = ?",
                      [ids["binh"]]).fetchone() == ("2026-03-01", "2026-08-31")
    sexes = dict(db.execute("SELECT full_name, sex FROM people"))
    assert sexes["Trần Thị Bình"] in ("F", None)


def test_household_type_pension_issued_elsewhere_and_clinic(db, tmp_path):
    from real_forms import roster_with_extras

    table = read_table(roster_with_extras(tmp_path / "ho.xlsx"))
    m = detect_mapping(table, db, "roster")
    assert {f: m.columns.get(f) for f in ("household_type", "benefit", "issued_elsewhere", "clinic")} == {
        "household_type": 6, "benefit": 7, "issued_elsewhere": 11, "clinic": 12}
    plan = plan_import(db, table, m, "roster", today=TODAY, create_villages=True)
    assert plan.counts["rejected"] == 0 and plan.counts["new_cards"] == 2, plan.rejected
    commit_import(db, plan)
    assert db.execute("SELECT household_type FROM households WHERE code = 'H9'").fetchone()[0] == "near_poor"
    got = db.execute("SELECT p.full_name, p.benefit, c.issued_here, c.clinic FROM people p"
                     " JOIN cards c ON c.person_id = p.id ORDER BY p.id").fetchall()
    assert [tuple(r) for r in got] == [("Đinh Văn Mạnh", "pension", 0, "Bệnh viện tỉnh Hà Nam"),
                                       ("Đinh Thị Nga", None, 1, "Trạm y tế xã")]


def test_proposals_are_applied_or_dismissed_only_when_asked(db, tmp_path):
    import pytest

    from bhyt_desktop.common.errors import UserError
    from bhyt_desktop.roster import proposals as pr

    ids = _roster(db)
    table = read_table(d03_490(tmp_path / "d03_490.xlsx"))
    commit_import(db, plan_import(db, table, detect_mapping(table, db, "cards").with_group("GD"), "cards",
                                  today=TODAY))
    found = pr.open_proposals(db)
    assert [(p.name, p.status, p.status_date) for p in found] == [
        ("Vũ Thị Hà", "deceased", dt.date(2026, 10, 1)), ("Đặng Văn Đi", "moved_out", dt.date(2026, 11, 1))]
    pr.apply_proposal(db, found[0].id)
    assert tuple(db.execute("SELECT status, status_date FROM people WHERE id = ?", [ids["ha"]]).fetchone()) == (
        "deceased", "2026-10-01")
    pr.dismiss_proposal(db, found[1].id)
    assert db.execute("SELECT status FROM people WHERE id = ?", [ids["di"]]).fetchone()[0] == "resident"
    assert pr.open_count(db) == 0
    with pytest.raises(UserError, match="đã được xử lý"):
        pr.apply_proposal(db, found[1].id)


def test_a_known_persons_pension_flag_is_set_from_the_file(db, tmp_path):
    from real_forms import roster_with_extras

    table = read_table(roster_with_extras(tmp_path / "ho.xlsx"))
    commit_import(db, plan_import(db, table, detect_mapping(table, db, "roster"), "roster", today=TODAY,
                                  create_villages=True))
    db.execute("UPDATE people SET benefit = NULL")
    table = read_table(tmp_path / "ho.xlsx")
    plan = plan_import(db, table, detect_mapping(table, db, "roster"), "roster", today=TODAY)
    assert plan.counts["updated"] == 1 and plan.counts["new_cards"] == 0
    commit_import(db, plan)
    assert dict(db.execute("SELECT full_name, benefit FROM people")) == {"Đinh Văn Mạnh": "pension",
                                                                          "Đinh Thị Nga": None}
