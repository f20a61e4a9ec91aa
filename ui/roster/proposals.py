"""Reviewing the status changes an import proposes («Giảm» rows with a reason): apply each
with its date, or dismiss it. A view over roster.proposals."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.roster import proposals as pr
from bhyt_desktop.roster.query import status_label

from ..widgets import date_edit, list_table


class ProposalsDialog(QDialog):
    changed = Signal()

    def __init__(self, db, operator: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.setWindowTitle(_("Đề nghị đổi tình trạng từ tệp nhập"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        hint = QLabel(_("Các dòng phần Giảm có ghi lý do (chết, chuyển đi…). Chỉ khi bấm «Áp dụng» "
                        "tình trạng của người đó mới thay đổi."), objectName="hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = list_table([_("Họ và tên"), _("Thôn/xóm"), _("Hiện nay"), _("Đề nghị"),
                                 _("Từ ngày"), _("Lý do (tệp)")])
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Ngày áp dụng:")))
        self.date = date_edit()
        row.addWidget(self.date)
        row.addStretch()
        self.apply_btn = QPushButton(_("Áp dụng"))
        self.dismiss_btn = QPushButton(_("Bỏ qua đề nghị"))
        close = QPushButton(_("Đóng"))
        self.apply_btn.clicked.connect(self.apply_selected)
        self.dismiss_btn.clicked.connect(self.dismiss_selected)
        close.clicked.connect(self.accept)
        for b in (self.apply_btn, self.dismiss_btn, close):
            row.addWidget(b)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        self.rows = pr.open_proposals(self.db)
        self.table.setRowCount(len(self.rows))
        for r, p in enumerate(self.rows):
            cells = [p.name, p.village, status_label(p.current_status), status_label(p.status),
                     fmt_date(p.status_date) if p.status_date else "", f"{p.reason} ({p.source})"]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.rows:
            self.table.selectRow(0)
        self._selected()

    def current(self) -> pr.Proposal | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[rows.pop()] if len(rows) == 1 else None

    def _selected(self) -> None:
        p = self.current()
        for b in (self.apply_btn, self.dismiss_btn):
            b.setEnabled(p is not None)
        if p is not None:
            self.date.setDate(p.status_date or clock.today())

    def apply_selected(self) -> None:
        p = self.current()
        if p is None:
            return
        try:
            pr.apply_proposal(self.db, p.id, self.date.date().toPython(), self.operator)
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.load()
        self.changed.emit()

    def dismiss_selected(self) -> None:
        p = self.current()
        if p is None:
            return
        pr.dismiss_proposal(self.db, p.id, self.operator)
        self.load()
        self.changed.emit()
