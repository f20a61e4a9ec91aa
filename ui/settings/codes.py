"""Cài đặt: participant codes with their group and benefit level by date, and the source.

A view over rates.codes: the table lists every dated row; the form adds or corrects one
(same code and date corrects it); a new code needs its name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.rates import codes

from ..widgets import date_edit


class CodesBox(QGroupBox):
    """The codes' history with a form to add or correct a dated row."""

    changed = Signal()

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(_("Mã đối tượng: nhóm và mức hưởng theo ngày áp dụng"), parent)
        self.db = db
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Mã"), _("Từ ngày"), _("Nhóm"), _("Mức hưởng"), _("Căn cứ")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(220)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setMaxLength(2)
        self.code.setPlaceholderText(_("ví dụ: CN"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("chỉ cần khi thêm mã mới hoặc sửa tên"))
        self.valid_from = date_edit()
        self.group = QComboBox()
        for g in range(1, 6):
            self.group.addItem(_("Nhóm {n}").format(n=g), g)
        self.level = QComboBox()
        for lvl in range(1, 6):
            self.level.addItem(codes.level_label(lvl), lvl)
        self.source = QLineEdit()
        self.source.setPlaceholderText(_("ví dụ: Nghị quyết 261/2025/QH15"))
        form.addRow(_("Mã:"), self.code)
        form.addRow(_("Tên đối tượng:"), self.name)
        form.addRow(_("Áp dụng từ ngày:"), self.valid_from)
        form.addRow(_("Nhóm:"), self.group)
        form.addRow(_("Mức hưởng:"), self.level)
        form.addRow(_("Căn cứ:"), self.source)
        self.armed = QCheckBox(_("Thẻ do quân đội, công an cấp (báo cáo riêng)"))
        form.addRow("", self.armed)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch()
        delete = QPushButton(_("Xóa dòng đã chọn"))
        delete.clicked.connect(self.delete_selected)
        save = QPushButton(_("Lưu dòng này"))
        save.clicked.connect(self.save_from_form)
        row.addWidget(delete)
        row.addWidget(save)
        layout.addLayout(row)
        hint = QLabel(_("Nhóm và mức hưởng của một mã có hiệu lực từ ngày áp dụng đến khi có dòng "
                        "mới. Báo cáo của một ngày dùng giá trị của ngày đó."), objectName="hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.load()

    def load(self) -> None:
        self.rows = codes.level_rows(self.db)
        t = self.table
        t.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = [row.code, fmt_date(row.valid_from), str(row.grp), str(row.benefit_level), row.source]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{row.code}: {row.name}")
                if c in (2, 3):
                    item.setTextAlignment(Qt.AlignCenter)
                t.setItem(r, c, item)

    def _current(self) -> codes.LevelRow | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[rows.pop()] if len(rows) == 1 else None

    def _selected(self) -> None:
        row = self._current()
        if row is None:
            return
        self.code.setText(row.code)
        self.name.setText(row.name)
        self.valid_from.setDate(row.valid_from)
        self.group.setCurrentIndex(row.grp - 1)
        self.level.setCurrentIndex(row.benefit_level - 1)
        self.source.setText(row.source)
        self.armed.setChecked(row.issuer == "armed_forces")

    def save_from_form(self) -> bool:
        try:
            codes.save_level(self.db, self.code.text(), self.valid_from.date().toPython(),
                             self.group.currentData(), self.level.currentData(), self.source.text(),
                             name=self.name.text())
            codes.set_issuer(self.db, self.code.text().strip().upper(), self.armed.isChecked())
        except UserError as exc:
            QMessageBox.warning(self, _("Mã đối tượng"), str(exc))
            return False
        self.load()
        self.changed.emit()
        return True

    def delete_selected(self) -> None:
        row = self._current()
        if row is None:
            return
        if QMessageBox.question(self, _("Xóa dòng"), _("Xóa mã {code} áp dụng từ {date}?").format(
                code=row.code, date=fmt_date(row.valid_from))) != QMessageBox.Yes:
            return
        try:
            codes.delete_level(self.db, row.id)
        except UserError as exc:
            QMessageBox.warning(self, _("Mã đối tượng"), str(exc))
            return
        self.load()
        self.changed.emit()
