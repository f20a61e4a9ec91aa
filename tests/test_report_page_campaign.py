"""The reports page's «Ban Chỉ đạo» choices: a member's villages (preview, never issued) and
the table «Thành viên BCĐ phụ trách» (preview and issue), built by the same core as
`report --member --members-table`."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox
from report_helpers import pdf_text, seed004

from bhyt_desktop.campaign import members as mem
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.reports.history import build_report, get_report, list_reports
from ui.context import AppContext
from ui.reports.page import ReportsPage

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def page(qtbot, db, db_path):
    from bhyt_desktop.reports.letterhead import set_letterhead
    seed004(db)
    set_letterhead(db, signer="Nguyễn Văn Hùng")
    east = db.execute("SELECT id FROM villages WHERE name = 'Xóm Đông Hạ'").fetchone()[0]
    north = db.execute("SELECT id FROM villages WHERE name = 'Xóm Bắc Sơn'").fetchone()[0]
    mem.add_member(db, "Phạm Thị Hoa", position="Chủ tịch Hội Phụ nữ", village_ids=[east])
    mem.add_member(db, "Đặng Văn Lọc", village_ids=[north])
    ctx = AppContext(db, db_path, Settings(operator="Nguyễn Thị Lan"), as_of=AS_OF)
    w = ReportsPage(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    return w


def _flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_a_members_villages_preview_is_never_issued(qtbot, page, db, monkeypatch):
    opts = page.campaign
    assert [opts.member_combo.itemText(i) for i in range(opts.member_combo.count())] == [
        "Toàn xã", "Phạm Thị Hoa (Chủ tịch Hội Phụ nữ)", "Đặng Văn Lọc"]
    assert page.issue_btn.isEnabled()
    opts.choose(mem.member_by_name(db, "Phạm Thị Hoa").id)
    assert not page.issue_btn.isEnabled() and "Xóm Đông Hạ" in opts.note.text()
    page.preview_btn.click()
    qtbot.waitUntil(lambda: page.current_pdf is not None, timeout=20000)
    text = _flat(page.current_pdf)
    assert "đồng chí Phạm Thị Hoa (Chủ tịch Hội Phụ nữ) phụ trách: Xóm Đông Hạ" in text
    assert "Xóm Bắc Sơn" not in text
    # the same PDF text as the core the command line uses
    core = build_report(db, "week", AS_OF, member="Phạm Thị Hoa", text=page._text(), number=page.number.text())
    assert _flat(core.pdf) == text
    assert "Không phát hành" in page.status.text()
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    page.issue()                                        # refused even when called directly
    assert shown and list_reports(db) == []


def test_members_table_in_preview_and_issue(qtbot, page, db, monkeypatch):
    page.campaign.members_table.setChecked(True)
    page.preview_btn.click()
    qtbot.waitUntil(lambda: page.current_pdf is not None, timeout=20000)
    text = _flat(page.current_pdf)
    assert "Thành viên BCĐ phụ trách" in text and "Phạm Thị Hoa" in text and "Đặng Văn Lọc" in text
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.issue_btn.click()
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=20000)
    [info] = list_reports(db)
    stored = get_report(db, info.id)
    assert "Thành viên BCĐ phụ trách" in _flat(stored.pdf)
    page.campaign.members_table.setChecked(False)
    old = page.current_pdf
    page.preview_btn.click()
    qtbot.waitUntil(lambda: page.current_pdf is not old, timeout=20000)
    assert "Thành viên BCĐ phụ trách" not in _flat(page.current_pdf)


def test_no_members_no_choice(qtbot, db, db_path):
    seed004(db)
    w = ReportsPage(AppContext(db, db_path, Settings(), as_of=AS_OF))
    qtbot.addWidget(w)
    assert not w.campaign.member_combo.isEnabled() and not w.campaign.members_table.isEnabled()
    assert w.campaign.member_name() is None and not w.campaign.with_members()
