"""The main window (a simple first version: coverage by village on a date)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.commune import get_commune
from bhyt_desktop.coverage import coverage
from bhyt_desktop.formats import fmt_int, fmt_pct
from bhyt_desktop.i18n import _
from bhyt_desktop.settings import Settings


class MainWindow(QMainWindow):
    def __init__(self, db: sqlite_utils.Database, path: Path, settings: Settings):
        super().__init__()
        self.db, self.path, self.settings = db, path, settings
        commune = get_commune(db)
        self.setWindowTitle(f"{commune.name or _('(chưa đặt tên xã)')} — {path.name} — BHYT Desktop")
        central = QWidget()
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Tính đến ngày:")))
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.as_of.setCalendarPopup(True)
        self.as_of.dateChanged.connect(self.refresh)
        top.addWidget(self.as_of)
        top.addStretch()
        layout.addLayout(top)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Thôn/xóm"), _("Dân số"), _("Có thẻ"), _("Tỷ lệ"), _("Chỉ tiêu"), _("Còn thiếu")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.resize(900, 640)
        self.refresh()

    def refresh(self) -> None:
        cov = coverage(self.db, self.as_of.date().toPython())
        t = cov.total
        self.summary.setText(_("Toàn xã: {ins} / {pop} người có thẻ — {rate} (chỉ tiêu {target}, còn thiếu {need})").format(
            ins=fmt_int(t.insured), pop=fmt_int(t.population), rate=fmt_pct(t.rate_pct),
            target=fmt_pct(t.target_pct) or "—", need=fmt_int(t.needed) or "—"))
        self.table.setRowCount(len(cov.villages))
        for r, v in enumerate(cov.villages):
            values = [v.name, fmt_int(v.population), fmt_int(v.insured), fmt_pct(v.rate_pct),
                      fmt_pct(v.target_pct), fmt_int(v.needed)]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(0x0082)  # right | vcenter
                self.table.setItem(r, c, item)
