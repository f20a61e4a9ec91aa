"""The door-to-door lists window: choose the villages, the kind and the date, save a PDF or
a workbook. The work runs through ui/operations.run_operation (progress and cancel)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.campaign.visit_lists import KINDS, build_lists, committee_member_names, kind_label
from bhyt_desktop.campaign.visit_lists_print import write_lists
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import villages

from ..operations import run_operation
from ..widgets import date_edit


class VisitListsDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, village_name: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.operation = None
        self.last_result: tuple | None = None
        self.setWindowTitle(_("Danh sách vận động tham gia BHYT"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Danh sách theo hộ gia đình để trưởng thôn, người thu đi vận động từng nhà: "
                         "chủ hộ, địa chỉ, điện thoại, người cần vận động và số tiền hộ phải đóng."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.scope = QComboBox()
        self.scope.addItem(_("Toàn xã (mỗi thôn một phần)"), ("all", None))
        for v in villages(ctx.db):
            self.scope.addItem(v.name, ("village", v.name))
            if v.name == village_name:
                self.scope.setCurrentIndex(self.scope.count() - 1)
        for name in committee_member_names(ctx.db):
            self.scope.addItem(_("Các thôn do {name} phụ trách").format(name=name), ("member", name))
        form.addRow(_("Thôn/xóm:"), self.scope)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_label(kind), kind)
        form.addRow(_("Danh sách:"), self.kind)
        self.as_of = date_edit(ctx.as_of)
        form.addRow(_("Tính đến ngày:"), self.as_of)
        self.days = QSpinBox()
        self.days.setRange(0, 366)
        self.days.setValue(int(getattr(ctx.settings, "expiring_days", 30)))
        self.days.setSuffix(_(" ngày"))
        form.addRow(_("Thẻ sắp hết hạn trong:"), self.days)
        self.mask_ids = QCheckBox(_("Che mã số BHXH (chỉ in 4 chữ số cuối)"))
        self.mask_ids.setChecked(True)
        form.addRow(self.mask_ids)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        close = QPushButton(_("Đóng"))
        buttons.addButton(close, QDialogButtonBox.RejectRole)
        self.btn_pdf = QPushButton(_("Lưu PDF để in…"))
        self.btn_xlsx = QPushButton(_("Lưu Excel…"))
        buttons.addButton(self.btn_pdf, QDialogButtonBox.ActionRole)
        buttons.addButton(self.btn_xlsx, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.btn_pdf.clicked.connect(lambda: self.choose_and_save(".pdf"))
        self.btn_xlsx.clicked.connect(lambda: self.choose_and_save(".xlsx"))
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def default_path(self, suffix: str) -> Path:
        docs = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        folder = Path(docs) if docs and Path(docs).is_dir() else Path.home()
        return folder / f"danh-sach-van-dong-{self.as_of.date().toPython():%Y%m%d}{suffix}"

    def choose_and_save(self, suffix: str) -> None:
        filt = "PDF (*.pdf)" if suffix == ".pdf" else "Excel (*.xlsx)"
        path, _sel = QFileDialog.getSaveFileName(self, _("Lưu danh sách"), str(self.default_path(suffix)), filt)
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.save(path)

    def save(self, path: str):
        """Build and write the lists on a worker; returns the operation."""
        scope, name = self.scope.currentData()
        options = {"kind": self.kind.currentData(), "as_of": self.as_of.date().toPython(),
                   "days": self.days.value(), "village": name if scope == "village" else None,
                   "member": name if scope == "member" else None}
        show_ids = not self.mask_ids.isChecked()

        def work(job, db):
            lists = build_lists(db, job=job, **options)
            return lists, write_lists(db, lists, path, show_ids=show_ids, job=job)

        self.operation = run_operation(self, _("Đang lập danh sách…"), work, ctx=self.ctx,
                                       on_success=self._done)
        return self.operation

    def _done(self, result) -> None:
        self.last_result = result
        lists, path = result
        QMessageBox.information(self, _("Danh sách vận động"), _(
            "Đã lưu danh sách {v} thôn/xóm, {h} hộ, {p} người vào:\n{path}").format(
            v=fmt_int(len(lists.villages)), h=fmt_int(lists.households), p=fmt_int(lists.people), path=path))
