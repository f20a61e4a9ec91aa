"""The dashboard page: figures equal coverage(), as-of change refreshes, sort, clicks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from bhyt_desktop.common.formats import fmt_int, fmt_pct
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.demo.generate import generate
from bhyt_desktop.store import open_db
from tests.ui_shell_helpers import ANCHOR, open_window, wait_dashboard
from ui.dashboard.model import CHANGE, INSURED, NAME, RATE, VILLAGE_ID_ROLE


def _demo(tmp_path, people=600):
    path = tmp_path / "demo.db"
    db = open_db(path, create=True)
    generate(db, people=people, seed=7, anchor=ANCHOR)
    db.close()
    return path


def test_dashboard_shows_coverage_figures(qtbot, tmp_path):
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    board = wait_dashboard(qtbot, page, ANCHOR)
    cov = coverage(w.ctx.db, ANCHOR)
    assert page.rate_card.value.text() == fmt_pct(cov.total.rate_pct)
    assert fmt_int(cov.total.insured) in page.rate_card.note.text()
    assert page.needed_card.value.text() == f"{fmt_int(cov.total.needed)} người"
    model = page.model
    assert model.rowCount() == len(cov.villages)
    for r, u in enumerate(cov.villages):
        assert model.index(r, NAME).data() == u.name
        assert model.index(r, INSURED).data() == fmt_int(u.insured)
        assert model.index(r, RATE).data() == fmt_pct(u.rate_pct)
        assert model.index(r, NAME).data(VILLAGE_ID_ROLE) == u.village_id
        behind = model.index(r, NAME).data(Qt.BackgroundRole) is not None
        assert behind == u.behind
    assert board.weekly_pace is not None and page.pace_card.value.text().startswith(fmt_int(board.weekly_pace))
    assert len(page.chart.chart().series()) >= 2          # the bars and the villages' target marks


def test_as_of_change_refreshes_the_dashboard(qtbot, tmp_path):
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    wait_dashboard(qtbot, page, ANCHOR)
    w.as_of_edit.setDate(QDate(2025, 6, 30))
    board = wait_dashboard(qtbot, page, dt.date(2025, 6, 30))
    cov = coverage(w.ctx.db, dt.date(2025, 6, 30))
    assert board.total.insured == cov.total.insured
    assert page.rate_card.value.text() == fmt_pct(cov.total.rate_pct)


def test_data_change_refreshes_the_dashboard(qtbot, tmp_path):
    from bhyt_desktop.commune import details as cm
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    wait_dashboard(qtbot, page, ANCHOR)
    cm.set_target(w.ctx.db, ANCHOR.year, "50")
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        w.ctx.notify_changed("targets")
    assert page.current.total.target_pct == 50
    assert page.current.total.needed == 0


def test_sort_by_rate_and_back_to_village_order(qtbot, tmp_path):
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    board = wait_dashboard(qtbot, page, ANCHOR)
    page.table.sortByColumn(RATE, Qt.AscendingOrder)
    rates = [page.model.rows[r].rate_pct for r in range(page.model.rowCount())]
    assert rates == sorted(rates)
    page.table.sortByColumn(CHANGE, Qt.DescendingOrder)
    changes = [row.change for row in page.model.rows]
    assert changes == sorted(changes, reverse=True)
    page.table.sortByColumn(NAME, Qt.AscendingOrder)
    assert [r.village_id for r in page.model.rows] == [v.village_id for v in board.villages]


def test_clicking_a_village_name_emits_its_id(qtbot, tmp_path):
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    board = wait_dashboard(qtbot, page, ANCHOR)
    index = page.model.index(1, NAME)
    with qtbot.waitSignal(page.village_activated) as blocker:
        rect = page.table.visualRect(index)
        qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == [board.villages[1].village_id]
    with qtbot.waitSignal(page.village_activated) as blocker:
        page.chart._bar_clicked(0, None)     # the bottom bar is the last village
    assert blocker.args == [board.villages[-1].village_id]


def test_empty_file_shows_no_target_yet(qtbot, db_path):
    w = open_window(qtbot, db_path)
    page = w.page("dashboard")
    wait_dashboard(qtbot, page, ANCHOR)
    assert page.needed_card.value.text() == "—"
    assert "Chưa đặt chỉ tiêu" in page.needed_card.note.text()
    assert page.body.currentWidget() is page.empty           # says what to do first
    from bhyt_desktop.commune import details as cm
    cm.add_village(w.ctx.db, "Xóm 1")
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        w.ctx.notify_changed("villages")
    assert page.body.currentWidget() is page.split


def test_with_the_timeline_a_date_change_is_answered_at_once(qtbot, tmp_path):
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    wait_dashboard(qtbot, page, ANCHOR)
    qtbot.waitUntil(lambda: page.timeline is not None, timeout=10_000)
    for day in (dt.date(2026, 2, 1), dt.date(2024, 12, 31), dt.date(2026, 11, 21)):
        w.as_of_edit.setDate(QDate(day))
        assert page.current.as_of == day                 # no worker, no wait
        cov = coverage(w.ctx.db, day)
        assert page.current.total.insured == cov.total.insured
        assert [r.insured for r in page.current.villages] == [u.insured for u in cov.villages]
    assert page.last_refresh_ms is not None


def test_any_write_makes_the_timeline_stale(qtbot, tmp_path):
    from bhyt_desktop.roster import edits as roster
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    wait_dashboard(qtbot, page, ANCHOR)
    qtbot.waitUntil(lambda: page.timeline is not None, timeout=10_000)
    before = page.current.total.insured
    pid = w.ctx.db.execute(
        "SELECT p.id FROM people p WHERE p.status = 'resident' AND NOT EXISTS (SELECT 1 FROM cards c"
        " WHERE c.person_id = p.id AND c.valid_from <= '2026-11-22' AND c.valid_to >= '2026-11-22')"
        " AND (p.birth_date IS NULL OR p.birth_date <= '2026-01-01')").fetchone()[0]
    roster.add_card(w.ctx.db, pid, "GD", dt.date(2026, 11, 1), dt.date(2027, 10, 31))
    # no notify_changed: the data fingerprint alone sends the refresh to SQL
    w.as_of_edit.setDate(QDate(2026, 11, 20))
    board = wait_dashboard(qtbot, page, dt.date(2026, 11, 20))
    w.as_of_edit.setDate(QDate(ANCHOR))
    board = wait_dashboard(qtbot, page, ANCHOR)
    assert board.total.insured == before + 1


def test_opening_computes_once(qtbot, tmp_path, monkeypatch):
    import ui.dashboard.page as page_module
    calls = []
    real = page_module.dashboard

    def counting(db, as_of, job=None, timeline=None):
        calls.append(timeline is not None)
        return real(db, as_of, job, timeline)
    monkeypatch.setattr(page_module, "dashboard", counting)
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    wait_dashboard(qtbot, page, ANCHOR)
    qtbot.waitUntil(lambda: page.timeline is not None, timeout=10_000)
    qtbot.wait(300)
    assert calls == [False]                  # one SQL computation, no duplicate from showing
    w.as_of_edit.setDate(QDate(2026, 1, 1))
    assert calls == [False, True]            # then the timeline answers
