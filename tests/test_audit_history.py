"""Every change to a person, household, card, village, target or setting records who, when,
the old value and the new value; the roster's person dialog shows a person's history."""

from __future__ import annotations

import datetime as dt
import json

from import_helpers import messy_roster

from bhyt_desktop.cli import main
from bhyt_desktop.commune import details as cm
from bhyt_desktop.rates.editing import delete_rate, save_rate
from bhyt_desktop.reports.letterhead import set_letterhead
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster.history import person_history
from bhyt_desktop.store import audit, open_db
from tests import factories as fx


def _last(db, action):
    line = audit.recent(db, action=action, limit=1)[0]
    return json.loads(line["detail"]), line


def test_person_household_card_changes_keep_old_and_new(db):
    audit.attach_operator(db, "Cán bộ A")
    h = fx.household(db, "Xóm 1", code="HGD01")
    pid = roster.add_person(db, h, "Nguyễn Văn An", birth=roster.Birth(dt.date(1990, 1, 2)), cccd="001090000001")
    roster.update_person(db, pid, full_name="Nguyễn Văn Ân", cccd="001090000001")
    detail, line = _last(db, "update_person")
    assert detail == {"old": {"full_name": "Nguyễn Văn An"}, "new": {"full_name": "Nguyễn Văn Ân"}}
    assert line["operator"] == "Cán bộ A" and line["at"].startswith("20")
    roster.set_status(db, pid, "moved_out", dt.date(2026, 5, 1))
    assert _last(db, "set_status")[0] == {"old": {"status": "resident", "status_date": None},
                                          "new": {"status": "moved_out", "status_date": "2026-05-01"}}
    cid = roster.add_card(db, pid, "GD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    roster.delete_card(db, cid)
    detail, line = _last(db, "delete_card")
    assert line["entity"] == "person" and line["entity_id"] == pid and detail["card_id"] == cid
    assert detail["old"]["valid_to"] == "2026-12-31" and detail["new"] == {}
    roster.update_household(db, h, address="Số 5")
    assert _last(db, "update_household")[0] == {"old": {"address": ""}, "new": {"address": "Số 5"}}
    before = len(audit.recent(db))
    roster.update_person(db, pid, full_name="Nguyễn Văn Ân")        # nothing changed: no line
    assert len(audit.recent(db)) == before
    lines = person_history(db, pid)
    assert [x.what for x in lines] == ["Xóa thẻ BHYT", "Thêm thẻ BHYT", "Đổi tình trạng cư trú",
                                       "Sửa thông tin", "Thêm nhân khẩu"]
    status = lines[2].changes
    assert ("Tình trạng cư trú", "Thường trú", "Đã chuyển đi") in [(c.field, c.old, c.new) for c in status]
    assert ("Ngày đổi tình trạng", "—", "01/05/2026") in [(c.field, c.old, c.new) for c in status]


def test_village_target_and_settings_changes_keep_old_and_new(db):
    v = cm.add_village(db, "Xóm 1")
    cm.rename_village(db, v, "Xóm Một")
    assert _last(db, "rename_village")[0] == {"old": {"name": "Xóm 1"}, "new": {"name": "Xóm Một"}}
    cm.set_target(db, 2026, "90", v)
    cm.set_target(db, 2026, "92,5", v)
    assert _last(db, "set_target")[0] == {"old": {"rate_bp": 9000}, "new": {"rate_bp": 9250}, "year": 2026}
    cm.set_population(db, 2026, 1200, v)
    assert _last(db, "set_population")[0]["new"] == {"population": 1200}
    cm.set_commune(db, name="Xã A")
    cm.set_commune(db, name="Xã B")
    assert _last(db, "set_commune")[0] == {"old": {"name": "Xã A"}, "new": {"name": "Xã B"}}
    save_rate(db, "base_salary", dt.date(2027, 1, 1), "2.500.000")
    save_rate(db, "base_salary", dt.date(2027, 1, 1), "2.600.000")
    detail = _last(db, "set_rate")[0]
    assert detail["old"] == {"value": "2500000"} and detail["new"] == {"value": "2600000"}
    rid = db.execute("SELECT id FROM rates WHERE key = 'base_salary' AND effective_from = '2027-01-01'").fetchone()[0]
    delete_rate(db, rid)
    assert _last(db, "delete_rate")[0]["old"] == {"value": "2600000"}
    set_letterhead(db, position="PHÓ CHỦ TỊCH")
    detail = _last(db, "report_settings")[0]
    assert detail["new"] == {"position": "PHÓ CHỦ TỊCH"} and detail["old"]["position"] != "PHÓ CHỦ TỊCH"


def test_an_import_updating_a_known_person_records_old_and_new(tmp_path, capsys):
    src = messy_roster(tmp_path / "ds.xlsx")
    path = tmp_path / "xa.db"
    assert main(["import", "roster", str(src), "--db", str(path)]) == 0
    db = open_db(path)
    pid, name = db.execute("SELECT id, full_name FROM people ORDER BY id LIMIT 1").fetchone()
    roster.update_person(db, pid, relation="Khác")
    db.close()
    assert main(["import", "roster", str(src), "--db", str(path)]) == 0
    db = open_db(path)
    lines = person_history(db, pid)
    db.close()
    assert lines[0].what == "Cập nhật khi nhập tệp"
    assert [(c.field, c.old) for c in lines[0].changes] == [("Quan hệ với chủ hộ", "Khác")]


def test_the_person_dialog_opens_the_history(qtbot, db):
    from ui.roster.dialogs import PersonDialog
    from ui.roster.history import HistoryDialog
    h = fx.household(db, "Xóm 1", code="HGD01")
    pid = roster.add_person(db, h, "Trần Thị Bình")
    roster.update_person(db, pid, full_name="Trần Thị Bính")
    dialog = PersonDialog(db, pid)
    qtbot.addWidget(dialog)
    assert dialog.history_button.text() == "Lịch sử…"
    history = HistoryDialog(db, pid, dialog)
    qtbot.addWidget(history)
    cells = [[history.table.item(r, c).text() for c in range(6)] for r in range(history.table.rowCount())]
    assert cells[0][2] == "Sửa thông tin" and cells[0][3:] == ["Họ và tên", "Trần Thị Bình", "Trần Thị Bính"]
    assert not history.grab().isNull()
