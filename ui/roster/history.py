"""«Lịch sử»: every change to one person (when, who, what, from → to), newest first."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.i18n import _
from bhyt_desktop.roster import records
from bhyt_desktop.roster.history import person_history


class HistoryDialog(QDialog):
    def __init__(self, db, person_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        person = records.person_record(db, person_id)
        self.setWindowTitle(_("Lịch sử thay đổi — {name}").format(name=person.full_name))
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        lines = person_history(db, person_id)
        intro = QLabel(_("{n} lần thay đổi, mới nhất ở trên.").format(n=len(lines)) if lines
                       else _("Chưa có thay đổi nào được ghi cho người này."))
        layout.addWidget(intro)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([_("Thời điểm"), _("Người sửa"), _("Việc"), _("Mục"),
                                              _("Giá trị cũ"), _("Giá trị mới")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for line in lines:
            rows = line.changes or [None]
            for i, change in enumerate(rows):
                cells = [line.at, line.operator, line.what] if i == 0 else ["", "", ""]
                cells += [change.field, change.old, change.new] if change else ["", "", ""]
                r = self.table.rowCount()
                self.table.insertRow(r)
                for c, text in enumerate(cells):
                    self.table.setItem(r, c, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(_("Đóng"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
