"""Export the commune's figures for the upper level (and, below, the consolidation mode).

The lead places ``ExportPanel`` and ``ConsolidatePanel`` on the "Báo cáo & xuất file" page.
All rules live in ``bhyt_desktop.export``; this is the view.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
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

from bhyt_desktop.common import touched
from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.export.history import export_history, log_export
from bhyt_desktop.export.periods import period_of
from bhyt_desktop.export.workbook import (
    ExportOptions,
    ExportResult,
    default_file_name,
    export_workbook,
)
from ui.context import AppContext
from ui.export.common import note_label, open_folder, warning_label
from ui.export.consolidate_panel import ConsolidatePanel
from ui.operations import run_operation

__all__ = ["ConsolidatePanel", "ExportPanel"]

PERIOD_CHOICES = [(None, "Không theo kỳ (chỉ ngày tính)"), ("week", "Tuần"), ("month", "Tháng"),
                  ("quarter", "Quý"), ("half", "6 tháng"), ("year", "Năm")]


class ExportPanel(QWidget):
    """Choose date, period and lists; write ``BHYT_<mã xã>_...xlsx``; open its folder."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_result: ExportResult | None = None
        self.operation = None
        self._picked_path = False
        docs = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        self.folder = Path(docs) if docs and Path(docs).is_dir() else Path.home()

        layout = QVBoxLayout(self)
        box = QGroupBox(_("Xuất tệp Excel gửi cấp trên"))
        form = QFormLayout(box)
        self.as_of = QDateEdit(QDate(ctx.as_of))
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.as_of.setCalendarPopup(True)
        form.addRow(_("Số liệu tính đến ngày:"), self.as_of)
        self.period = QComboBox()
        for kind, label in PERIOD_CHOICES:
            self.period.addItem(_(label), kind)
        self.period.setCurrentIndex(1)
        form.addRow(_("Kỳ báo cáo:"), self.period)
        self.with_lists = QCheckBox(_("Kèm danh sách người không có thẻ còn hạn và thẻ sắp hết hạn (theo thôn, hộ)"))
        self.full_ids = QCheckBox(_("Ghi đầy đủ số CCCD và mã số BHXH (mặc định chỉ 4 chữ số cuối)"))
        self.full_ids.setEnabled(False)
        form.addRow(self.with_lists)
        form.addRow(self.full_ids)
        self.privacy = warning_label(_(
            "Tệp sẽ có DỮ LIỆU CÁ NHÂN (họ tên, ngày sinh, hộ, số định danh). Chỉ gửi cho người có "
            "trách nhiệm, không gửi vào nhóm chat, không đăng lên mạng."))
        self.privacy.setVisible(False)
        form.addRow(self.privacy)
        row = QHBoxLayout()
        self.target = QLineEdit()
        self.target.setPlaceholderText(_("Nơi lưu tệp"))
        self.target.textEdited.connect(lambda _t: setattr(self, "_picked_path", True))
        browse = QPushButton(_("Chọn nơi lưu…"))
        browse.clicked.connect(self.choose_target)
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        form.addRow(_("Lưu vào:"), row)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(_("Xuất tệp"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.open_button = QPushButton(_("Mở thư mục chứa tệp (để gửi)"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.last_result and open_folder(self.last_result.path))
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch()
        form.addRow(buttons)
        self.status = note_label()
        form.addRow(self.status)
        layout.addWidget(box)

        log_box = QGroupBox(_("Các lần đã xuất"))
        log_layout = QVBoxLayout(log_box)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(
            [_("Thời điểm"), _("Tính đến"), _("Kỳ"), _("Danh sách"), _("Tệp")])
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.Stretch)
        self.history.setEditTriggers(QTableWidget.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        log_layout.addWidget(self.history)
        layout.addWidget(log_box, 1)

        self.with_lists.toggled.connect(self._options_changed)
        self.full_ids.toggled.connect(self._options_changed)
        self.period.currentIndexChanged.connect(self._options_changed)
        self.as_of.dateChanged.connect(self._options_changed)
        ctx.as_of_changed.connect(lambda d: self.as_of.setDate(QDate(d)))
        ctx.on_change(self, (touched.EXPORTS,), self.refresh_history)
        self._options_changed()
        self.refresh_history()

    # --- state -------------------------------------------------------------------------

    def options(self) -> ExportOptions:
        return ExportOptions(
            as_of=self.as_of.date().toPython(), period=self.period.currentData(),
            with_lists=self.with_lists.isChecked(),
            full_ids=self.with_lists.isChecked() and self.full_ids.isChecked(),
            expiring_days=self.ctx.settings.expiring_days, operator=self.ctx.settings.operator)

    def default_path(self) -> Path:
        opts = self.options()
        period = period_of(opts.period, opts.as_of) if opts.period else None
        code = get_commune(self.ctx.db).code
        return self.folder / default_file_name(code, opts.as_of, period)

    def _options_changed(self, *_args) -> None:
        lists = self.with_lists.isChecked()
        self.full_ids.setEnabled(lists)
        self.privacy.setVisible(lists)
        if lists and self.full_ids.isChecked():
            self.privacy.setText(_(
                "Tệp sẽ có DỮ LIỆU CÁ NHÂN với SỐ CCCD VÀ MÃ SỐ BHXH ĐẦY ĐỦ. Chỉ xuất khi cấp trên "
                "yêu cầu bằng văn bản; gửi qua kênh an toàn, không gửi vào nhóm chat."))
        else:
            self.privacy.setText(_(
                "Tệp sẽ có DỮ LIỆU CÁ NHÂN (họ tên, ngày sinh, hộ; số định danh chỉ hiện 4 chữ số "
                "cuối). Chỉ gửi cho người có trách nhiệm, không đăng lên mạng."))
        if not self._picked_path:
            self.target.setText(str(self.default_path()))

    def choose_target(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lưu tệp xuất"), self.target.text() or str(self.default_path()),
            _("Bảng tính Excel (*.xlsx)"))
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.target.setText(path)
            self.folder = Path(path).parent
            self._picked_path = True

    def confirm_full_ids(self) -> bool:
        answer = QMessageBox.question(
            self, _("Xuất số định danh đầy đủ?"),
            _("Tệp sẽ chứa số CCCD và mã số BHXH đầy đủ của từng người. Bạn chắc chắn cần?"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    # --- work --------------------------------------------------------------------------

    def start_export(self) -> None:
        opts = self.options()
        if opts.full_ids and not self.confirm_full_ids():
            return
        out = Path(self.target.text().strip() or self.default_path())

        def work(job, db):
            result = export_workbook(db, out, opts, job)
            log_export(db, result, opts)
            return result

        self.export_button.setEnabled(False)
        self.status.setText(_("Đang xuất…"))
        self.operation = run_operation(self, _("Xuất tệp gửi cấp trên"), work, ctx=self.ctx,
                                       changes=(touched.EXPORTS,),
                                       on_success=self._done, on_failure=self._failed)

    def _done(self, result: ExportResult) -> None:
        self.export_button.setEnabled(True)
        self.last_result = result
        self.open_button.setEnabled(True)
        lists = "".join(f"\n• {sheet}: {fmt_int(n)} người" for sheet, n in result.list_rows.items())
        self.status.setText(_("Đã xuất: {path}\nMã kiểm tra SHA-256: {sha}").format(
            path=result.path, sha=result.sha256) + lists)

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(str(exc) if isinstance(exc, Exception) else _("Lỗi."))
        from bhyt_desktop.common.errors import UserError
        if isinstance(exc, UserError):
            QMessageBox.warning(self, _("Xuất tệp gửi cấp trên"), str(exc))
        else:
            from ui.operations import show_error
            show_error(self, exc)

    def refresh_history(self) -> None:
        entries = export_history(self.ctx.db, 50)
        self.history.setRowCount(len(entries))
        for r, e in enumerate(entries):
            values = [e.at_text, fmt_date(e.as_of) if e.as_of else "",
                      e.period_text, (_("có, đầy đủ số") if e.full_ids else _("có")) if e.with_lists else "",
                      e.path]
            for c, text in enumerate(values):
                self.history.setItem(r, c, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()

