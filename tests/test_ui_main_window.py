"""The main window: opens on a file, navigates, shares the as-of date, files, closing."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton, QWidget

from bhyt_desktop.commune import details as cm
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.store import open_db
from tests.ui_shell_helpers import ANCHOR, Dialogs, open_window
from ui import pages

TITLES = ["Tổng quan", "Hộ gia đình & nhân khẩu", "Thôn & chỉ tiêu", "Nhập dữ liệu",
          "Báo cáo & xuất file", "Cài đặt"]


def test_opens_on_a_temp_file_with_commune_and_path_in_title(qtbot, tmp_path):
    path = tmp_path / "an-hoa.db"
    db = open_db(path, create=True)
    cm.set_commune(db, name="Xã An Hòa")
    db.close()
    w = open_window(qtbot, path)
    assert "Xã An Hòa" in w.windowTitle() and str(path) in w.windowTitle()
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == TITLES
    assert w.as_of_edit.date() == QDate(2026, 11, 22)
    assert w.as_of_edit.displayFormat() == "dd/MM/yyyy"


def test_navigation_shows_each_page(qtbot, db_path):
    w = open_window(qtbot, db_path)
    for i, title in enumerate(TITLES):
        w.nav.setCurrentRow(i)
        assert w.stack.currentWidget() is w.pages[i].holder
        assert w.pages[i].built and w.pages[i].widget.isVisibleTo(w)
        assert w.page_title.text() == title
    w.go_to("villages")
    assert w.current_page() is w.page("villages")


def test_pages_are_built_when_first_shown(qtbot, db_path):
    w = open_window(qtbot, db_path)
    assert [p.key for p in w.pages if p.built] == ["dashboard"]
    w.go_to("settings")
    assert [p.key for p in w.pages if p.built] == ["dashboard", "settings"]


def test_as_of_is_shared_through_the_context(qtbot, db_path):
    w = open_window(qtbot, db_path)
    seen = []
    w.ctx.as_of_changed.connect(seen.append)
    w.as_of_edit.setDate(QDate(2026, 3, 15))
    assert w.ctx.as_of == dt.date(2026, 3, 15) and seen == [dt.date(2026, 3, 15)]


class FakeRoster(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.shown: list[int] = []

    def show_village(self, village_id):
        self.shown.append(village_id)


def test_dashboard_click_opens_roster_on_the_village(qtbot, db_path, monkeypatch):
    monkeypatch.setattr("ui.roster.page.RosterPage", FakeRoster)
    w = open_window(qtbot, db_path)
    roster = w.page("roster")
    assert isinstance(roster, FakeRoster)
    w.page("dashboard").village_activated.emit(7)
    assert roster.shown == [7] and w.current_page() is roster


def test_opening_a_newer_file_says_so_and_keeps_the_current_one(qtbot, tmp_path, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    newer = tmp_path / "newer.db"
    open_db(newer, create=True).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    w = open_window(qtbot, tmp_path / "xa.db")
    assert not w.open_path(newer)
    assert "phiên bản mới hơn" in dialogs.texts("warning")[0]
    assert w.ctx.path == tmp_path / "xa.db"


def test_opening_a_damaged_file_says_so(qtbot, tmp_path, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    bad = tmp_path / "hong.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    w = open_window(qtbot, tmp_path / "xa.db")
    assert not w.open_path(bad)
    assert "không phải" in dialogs.texts("warning")[0] or "hỏng" in dialogs.texts("warning")[0]


def test_open_another_file_rebuilds_pages_and_remembers_it(qtbot, tmp_path):
    other = tmp_path / "xa2.db"
    db = open_db(other, create=True)
    cm.set_commune(db, name="Xã Bình Minh")
    db.close()
    settings = Settings()
    w = open_window(qtbot, tmp_path / "xa.db", settings=settings)
    old_dashboard = w.page("dashboard")
    assert w.open_path(other)
    assert "Xã Bình Minh" in w.windowTitle()
    assert w.page("dashboard") is not old_dashboard
    assert w.ctx.as_of == ANCHOR
    assert Settings.load().recent_files[0] == str(other)


def test_closing_with_unsaved_edits_asks(qtbot, db_path, monkeypatch):
    w = open_window(qtbot, db_path)
    settings_page = w.page("settings")
    settings_page.fields["name"].setText("Xã Có Sửa")
    assert settings_page.has_unsaved()
    asked = []
    monkeypatch.setattr(w, "confirm_unsaved", lambda doing: asked.append(doing) or False)
    assert not w.close()
    assert asked and w.isVisible()
    monkeypatch.undo()
    assert pages.unsaved_pages(w.pages)[0].key == "settings"
    assert pages.save_all(w.pages)
    assert cm.get_commune(w.ctx.db).name == "Xã Có Sửa"
    assert w.close()


def test_window_geometry_is_remembered(qtbot, db_path):
    settings = Settings()
    w = open_window(qtbot, db_path, settings=settings)
    w.resize(w.minimumSizeHint().width(), 640)     # the offscreen screen is only 800 wide
    w.move(40, 30)
    w.close()
    assert Settings.load().window_geometry
    w2 = open_window(qtbot, db_path, settings=Settings.load())
    assert w2.height() == 640 and w2.width() == w.width()


class DirtyPage(QWidget):
    """A page with an edit it cannot save from outside (like an open entry dialog)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)

    def has_unsaved(self):
        return True


def test_close_offers_save_only_when_pages_can_save(qtbot, db_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr("ui.roster.page.RosterPage", DirtyPage)
    w = open_window(qtbot, db_path)
    w.page("roster")                 # pages are built when first used; a page never built has no edits
    seen = []

    def fake_exec(box):
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        box.setProperty("clicked", "Hủy")
        return 0
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda box: next(b for b in box.buttons() if b.text() == "Hủy"))
    assert not w.close()
    text, buttons = seen[0]
    assert "Hộ gia đình & nhân khẩu" in text and "Lưu" not in buttons
    assert w.current_page() is w.page("roster")      # taken back to the page
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda box: next(b for b in box.buttons() if b.text() == "Không lưu"))
    assert w.close()


def test_operation_progress_dialog_waits_and_survives_its_page(qtbot, db_path):
    """Quick work never shows a dialog; a page deleted while work runs gets nothing back."""
    import threading

    from ui.operations import run_operation
    page = QWidget()
    qtbot.addWidget(page)
    got = []
    op = run_operation(page, "nhanh", lambda job, _db: (job.step(1, 2), 42)[1], ctx=None,
                       on_success=got.append)
    qtbot.waitUntil(lambda: got == [42])
    assert op.dialog is None

    gate = threading.Event()
    other = QWidget()
    late = []

    def slow(job, _db):
        gate.wait(5)
        job.step(1, 2)
        return 1
    run_operation(other, "chậm", slow, ctx=None, on_success=late.append, on_failure=late.append)
    other.deleteLater()
    qtbot.wait(50)
    gate.set()
    qtbot.wait(300)
    assert late == []


def test_slow_operation_shows_progress_and_can_be_cancelled(qtbot):
    import time

    from bhyt_desktop.common.jobs import Cancelled
    from ui.operations import run_operation
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    failures = []

    def slow(job, _db):
        for i in range(100):
            time.sleep(0.02)
            job.step(i, 100, "đang làm")
    op = run_operation(page, "chậm", slow, ctx=None, on_failure=failures.append)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=3000)
    assert op.dialog.labelText() == "đang làm"
    from PySide6.QtWidgets import QPushButton
    button = op.dialog.findChild(QPushButton)
    assert button.text() == "Hủy"
    button.click()
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    assert isinstance(failures[0], Cancelled)


def test_header_shows_the_date_the_pages_compute_on_and_today_goes_back(qtbot, db_path):
    from bhyt_desktop.common import clock
    w = open_window(qtbot, db_path, as_of=dt.date(2026, 3, 15))
    assert w.ctx.as_of == dt.date(2026, 3, 15)
    assert w.as_of_edit.date() == QDate(2026, 3, 15)
    clock.fix_today(dt.date(2027, 6, 30))
    seen = []
    w.ctx.as_of_changed.connect(seen.append)
    today = next(b for b in w.findChildren(QPushButton) if b.text() == "Hôm nay")
    today.click()
    assert w.ctx.as_of == dt.date(2027, 6, 30) and seen == [dt.date(2027, 6, 30)]
    assert w.as_of_edit.date() == QDate(2027, 6, 30)
