"""Small view helpers shared by the import wizard's steps."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from bhyt_desktop.common.formats import fmt_date

# Combo item data for "no column". Never None: PySide6 6.12 drops a reference to None each
# time an item holding None is read back (see ui/roster/page.py).
NO_COLUMN = -1
WRAPPED_ROWS = 500


def cell_text(value) -> str:
    """A raw spreadsheet cell as a person would read it (dates dd/mm/yyyy, 1.0 -> 1)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return fmt_date(value.date())
        return f"{fmt_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return fmt_date(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def message_label(kind: str = "error") -> QLabel:
    """A wrapped label for plain messages: 'error' (red, bold), 'warn' (brown), 'ok' (green)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    colours = {"error": "color: #a00000; font-weight: bold;", "warn": "color: #8a4b00;",
               "ok": "color: #1b6e20; font-weight: bold;", "note": "color: #444;"}
    label.setStyleSheet(colours.get(kind, ""))
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def read_only_table(columns: list[str], stretch: int | None = None) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    compact_rows(table)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.Stretch)
    return table


def fill_table(table: QTableWidget, rows: list[tuple], *, numeric: tuple[int, ...] = (0,)) -> None:
    """Fill a read-only table with rows of plain values (row numbers right-aligned). A text
    of several lines (one reason a line) makes its row that high (the first rows only, so
    thousands of rows stay fast)."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            item.setToolTip(str(value))
            if c in numeric:
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    last = table.columnCount() - 1
    # The last column (the reasons) always fills the table: in Stretch mode, which
    # resizeColumnsToContents leaves alone. (With only "stretch last section", a table
    # filled again while its tab was hidden kept its last column at the text's width, the
    # rest grey, until the window was resized.)
    header.setSectionResizeMode(last, QHeaderView.Stretch)
    for c in range(last):
        table.resizeColumnToContents(c)
    wrap_rows(table)


def wrap_rows(table: QTableWidget) -> None:
    """Rows as high as their lines of text (the first WRAPPED_ROWS; the rest keep one line)."""
    for r in range(min(table.rowCount(), WRAPPED_ROWS)):
        table.resizeRowToContents(r)


def compact_rows(table: QTableWidget) -> None:
    """Rows one text line high, so more of them fit."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
