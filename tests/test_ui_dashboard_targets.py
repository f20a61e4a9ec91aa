"""The dashboard with no target for the year, and each village's own target on the chart."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from bhyt_desktop.common import touched
from bhyt_desktop.commune import details as cm
from bhyt_desktop.dashboard.figures import dashboard
from tests.factories import person
from tests.test_ui_dashboard import _demo
from tests.ui_shell_helpers import ANCHOR, open_window, wait_dashboard
from ui.dashboard.model import NAME, RATE
from ui.style import ON_TARGET


def test_no_target_is_neither_behind_nor_reached(db):
    person(db, ("HT", "2026-01-01", "2027-12-31"), village_name="Xóm 1")
    person(db, village_name="Xóm 2")
    board = dashboard(db, dt.date(2027, 3, 1))            # no 2027 target set
    assert not board.has_target
    assert all(not v.behind and not v.reached for v in board.villages)


def test_dashboard_without_a_target_shows_no_green(qtbot, tmp_path):
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    wait_dashboard(qtbot, page, ANCHOR)
    day = dt.date(2027, 3, 1)
    w.as_of_edit.setDate(QDate(day.year, day.month, day.day))
    board = wait_dashboard(qtbot, page, day)
    assert not board.has_target
    assert page.behind_card.value.text() == "—"
    assert "2027" in page.behind_card.note.text()
    assert ON_TARGET not in page.behind_card.value.styleSheet()
    for r in range(page.model.rowCount()):
        fg = page.model.index(r, RATE).data(Qt.ForegroundRole)
        assert fg is None or fg.color().name().lower() != ON_TARGET.lower()
    behind, reached, untargeted = page.chart._sets
    assert sum(reached.at(i) for i in range(reached.count())) == 0
    assert sum(untargeted.at(i) for i in range(untargeted.count())) > 0
    assert page.chart.target_marks() == {}


def test_chart_marks_each_villages_own_target(qtbot, tmp_path):
    path = _demo(tmp_path)
    w = open_window(qtbot, path)
    page = w.page("dashboard")
    board = wait_dashboard(qtbot, page, ANCHOR)
    first = board.villages[0]
    cm.set_target(w.ctx.db, ANCHOR.year, "80", village_id=first.village_id)
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        w.ctx.notify_changed(touched.TARGETS)
    marks = page.chart.target_marks()
    assert marks[first.village_id] == 80.0
    others = [v for v in page.current.villages if v.village_id != first.village_id]
    assert all(marks[v.village_id] == float(v.target_pct) for v in others)
    assert page.model.index(0, NAME).data() == first.name
