"""The month's collectors' pay and households renewing (seed 004), in one window: choose the
month, see each collector's new cards and amount and the households that renewed, save the
incentive sheet as PDF or Excel. Opened from the villages page's «Ban Chỉ đạo, người thu» tab
and from the reports page.

Views only: the figures are bhyt_desktop/campaign/incentive.py and renewals.py, the sheet
bhyt_desktop/reports/incentive_sheet.py (as `incentive` and `renewals` on the command line).
Both the figures and the file are made on a worker (ui.operations.run_operation).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.campaign.incentive import IncentiveSheet, incentive_sheet
from bhyt_desktop.campaign.renewals import Renewals, renewals
from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.reports.incentive_sheet import write_sheet

from ..operations import run_operation
from ..widgets import list_table

RIGHT = Qt.AlignRight | Qt.AlignVCenter


def _fill(table: QTableWidget, rows: list[list[str]], numeric_from: int, bold_last: bool) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c >= numeric_from:
                item.setTextAlignment(RIGHT)
            if bold_last and r == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)


class IncentiveDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.sheet: IncentiveSheet | None = None
        self.renewals: Renewals | None = None
        self.operation = None
        self.saved: Path | None = None
        self.setWindowTitle(_("Thù lao vận động và hộ gia hạn thẻ BHYT"))
        layout = QVBoxLayout(self)
        layout.addLayout(self._month_row())
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        layout.addWidget(self.rule)
        self.totals = QLabel()
        self.totals.setObjectName("incentive_totals")
        font = self.totals.font()
        font.setBold(True)
        self.totals.setFont(font)
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.tabs = QTabWidget()
        self.collector_table = list_table([_("Mã số"), _("Họ tên"), _("Loại"), _("Số thẻ mới"),
                                           _("Thành tiền (đ)")], stretch=1, single=False)
        pay = QWidget()
        pv = QVBoxLayout(pay)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addWidget(self.collector_table, 1)
        self.unassigned = QLabel()
        self.unassigned.setWordWrap(True)
        pv.addWidget(self.unassigned)
        self.tabs.addTab(pay, _("Thù lao người thu"))
        self.renewal_table = list_table([_("STT"), _("Thôn/xóm"), _("Hộ có người gia hạn"), _("Hộ gia hạn đủ"),
                                         _("Người gia hạn")], stretch=1, single=False)
        self.tabs.addTab(self.renewal_table, _("Hộ gia hạn thẻ"))
        layout.addWidget(self.tabs, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a40000")
        layout.addWidget(self.error)
        layout.addWidget(self._buttons())
        self.resize(760, 560)
        self.load()

    def _month_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Tháng:")))
        self.month = QComboBox()
        for m in range(1, 13):
            self.month.addItem(_("Tháng {m}").format(m=m), m)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        self.month.setCurrentIndex(self.ctx.as_of.month - 1)
        self.year.setValue(self.ctx.as_of.year)
        row.addWidget(self.month)
        row.addWidget(QLabel(_("năm")))
        row.addWidget(self.year)
        row.addStretch()
        self.month.currentIndexChanged.connect(lambda _i: self.load())
        self.year.valueChanged.connect(lambda _v: self.load())
        return row

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.btn_pdf = QPushButton(_("Lưu PDF để in…"))
        self.btn_xlsx = QPushButton(_("Lưu Excel…"))
        close = QPushButton(_("Đóng"))
        buttons.addButton(self.btn_pdf, QDialogButtonBox.ActionRole)
        buttons.addButton(self.btn_xlsx, QDialogButtonBox.ActionRole)
        buttons.addButton(close, QDialogButtonBox.RejectRole)
        buttons.rejected.connect(self.reject)
        self.btn_pdf.clicked.connect(lambda: self.choose_and_save(".pdf"))
        self.btn_xlsx.clicked.connect(lambda: self.choose_and_save(".xlsx"))
        return buttons

    def month_key(self) -> str:
        return f"{self.year.value():04d}-{self.month.currentData():02d}"

    def month_text(self) -> str:
        return f"{self.month.currentData():02d}/{self.year.value()}"

    # --- the figures ------------------------------------------------------------------

    def load(self):
        """Work out the month's sheet and households renewing on a worker."""
        month = self.month_key()
        self.btn_pdf.setEnabled(False)
        self.btn_xlsx.setEnabled(False)
        self.totals.setText(_("Đang tính…"))

        def work(job, db):
            job.step(0, 2, _("Đang tính thù lao tháng {m}…").format(m=self.month_text()))
            sheet = incentive_sheet(db, month)
            job.step(1, 2, _("Đang đếm hộ gia hạn…"))
            return sheet, renewals(db, month)

        self.operation = run_operation(self, _("Thù lao vận động"), work, ctx=self.ctx,
                                       on_success=lambda r: self.show_figures(month, *r),
                                       on_failure=lambda exc: self.show_failure(month, exc))
        return self.operation

    def show_failure(self, month: str, exc: BaseException) -> None:
        if month != self.month_key():
            return
        self.sheet = self.renewals = None
        self.collector_table.setRowCount(0)
        self.renewal_table.setRowCount(0)
        self.rule.setText("")
        self.totals.setText("")
        self.unassigned.setText("")
        self.error.setText(str(exc))

    def show_figures(self, month: str, sheet: IncentiveSheet, ren: Renewals) -> None:
        if month != self.month_key():          # the user chose another month meanwhile
            return
        self.sheet, self.renewals = sheet, ren
        self.error.setText("")
        since = _(" (áp dụng từ {d})").format(d=fmt_date(sheet.rate_from)) if sheet.rate_from else ""
        self.rule.setText(_("Mức thù lao: {rate} đ cho mỗi thẻ mới{since}; thẻ gia hạn sau khi gián đoạn quá "
                            "{n} tháng được tính là thẻ mới.").format(
            rate=fmt_int(sheet.rate), since=since, n=sheet.break_months))
        self.rule.setToolTip(sheet.rate_source)
        t = ren.total
        self.totals.setText(_("Tháng {m}: {cards} thẻ mới, tổng số tiền {amount} đ · {h} hộ có người gia hạn, "
                              "trong đó {full} hộ gia hạn đủ ({p} người).").format(
            m=self.month_text(), cards=fmt_int(sheet.total_cards), amount=fmt_int(sheet.total_amount),
            h=fmt_int(t.households_renewing), full=fmt_int(t.households_all_renewed), p=fmt_int(t.members_renewed)))
        rows = [[c.code, c.name, c.kind_label, fmt_int(c.new_cards), fmt_int(c.amount)] for c in sheet.collectors]
        rows.append(["", _("Tổng cộng"), "", fmt_int(sheet.total_cards), fmt_int(sheet.total_amount)])
        _fill(self.collector_table, rows, 3, True)
        self.unassigned.setText(_("{n} thẻ mới chưa xác định người thu (chưa tính thù lao): thêm trưởng thôn/xóm "
                                  "hoặc người thu có mã số trên thẻ.").format(n=fmt_int(len(sheet.unassigned)))
                                if sheet.unassigned else "")
        vrows = [[str(i), name, fmt_int(c.households_renewing), fmt_int(c.households_all_renewed),
                  fmt_int(c.members_renewed)] for i, (_vid, name, c) in enumerate(ren.villages, start=1)]
        vrows.append(["", _("Toàn xã"), fmt_int(t.households_renewing), fmt_int(t.households_all_renewed),
                      fmt_int(t.members_renewed)])
        _fill(self.renewal_table, vrows, 2, True)
        self.btn_pdf.setEnabled(True)
        self.btn_xlsx.setEnabled(True)
        self.layout().activate()              # the wrapped lines' heights, now they have text

    # --- saving -----------------------------------------------------------------------

    def default_path(self, suffix: str) -> Path:
        docs = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        folder = Path(docs) if docs and Path(docs).is_dir() else Path.home()
        return folder / f"thu-lao-van-dong-{self.month_key()}{suffix}"

    def choose_and_save(self, suffix: str) -> None:
        filt = _("Tệp PDF (*.pdf)") if suffix == ".pdf" else _("Tệp Excel (*.xlsx)")
        path, _sel = QFileDialog.getSaveFileName(self, _("Lưu bảng thù lao"), str(self.default_path(suffix)), filt)
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.save(path)

    def save(self, path: str):
        """Build the sheet again (the figures as of now) and write it on a worker."""
        month = self.month_key()

        def work(job, db):
            job.step(0, 2, _("Đang lập bảng thù lao…"))
            sheet = incentive_sheet(db, month)
            job.step(1, 2, _("Đang ghi tệp…"))
            return write_sheet(db, sheet, path)

        self.operation = run_operation(self, _("Lưu bảng thù lao"), work, ctx=self.ctx, on_success=self._saved)
        return self.operation

    def _saved(self, path: Path) -> None:
        self.saved = Path(path)
        QMessageBox.information(self, _("Lưu bảng thù lao"), _("Đã lưu bảng thù lao tháng {m} vào:\n{path}").format(
            m=self.month_text(), path=path))


def open_incentive(ctx, parent: QWidget | None = None) -> IncentiveDialog:
    dialog = IncentiveDialog(ctx, parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog

