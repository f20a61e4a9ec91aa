"""The window's campaign parts: the members / collectors tab of the villages page, the
dashboard's member filter (figures = the sums of the member's villages), the card dialog's
collector."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from bhyt_desktop.campaign import collectors as col
from bhyt_desktop.campaign import members as mem
from bhyt_desktop.common.formats import fmt_int, fmt_pct
from bhyt_desktop.commune import details as cm
from bhyt_desktop.demo.generate import generate
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.store import open_db
from tests.factories import person
from tests.ui_shell_helpers import ANCHOR, open_window, wait_dashboard
from ui.context import AppContext
from ui.villages.page import VillagesPage


def test_staff_tab_adds_members_villages_and_collectors(qtbot, db, db_path):
    for name in ("Thôn Đông", "Thôn Đoài", "Xóm Chùa"):
        cm.add_village(db, name)
    page = VillagesPage(AppContext(db, db_path, Settings(), dt.date(2026, 11, 22)))
    qtbot.addWidget(page)
    page.show()
    staff = page.staff
    assert page.tabs.indexOf(staff) >= 0
    staff.member_name.setText("Phạm Thị Hoa")
    staff.member_position.setText("Chủ tịch Hội Phụ nữ")
    staff.village_list.item(1).setCheckState(Qt.Checked)
    assert staff.add_member()
    assert staff.member_table.rowCount() == 1
    assert staff.member_table.item(0, 3).text() == "Thôn Đoài"
    staff.member_table.selectRow(0)
    staff.village_list.item(2).setCheckState(Qt.Checked)
    assert staff.assign_villages()
    assert mem.members(db)[0].village_names == ["Thôn Đoài", "Xóm Chùa"]
    staff.collector_code.setText("TT01")
    staff.collector_name.setText("Lê Văn Trưởng")
    staff.collector_kind.setCurrentIndex(staff.collector_kind.findData("village_head"))
    staff.collector_village.setCurrentIndex(1)
    assert staff.add_collector()
    assert [(k.code, k.kind, k.village_name) for k in col.collectors(db)] == [("TT01", "village_head", "Thôn Đông")]
    assert staff.collector_table.item(0, 2).text() == "Trưởng thôn/xóm"
    staff.grab().save(str(db_path.parent / "staff.png"))


def test_dashboard_member_filter(qtbot, tmp_path):
    path = tmp_path / "demo.db"
    db = open_db(path, create=True)
    generate(db, people=600, seed=7, anchor=ANCHOR)
    vids = [v for (v,) in db.execute("SELECT id FROM villages ORDER BY id")]
    mem.add_member(db, "Đặng Văn Lọc", village_ids=vids[1:3])
    db.close()
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    board = wait_dashboard(qtbot, page, ANCHOR)
    chosen = [v for v in board.villages if v.village_id in vids[1:3]]
    f = page.member_filter
    assert not f.isHidden()
    f.choose(f.combo.itemData(f.combo.findText("Đặng Văn Lọc")))
    narrowed = page.current
    assert [v.village_id for v in narrowed.villages] == vids[1:3]
    assert narrowed.total.insured == sum(v.insured for v in chosen)
    assert narrowed.total.population == sum(v.population for v in chosen)
    assert narrowed.total.needed == sum(v.needed or 0 for v in chosen)
    assert page.model.rowCount() == 2
    assert page.rate_card.value.text() == fmt_pct(narrowed.total.rate_pct)
    assert fmt_int(narrowed.total.insured) in page.rate_card.note.text()
    assert "Đặng Văn Lọc" in page.note.text()
    f.choose(None)
    assert page.model.rowCount() == len(board.villages)


def test_card_dialog_credits_the_chosen_collector(qtbot, db):
    from ui.roster.dialogs import CardDialog

    pid = person(db, ("GD", "2025-10-02", "2026-10-01"))
    agent = col.add_collector(db, "DL01", "Lê Thị Thu")
    dlg = CardDialog(db, pid, dt.date(2026, 11, 22))
    qtbot.addWidget(dlg)
    assert dlg.collector.currentData() is None                 # default: the village head
    dlg.collector.setCurrentIndex(dlg.collector.findData(agent))
    dlg.accept()
    card = db.execute("SELECT collector_id FROM cards WHERE person_id = ? ORDER BY valid_from DESC",
                      [pid]).fetchone()
    assert card[0] == agent


def test_staff_tab_edits_a_member(qtbot, db, db_path, monkeypatch):
    """Selecting a member fills the form; «Lưu thay đổi» saves name, position, phone, villages."""
    vids = [cm.add_village(db, name) for name in ("Thôn Đông", "Thôn Đoài")]
    mem.add_member(db, "Pham Thi Hoa", position="Hội Phụ nữ", phone="0912", village_ids=vids[:1])
    mem.add_member(db, "Đặng Văn Lọc")
    page = VillagesPage(AppContext(db, db_path, Settings(), dt.date(2026, 11, 22)))
    qtbot.addWidget(page)
    staff = page.staff
    staff.member_table.selectRow(0)
    assert (staff.member_name.text(), staff.member_position.text(), staff.member_phone.text()) == (
        "Pham Thi Hoa", "Hội Phụ nữ", "0912")
    staff.member_name.setText("Phạm Thị Hoa")
    staff.member_position.setText("Chủ tịch Hội Phụ nữ xã")
    staff.member_phone.setText("0912 345 678")
    staff.village_list.item(1).setCheckState(Qt.Checked)
    assert staff.save_member()
    got = mem.members(db)[0]
    assert (got.name, got.position, got.phone, got.village_names) == (
        "Phạm Thị Hoa", "Chủ tịch Hội Phụ nữ xã", "0912 345 678", ["Thôn Đông", "Thôn Đoài"])
    assert staff.member_table.item(0, 0).text() == "Phạm Thị Hoa"
    assert staff.selected_member().id == got.id           # still selected after the save
    assert mem.members(db)[1].name == "Đặng Văn Lọc"      # the other one untouched
    staff.member_phone.setText("abc")                      # a bad phone: a message, nothing saved
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert not staff.save_member()
    assert shown and "abc" in shown[0] and mem.members(db)[0].phone == "0912 345 678"
