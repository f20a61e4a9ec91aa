"""Merged communes: two «Xóm 1» of different former communes are two villages, shown
«Xóm 1 (Nam Hồng cũ)»; names are unique within a former commune; the coverage, the roster
and imports tell them apart; a name several former communes share is never guessed."""

from __future__ import annotations

import datetime as dt

import pytest
from import_helpers import save

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.commune import details as cm
from bhyt_desktop.commune import former as fc
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.importing.skipping import classify_non_person
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster import query as rq

TODAY = dt.date(2026, 11, 22)


def _two_xom_1(db):
    nam_hong, nam_toan = fc.add_former_commune(db, "Nam Hồng"), fc.add_former_commune(db, "Nam Toàn")
    a = fc.add_village_in(db, "Xóm 1", nam_hong)
    b = fc.add_village_in(db, "Xóm 1", nam_toan)
    return nam_hong, nam_toan, a, b


def test_two_xom_1_in_one_commune(db):
    nam_hong, nam_toan, a, b = _two_xom_1(db)
    assert [v.name for v in cm.villages(db)] == ["Xóm 1 (Nam Hồng cũ)", "Xóm 1 (Nam Toàn cũ)"]
    with pytest.raises(UserError, match="đã có"):
        fc.add_village_in(db, "xóm 1", nam_hong)              # unique within its former commune
    plain = cm.add_village(db, "Xóm 1")                       # the commune's own, no former commune
    assert cm.find_village(db, "Xóm 1").id == plain
    cm.rename_village(db, a, "Xóm 1A")
    assert cm.find_village(db, "Xóm 1A (Nam Hồng cũ)").id == a
    fc.rename_former_commune(db, nam_toan, "Nam Toàn Cũ Hơn")
    assert db.execute("SELECT name FROM villages WHERE id = ?", [b]).fetchone()[0] == "Xóm 1 (Nam Toàn Cũ Hơn cũ)"
    with pytest.raises(UserError, match="đã có"):
        fc.set_village_place(db, b, "Xóm 1", None)            # the commune's own «Xóm 1» has it


def test_coverage_and_roster_tell_them_apart(db):
    _hong, _toan, a, b = _two_xom_1(db)
    for vid, n in ((a, 2), (b, 1)):
        hid = roster.add_household(db, f"H{vid}", vid)
        for k in range(n):
            pid = roster.add_person(db, hid, f"Lê Văn Tám {vid}{k}")
            roster.add_card(db, pid, "GD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    cov = coverage(db, TODAY)
    assert [(v.name, v.insured) for v in cov.villages] == [("Xóm 1 (Nam Hồng cũ)", 2), ("Xóm 1 (Nam Toàn cũ)", 1)]
    assert rq.count(db, rq.RosterFilter(as_of=TODAY, village_id=b)) == 1


def test_imports_use_the_full_name_and_refuse_to_guess(db, tmp_path):
    _hong, _toan, a, b = _two_xom_1(db)
    rows = [["STT", "Họ và tên", "Ngày sinh", "Mã hộ", "Quan hệ với chủ hộ", "Thôn"],
            [1, "Phan Văn Một", "01/01/1980", "HA", "Chủ hộ", "Xóm 1 (Nam Hồng cũ)"],
            [2, "Phan Văn Hai", "01/01/1981", "HB", "Chủ hộ", "xom 1 (nam toan cu)"],
            [3, "Phan Văn Ba", "01/01/1982", "HC", "Chủ hộ", "Xóm 1"]]
    table = read_table(save(rows, tmp_path / "ds.xlsx"))
    plan = plan_import(db, table, detect_mapping(table, db, "roster"), "roster", today=TODAY)
    assert plan.counts["new_people"] == 2 and plan.counts["villages_created"] == 0
    (rejected,) = plan.rejected
    assert "Có 2 thôn/xóm tên «Xóm 1»" in rejected.reason and "Xóm 1 (Nam Hồng cũ)" in rejected.reason
    commit_import(db, plan)
    got = dict(db.execute("SELECT full_name, village_id FROM people"))
    assert got == {"Phan Văn Một": a, "Phan Văn Hai": b}


def test_a_heading_row_naming_a_village_of_a_former_commune(db):
    from bhyt_desktop.importing.header import Mapping
    m = Mapping(0, 1, 1, {"stt": 0, "full_name": 1}, ["STT", "Họ và tên"], "k")
    assert classify_non_person([None, "Xóm 1 (Nam Hồng cũ)"], m, False) == ("village", "Xóm 1 (Nam Hồng cũ)")


def test_a_commune_that_never_merged_sees_nothing_new(db):
    vid = cm.add_village(db, "Thôn Đông")
    cm.rename_village(db, vid, "Thôn Đông Hà")
    assert fc.former_communes(db) == [] and [v.name for v in cm.villages(db)] == ["Thôn Đông Hà"]


def test_the_villages_page_puts_a_village_in_a_former_commune(qtbot, db, db_path):
    from bhyt_desktop.preferences.user import Settings
    from ui.context import AppContext
    from ui.villages.page import VillagesPage

    hong = fc.add_former_commune(db, "Nam Hồng")
    a = cm.add_village(db, "Xóm 1")
    b = fc.add_village_in(db, "Xóm 2", hong)
    page = VillagesPage(AppContext(db, db_path, Settings(), TODAY))
    qtbot.addWidget(page)
    page.select(a)
    assert page.set_former_selected("Nam Hồng")
    assert [r.name for r in page.rows] == ["Xóm 1 (Nam Hồng cũ)", "Xóm 2 (Nam Hồng cũ)"]
    page.select(b)
    assert page.rename_selected("Xóm 2B")
    assert cm.find_village(db, "Xóm 2B (Nam Hồng cũ)").id == b
    page.select(a)
    assert page.set_former_selected("(không thuộc xã cũ nào)")
    assert cm.find_village(db, "Xóm 1").id == a


def test_the_roster_filters_a_whole_former_commune(qtbot, db, db_path):
    from tests.roster_helpers import make_ctx
    from ui.roster.page import RosterPage

    hong, _toan, a, b = _two_xom_1(db)
    c = fc.add_village_in(db, "Xóm 2", hong)
    for vid in (a, b, c):
        roster.add_person(db, roster.add_household(db, f"H{vid}", vid), f"Lý Văn Số {vid}")
    assert rq.count(db, rq.RosterFilter(as_of=TODAY, former_commune_id=hong)) == 2
    page = RosterPage(make_ctx(db, db_path))
    qtbot.addWidget(page)
    page.village.setCurrentIndex(page.village.findData(f"f:{hong}"))
    assert page.village.currentText() == "Cả xã cũ Nam Hồng"
    assert page.model.rowCount() == 2
    page.village.setCurrentIndex(page.village.findData(b))
    assert page.model.rowCount() == 1
