"""The window fits 1280×720 with nothing cut off, the roster's main columns show without
sideways scrolling at 1366×768, less-used columns are optional per user, and the Settings'
buttons stay in view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect

from bhyt_desktop.preferences.user import Settings
from tests.test_ui_dashboard import _demo
from tests.ui_shell_helpers import open_window
from ui.roster import model as m
from ui.roster.columns import OPTIONAL_COLUMNS

MAIN_COLUMNS = (m.COL_NAME, m.COL_BIRTH, m.COL_HOUSEHOLD, m.COL_VILLAGE, m.COL_CCCD, m.COL_CARD,
                m.COL_CARD_TO, m.COL_CARD_STATE, m.COL_STATUS)


def _visible_in(widget, window) -> bool:
    corner = widget.mapTo(window, QPoint(0, 0))
    return QRect(QPoint(0, 0), window.size()).contains(QRect(corner, widget.size()))


def _open_on(qtbot, tmp_path, key, size, settings=None):
    w = open_window(qtbot, _demo(tmp_path), settings=settings)
    w.go_to(key)
    w.resize(*size)
    qtbot.waitUntil(lambda: w.width() <= size[0], timeout=5000)
    return w


def test_every_page_fits_1280_by_720(qtbot, tmp_path):
    w = _open_on(qtbot, tmp_path, "dashboard", (1280, 720))
    for page in w.pages:
        w.go_to(page.key)
        assert w.minimumSizeHint().width() <= 1280, page.key
        assert w.minimumSize().width() <= 1280, page.key
    roster = w.page("roster")
    qtbot.waitUntil(lambda: w.width() == 1280, timeout=5000)
    for button in (roster.btn_print, roster.btn_card, roster.count_label, w.as_of_edit):
        assert _visible_in(button, w), button.text() if hasattr(button, "text") else button


def test_roster_main_columns_show_without_scrolling_at_1366(qtbot, tmp_path):
    w = _open_on(qtbot, tmp_path, "roster", (1366, 768))
    roster = w.page("roster")
    qtbot.waitUntil(lambda: roster.model.rowCount() > 0, timeout=5000)
    table = roster.table
    assert table.horizontalScrollBar().maximum() == 0
    header = table.horizontalHeader()
    for col in MAIN_COLUMNS:
        assert not table.isColumnHidden(col)
        title = roster.model.headerData(col, 1, 0)
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title), title


def test_optional_columns_are_remembered_per_user(qtbot, tmp_path):
    settings = Settings()
    w = _open_on(qtbot, tmp_path, "roster", (1366, 768), settings)
    roster = w.page("roster")
    assert roster.table.isColumnHidden(OPTIONAL_COLUMNS["bhxh"])
    roster.show_column("bhxh", True)
    roster.show_column("village", False)
    assert not roster.table.isColumnHidden(m.COL_BHXH) and roster.table.isColumnHidden(m.COL_VILLAGE)
    again = Settings.load()
    assert "bhxh" not in again.roster_hidden_columns and "village" in again.roster_hidden_columns


def test_settings_buttons_stay_in_view_at_1366(qtbot, tmp_path):
    w = _open_on(qtbot, tmp_path, "settings", (1366, 768))
    page = w.page("settings")
    assert _visible_in(page.save_button, w) and _visible_in(page.revert_button, w)


def test_roster_fits_1280_with_proposals_waiting(qtbot, tmp_path):
    """«Đề nghị đổi tình trạng (N)…» beside the search box and «Danh sách vận động…» in the
    action row, both whole at 1280 px, and no filter squeezed."""
    from bhyt_desktop.store import open_db

    path = _demo(tmp_path)
    db = open_db(path)
    with db.conn:
        db.execute("INSERT INTO status_proposals (person_id, status, reason, source) "
                   "SELECT id, 'moved_out', 'Chuyển đi', 'd03.xlsx' FROM people LIMIT 128")
    db.close()
    w = open_window(qtbot, path)
    w.go_to("roster")
    w.resize(1280, 720)
    qtbot.waitUntil(lambda: w.width() == 1280, timeout=5000)
    roster = w.page("roster")
    assert not roster.proposals_btn.isHidden() and "(128)" in roster.proposals_btn.text()
    assert w.minimumSizeHint().width() <= 1280
    for widget in (roster.proposals_btn, roster.btn_visits, roster.clear_btn, roster.status, roster.btn_card,
                   roster.btn_print):
        assert _visible_in(widget, w), widget
        assert widget.width() >= widget.minimumSizeHint().width(), widget
    assert roster.proposals_btn.width() >= roster.proposals_btn.sizeHint().width()
    assert roster.btn_visits.width() >= roster.btn_visits.sizeHint().width()
    # The buttons of the action row do not overlap.
    row = [roster.btn_add_household, roster.btn_add_person, roster.btn_edit, roster.btn_move,
           roster.btn_status, roster.btn_card, roster.btn_visits]
    for a, b in zip(row, row[1:], strict=False):
        assert a.geometry().right() < b.geometry().left()
    # The selected person's card history needs no sideways scrolling either.
    qtbot.waitUntil(lambda: roster.panel.cards.rowCount() > 0, timeout=5000)
    assert roster.panel.cards.horizontalScrollBar().maximum() == 0
    for combo in (roster.village, roster.group, roster.card_state, roster.age, roster.status):
        assert combo.width() >= min(combo.minimumSizeHint().width(), combo.maximumWidth())
    w.grab().save("/tmp/roster-1280-proposals.png")


def test_village_tabs_and_staff_tables_fit_1280(qtbot, tmp_path):
    """Every tab of «Thôn & chỉ tiêu» shows its title without the tab bar's scroll arrows, and
    the collectors' table needs no sideways scrolling."""
    w = _open_on(qtbot, tmp_path, "villages", (1280, 720))
    qtbot.waitUntil(lambda: w.width() == 1280, timeout=5000)
    page = w.page("villages")
    bar = page.tabs.tabBar()
    for i in range(bar.count()):
        assert bar.rect().contains(bar.tabRect(i)), bar.tabText(i)
        assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(bar.tabText(i)), bar.tabText(i)
    page.tabs.setCurrentWidget(page.staff)
    table = page.staff.collector_table
    qtbot.waitUntil(lambda: table.isVisible(), timeout=5000)
    assert table.horizontalScrollBar().maximum() == 0
    assert page.staff.collector_code.width() >= 70


def test_village_list_headers_whole_at_1280(qtbot, tmp_path):
    w = _open_on(qtbot, tmp_path, "villages", (1280, 720))
    qtbot.waitUntil(lambda: w.width() == 1280, timeout=5000)
    table = w.page("villages").table
    header = table.horizontalHeader()
    for col in range(table.columnCount()):
        title = table.horizontalHeaderItem(col).text()
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title) + 8, title
    assert table.horizontalScrollBar().maximum() == 0
