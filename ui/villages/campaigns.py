"""Campaign periods (đợt vận động) with their targets: list, add, delete."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune import campaigns as cp
from bhyt_desktop.commune import details as cm

from ..context import AppContext
from ..widgets import date_edit


class CampaignsPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [_("Tên đợt"), _("Phạm vi"), _("Từ ngày"), _("Đến ngày"), _("Chỉ tiêu")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        delete = QPushButton(_("Xóa đợt đã chọn"))
        delete.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(delete)
        layout.addLayout(row)

        box = QGroupBox(_("Thêm đợt vận động"))
        form = QFormLayout(box)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("ví dụ: Tháng cao điểm vận động BHYT"))
        self.scope = QComboBox()
        year = ctx.as_of.year
        self.start = date_edit(dt.date(year, ctx.as_of.month, 1))
        self.end = date_edit(dt.date(year, 12, 31))
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("95")
        self.rate.setMaximumWidth(90)
        add = QPushButton(_("Thêm đợt"))
        add.clicked.connect(self.add_from_form)
        form.addRow(_("Tên đợt:"), self.name)
        form.addRow(_("Phạm vi:"), self.scope)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(self.end)
        dates.addStretch()
        form.addRow(_("Từ ngày – đến ngày:"), dates)
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate)
        rate_row.addWidget(add)
        rate_row.addStretch()
        form.addRow(_("Chỉ tiêu (%):"), rate_row)
        layout.addWidget(box)
        self.reload()

    def reload(self) -> None:
        current = self.scope.currentData()
        self.scope.clear()
        self.scope.addItem(_("Toàn xã"), None)
        for v in cm.villages(self.ctx.db):
            self.scope.addItem(v.name, v.id)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.rows = cp.list_campaigns(self.ctx.db)
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            values = [c.name, c.village_name or _("Toàn xã"), fmt_date(c.start), fmt_date(c.end),
                      fmt_pct(c.target_pct)]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, col, item)

    def add_from_form(self) -> int | None:
        try:
            cid = cp.add_campaign(self.ctx.db, self.name.text(), self.start.date().toPython(),
                                  self.end.date().toPython(), self.rate.text(), self.scope.currentData())
        except UserError as exc:
            QMessageBox.warning(self, _("Thêm đợt vận động"), str(exc))
            return None
        self.name.clear()
        self.rate.clear()
        self.reload()
        self.changed.emit()
        return cid

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            return
        names = ", ".join(f"«{self.rows[r].name}»" for r in rows)
        if QMessageBox.question(self, _("Xóa đợt vận động"), _("Xóa {names}?").format(names=names)) \
                != QMessageBox.Yes:
            return
        for r in rows:
            cp.delete_campaign(self.ctx.db, self.rows[r].id)
        self.reload()
        self.changed.emit()
