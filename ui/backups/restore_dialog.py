"""«Khôi phục từ bản sao lưu…»: the backups with date, time, people and reason; a preview of
the chosen one (commune, people, figures) before anything is replaced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_int, fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store import backup as bk
from bhyt_desktop.store.preview import preview

from ..widgets import list_table


def reason_label(reason: str) -> str:
    return {"manual": _("Sao lưu bằng tay"), "import": _("Trước khi nhập tệp"),
            "migration": _("Trước khi nâng cấp"), "daily": _("Hằng ngày"),
            "restore": _("Trước khi khôi phục"), "merge": _("Trước khi gộp thôn/xóm"),
            "damaged": _("Tệp hỏng để riêng")}.get(reason, reason)


class RestoreDialog(QDialog):
    """``chosen`` holds the backup to restore once the dialog is accepted."""

    def __init__(self, path: Path, as_of: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.path, self.as_of = Path(path), as_of
        self.chosen: Path | None = None
        self.setWindowTitle(_("Khôi phục từ bản sao lưu"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Chọn bản sao lưu. Trước khi khôi phục, tệp hiện tại được sao lưu "
                                  "vào thư mục {folder}.").format(folder=bk.folder(self.path))))
        self.table = list_table([_("Ngày"), _("Giờ"), _("Số người"), _("Lý do"), _("Tệp")])
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        other = QPushButton(_("Chọn tệp sao lưu khác (USB…)…"))
        other.clicked.connect(self._choose_other)
        row.addWidget(other)
        row.addStretch()
        layout.addLayout(row)
        self.preview = QLabel(objectName="restorePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.PlainText)
        self.preview.setMinimumHeight(90)
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Khôi phục bản này"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Hủy"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.backups = bk.list_backups(self.path)
        for b in self.backups:
            r = self.table.rowCount()
            self.table.insertRow(r)
            people = fmt_int(b.people) if b.people is not None else _("(không đọc được)")
            for c, text in enumerate([fmt_date(b.made.date()), b.made.strftime("%H:%M:%S"), people,
                                      reason_label(b.reason), b.path.name]):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, item)
        self._show(None)
        if self.backups:
            self.table.selectRow(0)
        else:
            self.preview.setText(_("Chưa có bản sao lưu nào trong {folder}. Có thể chọn một tệp sao lưu "
                                   "khác (ví dụ trên USB).").format(folder=bk.folder(self.path)))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show(self.backups[rows[0].row()].path if rows else None)

    def _choose_other(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Chọn tệp sao lưu"), str(bk.folder(self.path)),
                                                    _("Tệp dữ liệu BHYT (*.db *.sqlite *.sqlite3);;Mọi tệp (*)"))
        if name:
            self.table.clearSelection()
            self._show(Path(name))

    def _show(self, backup: Path | None) -> None:
        """The preview of ``backup``; the restore button only for a sound one."""
        self.chosen = None
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        if backup is None:
            self.preview.setText("")
            return
        try:
            p = preview(backup, self.as_of)
        except UserError as exc:
            self.preview.setText(str(exc))
            return
        self.chosen = backup
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(True)
        self.preview.setText(_(
            "Bản sao lưu: {file}\nXã: {commune}\n{villages} thôn/xóm, {households} hộ, {people} người, "
            "{cards} thẻ BHYT.\nTính đến {as_of}: dân số {population}, có thẻ {insured}, tỷ lệ {rate}.").format(
                file=backup.name, commune=p.commune or _("(chưa đặt tên xã)"), villages=fmt_int(p.villages),
                households=fmt_int(p.households), people=fmt_int(p.people), cards=fmt_int(p.cards),
                as_of=fmt_date(p.as_of), population=fmt_int(p.population), insured=fmt_int(p.insured),
                rate=fmt_pct(p.rate_pct)))
