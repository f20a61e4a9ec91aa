"""The "Thôn & chỉ tiêu" page: add, rename, reorder, merge, deactivate; grids; campaigns."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.preferences.user import Settings
from tests.factories import person
from tests.ui_shell_helpers import Dialogs, type_text
from ui.context import AppContext
from ui.villages.page import VillagesPage


@pytest.fixture
def page(qtbot, db, db_path):
    for name in ("Thôn Đông", "Thôn Đoài", "Xóm Chùa"):
        cm.add_village(db, name)
    person(db, ("GD", "2026-01-01", "2026-12-31"), village_name="Thôn Đoài")
    person(db, village_name="Thôn Đoài")
    ctx = AppContext(db, db_path, Settings(), dt.date(2026, 11, 22))
    p = VillagesPage(ctx)
    qtbot.addWidget(p)
    p.show()
    return p


def names(page):
    return [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def test_add_and_rename_through_the_page(page, monkeypatch):
    changed = []
    page.ctx.data_changed.connect(lambda: changed.append(1))
    assert page.add_village("Xóm Mới")
    assert names(page)[-1] == "Xóm Mới" and page.selected().name == "Xóm Mới"
    assert page.rename_selected("Xóm Bến Đá")
    assert "Xóm Bến Đá" in names(page) and "Xóm Mới" not in names(page)
    assert cm.find_village(page.ctx.db, "xom ben da") is not None
    assert changed
    dialogs = Dialogs(monkeypatch)
    assert not page.add_village("thon dong")              # same name without diacritics
    assert "đã có" in dialogs.texts("warning")[0]


def test_rename_typed_in_the_dialog(page, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog
    page.select(cm.find_village(page.ctx.db, "Xóm Chùa").id)

    def fake_get_text(parent, title, label, text=""):
        from PySide6.QtWidgets import QLineEdit
        edit = QLineEdit()
        type_text(edit, "Xóm Chùa Thượng")              # Vietnamese typed as key events
        return edit.text(), True
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    assert page.rename_selected()
    assert "Xóm Chùa Thượng" in names(page)


def test_reorder(page):
    page.select(cm.find_village(page.ctx.db, "Xóm Chùa").id)
    page.move_selected(-1)
    assert names(page) == ["Thôn Đông", "Xóm Chùa", "Thôn Đoài"]
    assert [v.name for v in cm.villages(page.ctx.db)] == ["Thôn Đông", "Xóm Chùa", "Thôn Đoài"]
    assert page.selected().name == "Xóm Chùa"


def test_merge_two_villages_through_the_page(page):
    db = page.ctx.db
    src, dst = cm.find_village(db, "Thôn Đoài"), cm.find_village(db, "Thôn Đông")
    cm.set_population(db, 2026, 100, src.id)
    cm.set_population(db, 2026, 50, dst.id)
    page.select(src.id)
    assert page.merge_selected(dst.id, confirm=False)
    assert names(page) == ["Thôn Đông", "Xóm Chùa"]
    row = next(r for r in page.rows if r.id == dst.id)
    assert (row.households, row.people) == (2, 2)
    cov = coverage(db, dt.date(2026, 11, 22))
    dong = next(u for u in cov.villages if u.village_id == dst.id)
    assert (dong.population, dong.insured) == (150, 1)
    page.show_inactive.setChecked(True)
    assert "Đã gộp vào Thôn Đông" in [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    # the grids follow: Thôn Đoài is gone from them
    assert "Thôn Đoài" not in [r.name for r in page.population.grid.rows]


def test_merge_asks_first(page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    dialogs = Dialogs(monkeypatch, answer=QMessageBox.No)
    db = page.ctx.db
    page.select(cm.find_village(db, "Thôn Đoài").id)
    assert not page.merge_selected(cm.find_village(db, "Thôn Đông").id)
    assert "Không hoàn tác được" in dialogs.texts("question")[0]
    assert cm.find_village(db, "Thôn Đoài").active


def test_deactivate_and_reactivate(page, monkeypatch):
    Dialogs(monkeypatch)
    db = page.ctx.db
    vid = cm.find_village(db, "Xóm Chùa").id
    page.select(vid)
    page.toggle_active()
    assert "Xóm Chùa" not in names(page)
    page.show_inactive.setChecked(True)
    page.select(vid)
    assert page.active_button.text() == "Dùng lại"
    page.toggle_active()
    assert cm.find_village(db, "Xóm Chùa").active


def test_paste_into_the_targets_grid(page, qtbot):
    grid = page.targets
    year = grid.years.index(2026)
    grid.table.setCurrentCell(1, year)
    QGuiApplication.clipboard().setText("95\t96\r\n92,5\t93\r\n")
    qtbot.keyClick(grid.table, Qt.Key_V, Qt.ControlModifier)
    db = page.ctx.db
    rows = dict(((v or 0, y), bp) for v, y, bp in db.execute("SELECT village_id, year, rate_bp FROM targets"))
    dong, doai = cm.find_village(db, "Thôn Đông").id, cm.find_village(db, "Thôn Đoài").id
    assert rows == {(dong, 2026): 9500, (dong, 2027): 9600, (doai, 2026): 9250, (doai, 2027): 9300}
    assert grid.table.item(2, year).text() == "92,5"


def test_bad_paste_changes_nothing_and_says_which_cells(page, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    grid = page.targets
    grid.table.setCurrentCell(0, 0)
    assert grid.paste_text("95\tchín lăm\n") == 0
    message = dialogs.texts("warning")[0]
    assert "chín lăm" in message and "Toàn xã" in message
    assert page.ctx.db.execute("SELECT count(*) FROM targets").fetchone()[0] == 0


def test_typing_a_cell_saves_it_and_bad_text_reverts(page, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    grid = page.population
    col = grid.years.index(2026)
    grid.table.item(1, col).setText("1.234")
    db = page.ctx.db
    assert db.execute("SELECT population FROM population_stats").fetchall() == [(1234,)]
    grid.table.item(1, col).setText("nhiều")
    assert dialogs.texts("warning") and grid.table.item(1, col).text() == "1.234"
    grid.table.setCurrentCell(1, col)
    grid.table.item(1, col).setSelected(True)
    grid.clear_selection()
    assert db.execute("SELECT count(*) FROM population_stats").fetchone()[0] == 0


def test_add_and_delete_a_campaign(page, monkeypatch):
    Dialogs(monkeypatch)
    panel = page.campaigns
    panel.name.setText("Tháng cao điểm")
    panel.rate.setText("97,5")
    assert panel.add_from_form()
    assert panel.table.item(0, 0).text() == "Tháng cao điểm"
    assert panel.table.item(0, 4).text() == "97,50%"
    panel.table.selectRow(0)
    panel.delete_selected()
    assert panel.table.rowCount() == 0
    panel.name.setText("Không có tỷ lệ")
    assert panel.add_from_form() is None
