"""Upper-level mode: pick many communes' export files (or a folder), see the checks, write
the consolidation workbook and its one-page PDF summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
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
from bhyt_desktop.common.formats import fmt_date, fmt_int, fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.export.consolidate import (
    FORCED,
    OK,
    REFUSED,
    STATUS_LABELS,
    WARNING,
    Combined,
    Plan,
    check_files,
    combine,
    expand_paths,
    write_consolidation,
)
from bhyt_desktop.export.upper_targets import read_upper_targets
from ui.export.common import note_label, open_folder, warning_label
from ui.operations import run_operation

STATUS_COLOURS = {OK: "#1b7f3b", WARNING: "#9a6700", FORCED: "#b35900", REFUSED: "#b00020"}


class ConsolidatePanel(QWidget):
    def __init__(self, ctx=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.paths: list[Path] = []
        self.plan: Plan | None = None
        self.result: tuple[Path, Path | None] | None = None
        self.operation = None

        layout = QVBoxLayout(self)
        box = QGroupBox(_("Tổng hợp tệp của nhiều xã (cấp trên)"))
        v = QVBoxLayout(box)
        buttons = QHBoxLayout()
        add_files = QPushButton(_("Thêm tệp…"))
        add_files.clicked.connect(self.choose_files)
        add_folder = QPushButton(_("Thêm cả thư mục…"))
        add_folder.clicked.connect(self.choose_folder)
        remove = QPushButton(_("Bỏ tệp đã chọn"))
        remove.clicked.connect(self.remove_selected)
        clear = QPushButton(_("Bỏ hết"))
        clear.clicked.connect(self.clear)
        for b in (add_files, add_folder, remove, clear):
            buttons.addWidget(b)
        buttons.addStretch()
        v.addLayout(buttons)
        self.force = QCheckBox(_("Vẫn dùng tệp đã bị sửa sau khi xuất (sẽ được đánh dấu "
                                 "trong bảng tổng hợp)"))
        self.force.toggled.connect(lambda _on: self.run_checks())
        v.addWidget(self.force)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Tệp"), _("Xã"), _("Mã xã"), _("Tính đến"), _("Kiểm tra"), _("Ghi chú")])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        v.addWidget(self.table, 1)
        self.summary = note_label()
        v.addWidget(self.summary)
        self.warnings = warning_label("")
        self.warnings.setVisible(False)
        v.addWidget(self.warnings)

        out_row = QHBoxLayout()
        self.target = QLineEdit()
        self.target.setPlaceholderText(_("Tệp Excel tổng hợp (.xlsx)"))
        browse = QPushButton(_("Chọn nơi lưu…"))
        browse.clicked.connect(self.choose_target)
        out_row.addWidget(self.target, 1)
        out_row.addWidget(browse)
        v.addLayout(out_row)
        targets_row = QHBoxLayout()
        self.targets_file = QLineEdit()
        self.targets_file.setPlaceholderText(_("Bảng chỉ tiêu cấp trên giao (không bắt buộc): cột «Mã xã» và các cột năm"))
        pick = QPushButton(_("Chọn bảng chỉ tiêu…"))
        pick.clicked.connect(self.choose_targets)
        targets_row.addWidget(self.targets_file, 1)
        targets_row.addWidget(pick)
        v.addLayout(targets_row)
        self.with_pdf = QCheckBox(_("Kèm bản tóm tắt một trang (PDF) để in, ký"))
        self.with_pdf.setChecked(True)
        v.addWidget(self.with_pdf)
        actions = QHBoxLayout()
        self.run_button = QPushButton(_("Tổng hợp"))
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.start_consolidation)
        self.open_button = QPushButton(_("Mở thư mục chứa tệp"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.result and open_folder(self.result[0]))
        actions.addWidget(self.run_button)
        actions.addWidget(self.open_button)
        actions.addStretch()
        v.addLayout(actions)
        self.status = note_label()
        v.addWidget(self.status)
        layout.addWidget(box)

    # --- choosing files ----------------------------------------------------------------

    def choose_files(self) -> None:
        files, _f = QFileDialog.getOpenFileNames(self, _("Chọn tệp xuất của các xã"), "",
                                                 _("Bảng tính Excel (*.xlsx)"))
        if files:
            self.add_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Chọn thư mục chứa tệp của các xã"))
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths) -> None:
        try:
            found = expand_paths(paths)
        except UserError as exc:
            QMessageBox.warning(self, _("Tổng hợp"), str(exc))
            return
        known = {p.resolve() for p in self.paths}
        self.paths += [p for p in found if p.resolve() not in known]
        if not self.target.text() and self.paths:
            self.target.setText(str(self.paths[0].parent / "TongHop_BHYT.xlsx"))
        self.run_checks()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            if r < len(self.paths):
                del self.paths[r]
        self.run_checks()

    def clear(self) -> None:
        self.paths = []
        self.run_checks()

    def choose_target(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("Lưu bảng tổng hợp"), self.target.text(),
                                               _("Bảng tính Excel (*.xlsx)"))
        if path:
            self.target.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def choose_targets(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Bảng chỉ tiêu cấp trên giao"), "",
                                               _("Bảng tính (*.xlsx *.xls *.ods *.csv)"))
        if path:
            self.targets_file.setText(path)

    # --- checks ------------------------------------------------------------------------

    def run_checks(self) -> None:
        self.plan = None
        self.run_button.setEnabled(False)
        if not self.paths:
            self._show(None)
            return
        paths, force = list(self.paths), self.force.isChecked()
        self.operation = run_operation(self, _("Kiểm tra tệp"),
                                       lambda job, _db: check_files(paths, force=force, job=job),
                                       ctx=None, on_success=self._show)

    def _show(self, plan: Plan | None) -> None:
        self.plan = plan
        checks = plan.checks if plan else []
        self.table.setRowCount(len(checks))
        for r, c in enumerate(checks):
            f = c.file
            values = [c.path.name, f.commune_name if f else "", f.commune_code if f else "",
                      fmt_date(f.as_of) if f else "", _(STATUS_LABELS[c.status]), c.message]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 4:
                    item.setForeground(QBrush(QColor(STATUS_COLOURS[c.status])))
                self.table.setItem(r, col, item)
        for col in range(5):
            self.table.resizeColumnToContents(col)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.resizeRowsToContents()
        if plan is None:
            self.summary.setText("")
            self.warnings.setVisible(False)
            return
        n_ok = len(plan.accepted)
        text = _("{n} tệp: {ok} dùng được, {bad} bị từ chối.").format(
            n=len(checks), ok=n_ok, bad=len(plan.refused))
        if plan.refused:
            text += " " + _("Hãy bỏ các tệp bị từ chối (hoặc xin xã gửi lại) rồi tổng hợp.")
        self.summary.setText(text)
        self.warnings.setText("\n".join(_("Lưu ý: {w}").format(w=w) for w in plan.warnings))
        self.warnings.setVisible(bool(plan.warnings))
        self.run_button.setEnabled(n_ok > 0 and not plan.refused)

    # --- writing -----------------------------------------------------------------------

    def start_consolidation(self) -> None:
        if self.plan is None or self.plan.refused:
            return
        out = Path(self.target.text().strip() or "TongHop_BHYT.xlsx")
        pdf = out.with_suffix(".pdf") if self.with_pdf.isChecked() else None
        plan = self.plan
        operator = self.ctx.settings.operator if self.ctx is not None else ""
        targets_path = self.targets_file.text().strip()

        def work(job, _db):                 # the communes' files only, not the open one
            data = combine(plan)
            targets = read_upper_targets(targets_path) if targets_path else None
            path, digest = write_consolidation(data, out, operator=operator, job=job, targets=targets)
            pdf_path = None
            if pdf is not None:
                from bhyt_desktop.export.summary_pdf import write_summary_pdf
                pdf_path = write_summary_pdf(data, pdf, operator=operator)
            return data, path, digest, pdf_path

        self.run_button.setEnabled(False)
        self.operation = run_operation(self, _("Tổng hợp"), work, ctx=None, on_success=self._done,
                                       on_failure=self._failed)

    def _done(self, result: tuple[Combined, Path, str, Path | None]) -> None:
        data, path, digest, pdf = result
        self.result = (path, pdf)
        self.run_button.setEnabled(True)
        self.open_button.setEnabled(True)
        t = data.total
        lines = [_("Đã tổng hợp {n} xã vào {path}").format(n=len(data.rows), path=path),
                 _("Dân số {pop}, có thẻ {ins} ({rate}), còn thiếu {need}.").format(
                     pop=fmt_int(t["population"]), ins=fmt_int(t["insured"]),
                     rate=fmt_pct(data.total_rate), need=fmt_int(t["needed"])),
                 _("Mã kiểm tra SHA-256: {sha}").format(sha=digest)]
        if pdf:
            lines.append(_("Bản tóm tắt PDF: {path}").format(path=pdf))
        self.status.setText("\n".join(lines))

    def _failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(self.plan is not None and not self.plan.refused)
        self.status.setText(str(exc))
        if isinstance(exc, UserError):
            QMessageBox.warning(self, _("Tổng hợp"), str(exc))
        else:
            from ui.operations import show_error
            show_error(self, exc)
