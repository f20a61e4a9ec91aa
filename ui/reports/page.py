"""The reports page: pick a period and a number, type the free text, preview, print, save,
issue, and reopen or reprint past reports.

Views only: the figures, the layout and the history are in bhyt_desktop.reports. PDFs are
built on a worker (ui.operations.run_operation) with its own connection. The preview uses
QtPdf (PySide6-Pdf) when installed; without it the PDF opens in the system viewer.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import clock, touched
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.reports.history import (
    ReportText,
    build_report,
    get_report,
    issue_report,
    issued_for_period,
    list_reports,
    load_draft,
    load_options,
    propose_number,
    save_draft,
)
from bhyt_desktop.reports.letterhead import set_letterhead
from bhyt_desktop.reports.output import write_pdf
from bhyt_desktop.reports.periods import KIND_LABELS, KINDS, period_of
from ui.operations import run_operation
from ui.reports.campaign_options import CampaignOptions

try:  # PySide6-Pdf: in-app preview and printing
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the installation
    HAVE_QTPDF = False


class ReportsPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.current_pdf: bytes | None = None   # what the preview shows
        self.current_name = ""                   # a file name suggestion for it
        self.current_issued = False              # an issued copy, or a preview
        self._buffer: QBuffer | None = None
        self._loading = False

        split = QSplitter(Qt.Horizontal, self)
        split.addWidget(self._build_form())
        split.addWidget(self._build_right())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)

        ctx.as_of_changed.connect(self._as_of_from_ctx)
        self._load_period()
        self.refresh_history()

    # --- building the widgets ----------------------------------------------------------

    def _build_form(self) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        group = QGroupBox(_("Báo cáo tiến độ bao phủ BHYT"))
        form = QFormLayout(group)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(_(KIND_LABELS[kind]), kind)
        self.kind.currentIndexChanged.connect(self._period_changed)
        form.addRow(_("Kỳ báo cáo:"), self.kind)
        self.as_of = QDateEdit(QDate(self.ctx.as_of))
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.as_of.setCalendarPopup(True)
        self.as_of.dateChanged.connect(self._period_changed)
        form.addRow(_("Số liệu tính đến ngày:"), self.as_of)
        self.period_label = QLabel()
        self.period_label.setWordWrap(True)
        form.addRow("", self.period_label)
        number_row = QHBoxLayout()
        self.number = QLineEdit()
        self.number.setMaximumWidth(70)
        self.symbol = QLabel()
        number_row.addWidget(self.number)
        number_row.addWidget(self.symbol)
        number_row.addStretch()
        form.addRow(_("Số:"), number_row)
        self.signer = QLineEdit()
        self.signer.setPlaceholderText(_("họ và tên Trưởng ban"))
        form.addRow(_("Người ký:"), self.signer)
        v.addWidget(group)
        self.campaign = CampaignOptions(self.ctx)
        self.campaign.changed.connect(self._scope_changed)
        self.campaign.incentive_requested.connect(self.open_incentive)
        v.addWidget(self.campaign)

        self.results = QPlainTextEdit()
        self.difficulties = QPlainTextEdit()
        self.proposals = QPlainTextEdit()
        for label, edit in ((_("Kết quả đạt được:"), self.results),
                            (_("Khó khăn, vướng mắc:"), self.difficulties),
                            (_("Đề xuất, kiến nghị:"), self.proposals)):
            v.addWidget(QLabel(label))
            edit.setTabChangesFocus(True)
            v.addWidget(edit, 1)

        buttons = QHBoxLayout()
        self.save_draft_btn = QPushButton(_("Lưu nháp"))
        self.preview_btn = QPushButton(_("Xem trước"))
        self.print_btn = QPushButton(_("In…"))
        self.save_btn = QPushButton(_("Lưu PDF…"))
        self.issue_btn = QPushButton(_("Phát hành"))
        for b in (self.save_draft_btn, self.preview_btn, self.print_btn, self.save_btn,
                  self.issue_btn):
            buttons.addWidget(b)
        v.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        v.addWidget(self.status)

        self.save_draft_btn.clicked.connect(self.save_draft)
        self.preview_btn.clicked.connect(self.preview)
        self.print_btn.clicked.connect(self.print_current)
        self.save_btn.clicked.connect(self.save_current)
        self.issue_btn.clicked.connect(self.issue)
        self._scope_changed()
        return box

    def _scope_changed(self) -> None:
        """A member's villages make a working copy: it is never issued."""
        narrowed = self.campaign.member() is not None
        self.issue_btn.setEnabled(not narrowed)
        self.issue_btn.setToolTip(
            _("Báo cáo riêng các thôn của một thành viên không phát hành được: chọn «Toàn xã» để "
              "phát hành.") if narrowed else
            _("Ghi số báo cáo, số liệu và bản PDF vào lịch sử; báo cáo kỳ sau sẽ so sánh với số liệu đã gửi này."))

    def open_incentive(self):
        from ui.campaign.incentive_dialog import open_incentive
        return open_incentive(self.ctx, self)

    def _build_right(self) -> QWidget:
        self.tabs = QTabWidget()
        if HAVE_QTPDF:
            self.pdf_doc = QPdfDocument(self)
            self.pdf_view = QPdfView()
            self.pdf_view.setDocument(self.pdf_doc)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.tabs.addTab(self.pdf_view, _("Xem trước"))
        else:
            self.pdf_doc = None
            note = QLabel(_("Bản xem trước sẽ mở bằng chương trình xem PDF của máy."))
            note.setAlignment(Qt.AlignCenter)
            self.tabs.addTab(note, _("Xem trước"))

        hist = QWidget()
        hv = QVBoxLayout(hist)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(
            [_("Số"), _("Kỳ báo cáo"), _("Số liệu đến"), _("Phát hành lúc"), _("Người phát hành")])
        self.history.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.history.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.doubleClicked.connect(lambda *_a: self.reopen())
        hv.addWidget(self.history)
        hb = QHBoxLayout()
        self.reopen_btn = QPushButton(_("Mở lại"))
        self.reprint_btn = QPushButton(_("In lại…"))
        self.resave_btn = QPushButton(_("Lưu bản đã phát hành…"))
        for b in (self.reopen_btn, self.reprint_btn, self.resave_btn):
            hb.addWidget(b)
        hb.addStretch()
        hv.addLayout(hb)
        self.reopen_btn.clicked.connect(self.reopen)
        self.reprint_btn.clicked.connect(lambda: self.reopen() and self.print_current())
        self.resave_btn.clicked.connect(lambda: self.reopen() and self.save_current())
        self.tabs.addTab(hist, _("Báo cáo đã phát hành"))
        return self.tabs

    # --- period, number, draft ---------------------------------------------------------

    def _kind(self) -> str:
        return self.kind.currentData()

    def _as_of(self) -> dt.date:
        return self.as_of.date().toPython()

    def _period(self):
        return period_of(self._kind(), self._as_of())

    def _text(self) -> ReportText:
        return ReportText(self.results.toPlainText().strip(),
                          self.difficulties.toPlainText().strip(),
                          self.proposals.toPlainText().strip())

    def _as_of_from_ctx(self, value: dt.date) -> None:
        self.as_of.setDate(QDate(value))

    def _period_changed(self, *_args) -> None:
        if not self._loading:
            self._load_period()

    def _load_period(self) -> None:
        """Show the period's dates, propose a number, load the period's draft."""
        self._loading = True
        try:
            p = self._period()
            self.period_label.setText(f"{p.name} {p.dates}")
            opts = load_options(self.ctx.db)
            self.symbol.setText(f"/{opts.symbol}")
            self.signer.setText(opts.signer)
            year = max(self._as_of(), clock.today()).year
            self.number.setText(propose_number(self.ctx.db, year, opts.symbol))
            draft = load_draft(self.ctx.db, p)
            self.results.setPlainText(draft.results)
            self.difficulties.setPlainText(draft.difficulties)
            self.proposals.setPlainText(draft.proposals)
        finally:
            self._loading = False

    def _set_text(self, text) -> None:
        self.results.setPlainText(text.results)
        self.difficulties.setPlainText(text.difficulties)
        self.proposals.setPlainText(text.proposals)

    def save_draft(self) -> None:
        save_draft(self.ctx.db, self._period(), self._as_of(), self._text())
        try:
            set_letterhead(self.ctx.db, signer=self.signer.text(), operator=self.ctx.settings.operator)
        except UserError as exc:
            self.ctx.notify_changed(touched.REPORTS)            # the draft was kept
            QMessageBox.warning(self, _("Lưu nháp"), str(exc))
            return
        self.ctx.notify_changed(touched.REPORTS, touched.LETTERHEAD)
        self.status.setText(_("Đã lưu bản nháp ({period}).").format(period=self._period().name))

    # --- build, show, print, save ------------------------------------------------------

    def _work_args(self) -> dict:
        return {"kind": self._kind(), "as_of": self._as_of(), "text": self._text(),
                "member": self.campaign.member_name(), "with_members": self.campaign.with_members()}

    def preview(self) -> None:
        """Build the report (unnumbered draft unless a number is typed) and show it."""
        self.save_draft()
        args = self._work_args()
        number = self.number.text().strip()

        def work(job, db):
            return build_report(db, args["kind"], args["as_of"], number=number,
                                text=args["text"], job=job, member=args["member"],
                                with_members=args["with_members"])

        def done(built) -> None:
            if args["member"]:
                self.show_pdf(built.pdf, f"bao-cao-{built.period.key}-thanh-vien.pdf")
                self.status.setText(_("Bản làm việc {period} các thôn do {name} phụ trách, số liệu đến "
                                      "ngày {d}. Không phát hành.").format(
                    period=built.period.name, name=args["member"], d=fmt_date(built.as_of)))
                return
            self.show_pdf(built.pdf, f"bao-cao-{built.period.key}.pdf")
            self.status.setText(_("Bản xem trước {period}, số liệu đến ngày {d}. Chưa phát hành.")
                                .format(period=built.period.name, d=fmt_date(built.as_of)))

        return run_operation(self, _("Đang lập báo cáo…"), work, ctx=self.ctx, on_success=done)

    def show_pdf(self, data: bytes, name: str, issued: bool = False) -> None:
        self.current_pdf, self.current_name, self.current_issued = data, name, issued
        if self.pdf_doc is not None:
            old = self._buffer
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(data))
            self._buffer.open(QIODevice.ReadOnly)
            self.pdf_doc.load(self._buffer)
            if old is not None:
                old.deleteLater()
            self.tabs.setCurrentIndex(0)
        else:
            self._open_in_system_viewer(data, name)

    def _open_in_system_viewer(self, data: bytes, name: str) -> None:
        folder = Path(tempfile.mkdtemp(prefix="bhyt-report-"))
        path = write_pdf(folder / name, data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_current(self) -> None:
        if self.current_pdf is None:
            QMessageBox.information(self, _("In báo cáo"), _("Hãy bấm «Xem trước» trước khi in."))
            return
        if not self.current_issued and QMessageBox.question(
                self, _("In báo cáo"),
                _("Bản này chưa phát hành: số liệu chưa được lưu vào lịch sử và báo cáo kỳ sau "
                  "sẽ không so sánh với nó. Vẫn in?")) != QMessageBox.Yes:
            return
        if self.pdf_doc is None:
            self._open_in_system_viewer(self.current_pdf, self.current_name)
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.current_name)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.pdf_doc.pageCount())
        if dialog.exec() != QPrintDialog.Accepted:
            return
        self.paint_pages(printer)

    def paint_pages(self, printer) -> None:
        """Render every page (or the chosen range) of the preview onto ``printer``."""
        from PySide6.QtGui import QPageLayout
        count = self.pdf_doc.pageCount()
        first, last = printer.fromPage() or 1, printer.toPage() or count
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, _("In báo cáo"), _("Không mở được máy in."))
            return
        try:
            dpi = min(printer.resolution(), 300)    # an A4 page at 1200 dpi would be 550 MB
            for i in range(first - 1, last):
                size_pt = self.pdf_doc.pagePointSize(i)
                landscape = size_pt.width() > size_pt.height()
                printer.setPageOrientation(QPageLayout.Landscape if landscape
                                           else QPageLayout.Portrait)
                if i > first - 1:
                    printer.newPage()
                target = painter.viewport()
                image = self.pdf_doc.render(i, size_pt.toSize() * (dpi / 72))
                scaled = image.size().scaled(target.size(), Qt.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), image.scaled(scaled, Qt.KeepAspectRatio,
                                                                       Qt.SmoothTransformation))
        finally:
            painter.end()

    def save_current(self) -> None:
        if self.current_pdf is None:
            QMessageBox.information(self, _("Lưu PDF"), _("Hãy bấm «Xem trước» trước khi lưu."))
            return
        start = str(Path.home() / self.current_name)
        path, _filter = QFileDialog.getSaveFileName(self, _("Lưu báo cáo PDF"), start,
                                                    _("Tệp PDF (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_pdf(path, self.current_pdf)
        except Exception as exc:  # UserError messages are for the user as they are
            QMessageBox.warning(self, _("Lưu PDF"), str(exc))
            return
        self.status.setText(_("Đã lưu: {path}").format(path=path))

    # --- issue and history -------------------------------------------------------------

    def issue(self) -> None:
        if self.campaign.member() is not None:
            QMessageBox.information(self, _("Phát hành báo cáo"), _(
                "Báo cáo riêng các thôn của một thành viên không phát hành được: chọn «Toàn xã» để phát hành."))
            return
        number = self.number.text().strip()
        p = self._period()
        answer = QMessageBox.question(
            self, _("Phát hành báo cáo"),
            _("Phát hành báo cáo số {n}{s}, {period}, số liệu đến ngày {d}?\n\nSố liệu và bản "
              "PDF sẽ được lưu đúng như khi gửi; báo cáo kỳ sau so sánh với số liệu này.").format(
                n=number or "…", s=self.symbol.text(), period=p.name, d=fmt_date(self._as_of())))
        if answer != QMessageBox.Yes:
            return
        earlier = issued_for_period(self.ctx.db, p)
        if earlier and QMessageBox.question(
                self, _("Phát hành báo cáo"),
                _("{period} đã có báo cáo số {n} phát hành lúc {at}.\n\nVẫn phát hành thêm một báo "
                  "cáo nữa cho kỳ này?").format(period=p.name, n=earlier[0].number_line,
                                                  at=earlier[0].issued_at_text),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No) != QMessageBox.Yes:
            return
        self.save_draft()
        args = self._work_args()
        operator = self.ctx.settings.operator

        def work(job, db):
            return issue_report(db, args["kind"], args["as_of"], number=number or None,
                                text=args["text"], issued_by=operator, job=job,
                                again=bool(earlier), with_members=args["with_members"])

        def done(result) -> None:
            rid, built = result
            self.show_pdf(built.pdf, f"bao-cao-so-{built.number}-{built.period.key}.pdf", True)
            self.status.setText(_("Đã phát hành báo cáo số {n}/{s} ({period}).").format(
                n=built.number, s=built.options.symbol, period=built.period.name))
            self.refresh_history()
            typed = self._text()            # issuing clears the draft: the boxes keep their text
            self._load_period()
            self._set_text(typed)
            save_draft(self.ctx.db, built.period, built.as_of, typed)

        return run_operation(self, _("Đang phát hành báo cáo…"), work, ctx=self.ctx,
                             changes=(touched.REPORTS,), on_success=done)

    def refresh_history(self) -> None:
        rows = list_reports(self.ctx.db)
        self.history.setRowCount(len(rows))
        for r, info in enumerate(rows):
            values = [info.number_line, f"{info.period.name} {info.period.dates}",
                      fmt_date(info.as_of), info.issued_at_text, info.issued_by]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, info.id)
                self.history.setItem(r, c, item)
        self.history.resizeColumnToContents(0)

    def reopen(self) -> bool:
        """Show the selected issued report exactly as it was sent."""
        row = self.history.currentRow()
        if row < 0:
            QMessageBox.information(self, _("Báo cáo đã phát hành"),
                                    _("Hãy chọn một báo cáo trong danh sách."))
            return False
        rid = self.history.item(row, 0).data(Qt.UserRole)
        stored = get_report(self.ctx.db, rid)
        self.show_pdf(stored.pdf, f"bao-cao-so-{stored.number}-{stored.period.key}.pdf", True)
        self.status.setText(_("Bản đã phát hành số {n} ({period}), đúng như khi gửi.").format(
            n=stored.number_line, period=stored.period.name))
        return True
