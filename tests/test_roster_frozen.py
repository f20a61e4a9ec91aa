"""The roster's name column stays in view when the list scrolls sideways (a frozen view
over the table sharing its model and selection), and sorting, selection, double-click and
the header's column menu work from it too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from tests.roster_helpers import make_ctx, named_roster
from ui.roster import model as m
from ui.roster.page import RosterPage


@pytest.fixture
def page(db, db_path, qtbot):
    named_roster(db)
    p = RosterPage(make_ctx(db, db_path))
    qtbot.addWidget(p)
    p.resize(1400, 700)
    p.show()
    return p


def _narrow(page, qtbot):
    for key in ("sex", "relation", "bhxh"):
        page.show_column(key, True)
    page.resize(640, 600)
    table = page.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() > 0, timeout=5000)
    return table


def test_name_stays_in_view_scrolled_to_the_far_right(page, qtbot):
    table = _narrow(page, qtbot)
    page.select_row(3)
    name = page.model.data(page.model.index(3, m.COL_NAME))
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: table.columnViewportPosition(m.COL_NAME) < -50, timeout=5000)
    # The main view has slid the name out of sight...
    assert table.columnViewportPosition(m.COL_NAME) + table.columnWidth(m.COL_NAME) <= 0
    frozen = table.frozen
    assert frozen.isVisible()
    # ...the frozen view lies at the left edge of the table, as wide as the name column,
    assert frozen.geometry().left() <= table.frameWidth()
    assert frozen.width() >= table.columnWidth(m.COL_NAME)
    assert table.rect().contains(frozen.geometry())
    # ...shows the name column only, and the selected row's name inside its viewport.
    shown = [c for c in range(page.model.columnCount()) if not frozen.isColumnHidden(c)]
    assert shown == [m.COL_NAME]
    cell = frozen.visualRect(page.model.index(3, m.COL_NAME))
    assert QRect(QPoint(0, 0), frozen.viewport().size()).contains(cell)
    assert frozen.indexAt(cell.center()).data() == name
    assert frozen.selectionModel() is table.selectionModel()
    assert frozen.selectionModel().isRowSelected(3)


def test_selection_sort_and_double_click_through_the_frozen_column(page, qtbot):
    table = _narrow(page, qtbot)
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    frozen = table.frozen
    # A click on a name selects that row for the page (the household panel, the buttons).
    cell = frozen.visualRect(page.model.index(2, m.COL_NAME))
    qtbot.mouseClick(frozen.viewport(), Qt.LeftButton, pos=cell.center())
    assert table.currentIndex().row() == 2
    assert page.current_person() == page.model.person_id(2)
    # Keyboard moves on from there (focus stays on the main table) and the frozen view follows.
    qtbot.keyClick(table, Qt.Key_Down)
    assert frozen.selectionModel().isRowSelected(3) and page.current_person() == page.model.person_id(3)
    # Sorting by the frozen header sorts the list (names descending).
    first = page.model.data(page.model.index(0, m.COL_NAME))
    header = frozen.horizontalHeader()
    x = header.sectionViewportPosition(m.COL_NAME) + 10
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))
    assert page._descending and table.horizontalHeader().sortIndicatorOrder() == Qt.DescendingOrder
    assert page.model.data(page.model.index(0, m.COL_NAME)) != first
    # Double-click on a name opens the person's dialog.
    cell = frozen.visualRect(page.model.index(1, m.COL_NAME))
    qtbot.mouseClick(frozen.viewport(), Qt.LeftButton, pos=cell.center())
    qtbot.mouseDClick(frozen.viewport(), Qt.LeftButton, pos=cell.center())
    qtbot.waitUntil(lambda: page.current_dialog() is not None, timeout=5000)
    assert page.current_dialog().person_id == page.model.person_id(1)
    page.current_dialog().reject()


def test_scrolling_down_moves_both_views(page, qtbot):
    table = _narrow(page, qtbot)
    page.resize(640, 200)
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() > 0, timeout=5000)
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    assert table.frozen.verticalScrollBar().value() == table.verticalScrollBar().value()
    assert table.frozen.rowViewportPosition(5) == table.rowViewportPosition(5)
    assert table.frozen.rowHeight(0) == table.rowHeight(0)


def test_column_menu_from_the_frozen_header(page, qtbot, monkeypatch):
    """A right-click on the frozen name header opens the optional-columns menu."""
    from PySide6.QtWidgets import QMenu

    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *a: shown.append([x.text() for x in menu.actions()]))
    header = page.table.frozen.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(10, 5))
    assert shown and page.model.headerData(m.COL_BIRTH, Qt.Horizontal, Qt.DisplayRole) in shown[0]
