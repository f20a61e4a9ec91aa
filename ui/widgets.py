"""Small widgets shared by the pages: a figure card, a dd/mm/yyyy date edit, a read-only list table."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import clock


class FigureCard(QFrame):
    """A titled figure with a note under it (the dashboard's top row)."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kpi")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.title = QLabel(title, objectName="kpiTitle")
        self.value = QLabel("—", objectName="kpiValue")
        self.note = QLabel("", objectName="kpiNote")
        self.note.setWordWrap(True)
        for w in (self.title, self.value, self.note):
            layout.addWidget(w)
        layout.addStretch()

    def set(self, value: str, note: str = "", color: str | None = None) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {color};" if color else "")
        self.note.setText(note)


def date_edit(value: dt.date | None = None, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(QDate(value or clock.today()))
    return edit


def list_table(headers: list[str], *, stretch: int | None = None, single: bool = True) -> QTableWidget:
    """A read-only table of whole rows: columns sized to their content, no row numbers, and
    ``stretch`` (default the last column) taking the width left; one row at a time unless
    ``single`` is False."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    if single:
        t.setSelectionMode(QAbstractItemView.SingleSelection)
    t.verticalHeader().hide()
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    return t
