"""Step 3 (the dry run's counts and lists) and step 4 (the summary after the commit)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.formats import fmt_datetime, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.importing import ImportPlan, ImportResult
from bhyt_desktop.importing.outcomes import STATUS_LABELS, UNMATCHED, shown_counts
from bhyt_desktop.importing.plan import unknown_collectors_text
from bhyt_desktop.importing.rejects import rejected_rows

from .common import fill_table, message_label, read_only_table, show_message

COUNT_COLUMNS = 2
SHOWN_ROWS = 2000          # rows listed per tab (the rejects workbook holds them all)


def count_rows(counts: dict, kind: str) -> list[tuple[str, str, str]]:
    """[(key, label, figure)] in the order the core gives, without what a kind never has."""
    return [(key, _(label), fmt_int(counts.get(key, 0))) for key, label in shown_counts(counts, kind)]


class PreviewStep(QWidget):
    replan_requested = Signal()
    save_rejects_requested = Signal()
    stale_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self.all_new_villages: list[str] = []
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.banner)
        self.previous = message_label("warn")
        self.previous.setObjectName("import_previous")
        layout.addWidget(self.previous)

        top = QHBoxLayout()
        counts_box = QGroupBox(_("Nếu nhập tệp này"))
        self.counts_grid = QGridLayout(counts_box)
        self.count_values: dict[str, QLabel] = {}
        self.count_labels: dict[str, QLabel] = {}
        self.skipped = QLabel()
        self.skipped.setWordWrap(True)
        self.skipped.setStyleSheet("color: #444;")
        top.addWidget(counts_box, 3)

        choices = QVBoxLayout()
        self.village_box = QGroupBox(_("Thôn/xóm mới sẽ được tạo (bỏ chọn thôn ghi sai tên)"))
        self.village_layout = QVBoxLayout(self.village_box)
        self.village_checks: list[QCheckBox] = []
        choices.addWidget(self.village_box)
        self.add_unmatched = QCheckBox(_("Thêm người không tìm thấy thành người mới"))
        self.add_unmatched.setToolTip(_("Mỗi người được thêm vào một hộ riêng."))
        self.add_unmatched.setObjectName("import_add_unmatched")
        self.add_unmatched.toggled.connect(self._choice_changed)
        choices.addWidget(self.add_unmatched)
        self.stale = message_label("warn")
        self.stale.setObjectName("import_stale")
        choices.addWidget(self.stale)
        self.replan = QPushButton(_("Xem trước lại với lựa chọn này"))
        self.replan.setObjectName("import_replan")
        self.replan.clicked.connect(self.replan_requested.emit)
        self.replan.setVisible(False)
        choices.addWidget(self.replan)
        choices.addStretch(1)
        top.addLayout(choices, 2)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.rejected = read_only_table([_("Dòng"), _("Họ và tên"), _("Lý do")], stretch=2)
        self.rejected.setObjectName("import_rejected")
        self.unmatched = read_only_table([_("Dòng"), _("Họ và tên"), _("Lý do")], stretch=2)
        self.duplicates = read_only_table([_("Dòng"), _("Cần xem lại")], stretch=1)
        self.conflicts = read_only_table([_("Dòng"), _("Trùng mã trong tệp (đã gộp thành một người)")], stretch=1)
        self.decreases = read_only_table([_("Dòng"), _("Họ và tên"), _("Kết quả")], stretch=2)
        for table in (self.rejected, self.unmatched, self.duplicates, self.conflicts, self.decreases):
            self.tabs.addTab(table, "")
        layout.addWidget(self.tabs, 1)
        self.more = message_label("note")
        layout.addWidget(self.more)

        buttons = QHBoxLayout()
        self.save_rejects = QPushButton(_("Lưu các dòng bị loại ra tệp Excel để sửa…"))
        self.save_rejects.setObjectName("import_save_rejects")
        self.save_rejects.clicked.connect(self.save_rejects_requested.emit)
        self.save_rejects.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        buttons.addWidget(self.save_rejects)
        self.rejects_note = message_label("ok")
        buttons.addWidget(self.rejects_note, 1)
        buttons.addStretch(0)
        layout.addLayout(buttons)
        self.error = message_label("error")
        self.error.setObjectName("import_preview_error")
        layout.addWidget(self.error)

    # --- showing a plan ----------------------------------------------------------------

    def show_plan(self, plan: ImportPlan, all_new_villages: list[str], accepted: set[str]) -> None:
        self.plan = plan
        self.all_new_villages = all_new_villages
        c = plan.counts
        self.banner.setText(_("XEM TRƯỚC, chưa ghi gì vào dữ liệu. Tệp {name}, trang «{sheet}»: {rows} dòng "
                              "người. Kiểm tra rồi bấm «Nhập vào dữ liệu».").format(
            name=plan.table.file_name, sheet=plan.table.sheet, rows=fmt_int(c["rows"])))
        notes = []
        if plan.previous_imports:
            notes.append(_("Lưu ý: tệp này (cùng nội dung) đã được nhập lúc {at}. Nhập lại sẽ không thêm ai "
                           "hai lần.").format(at=", ".join(fmt_datetime(p["at"]) for p in plan.previous_imports)))
        if plan.kind == "cards" and plan.unmatched and not plan.known_people and not plan.add_unmatched:
            notes.append(_("Dữ liệu chưa có ai trong danh sách hộ: nên nhập danh sách hộ gia đình trước, rồi mới "
                           "nhập danh sách thẻ (hoặc chọn thêm những người không tìm thấy thành người mới)."))
        if plan.unknown_collectors:
            notes.append(unknown_collectors_text(plan))
        show_message(self.previous, "\n".join(notes))
        self._fill_counts(plan)
        self._fill_villages(all_new_villages, accepted)
        self.add_unmatched.blockSignals(True)
        self.add_unmatched.setChecked(plan.add_unmatched)
        self.add_unmatched.blockSignals(False)
        self.add_unmatched.setVisible(plan.kind == "cards" and bool(plan.unmatched or plan.add_unmatched))
        rejected, unmatched = plan.rejected, plan.unmatched
        # spreadsheet row numbers as Excel shows them ("1003", not "1.003")
        fill_table(self.rejected, [(str(r.row), r.name, "\n".join(r.reasons)) for r in rejected[:SHOWN_ROWS]])
        fill_table(self.unmatched, [(str(r.row), r.name, "\n".join(r.reasons)) for r in unmatched[:SHOWN_ROWS]])
        fill_table(self.duplicates, [(str(p.row), p.text()) for p in plan.possible_duplicates[:SHOWN_ROWS]])
        fill_table(self.conflicts, [(str(row), text) for row, text in plan.conflicts[:SHOWN_ROWS]])
        decreases = plan.decreases
        # a row not found says so in its reason already: its status is not repeated above it
        fill_table(self.decreases, [(str(r.row), r.name, "\n".join(
            [*([] if r.status == UNMATCHED else [_(STATUS_LABELS[r.status])]), *r.reasons]))
            for r in decreases[:SHOWN_ROWS]])
        longest = max(len(rejected), len(unmatched), len(plan.possible_duplicates), len(plan.conflicts),
                      len(decreases))
        show_message(self.more, _("Mỗi danh sách chỉ hiện {n} dòng đầu; lưu ra tệp Excel để xem đủ.").format(
            n=fmt_int(SHOWN_ROWS)) if longest > SHOWN_ROWS else "")
        titles = [(_("Dòng bị loại ({n})"), len(rejected)), (_("Không tìm thấy người ({n})"), len(unmatched)),
                  (_("Có thể trùng người ({n})"), len(plan.possible_duplicates)),
                  (_("Trùng mã trong tệp ({n})"), len(plan.conflicts)),
                  (_("Phần Giảm ({n})"), len(decreases))]
        for i, (title, n) in enumerate(titles):
            self.tabs.setTabText(i, title.format(n=fmt_int(n)))
        self.tabs.setTabVisible(1, plan.kind == "cards")
        self.tabs.setTabVisible(4, bool(decreases))
        first = next((i for i, (_t, n) in enumerate(titles) if n and self.tabs.isTabVisible(i)), 0)
        self.tabs.setCurrentIndex(first)
        self.save_rejects.setEnabled(bool(rejected_rows(plan)))  # the "Giảm" rows are never in it
        show_message(self.rejects_note, "")
        show_message(self.error, "")
        self.set_stale("")

    def _fill_counts(self, plan: ImportPlan) -> None:
        while self.counts_grid.count():
            widget = self.counts_grid.takeAt(0).widget()
            if widget is not None and widget is not self.skipped:
                widget.deleteLater()
        self.count_values.clear()
        rows = count_rows(plan.counts, plan.kind)
        per_column = (len(rows) + COUNT_COLUMNS - 1) // COUNT_COLUMNS
        for i, (key, label, figure) in enumerate(rows):
            col, r = divmod(i, per_column)
            name, value = QLabel(label), QLabel(figure)
            value.setObjectName(f"count_{key}")
            value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            value.setStyleSheet("font-weight: bold;" + (" color: #a00000;" if key == "rejected" and figure != "0"
                                                        else ""))
            self.counts_grid.addWidget(name, r, 2 * col)
            self.counts_grid.addWidget(value, r, 2 * col + 1)
            self.count_values[key] = value
        self.counts_grid.setColumnMinimumWidth(2, 24)
        skipped = plan.skipped_by_kind()
        text = _("Bỏ qua {n} dòng không phải người: {what}.").format(
            n=fmt_int(plan.counts["skipped"]), what=", ".join(f"{k} ({fmt_int(v)})" for k, v in skipped.items())
        ) if skipped else ""
        self.skipped.setText(text)
        self.counts_grid.addWidget(self.skipped, per_column, 0, 1, 2 * COUNT_COLUMNS)

    def _fill_villages(self, names: list[str], accepted: set[str]) -> None:
        for box in self.village_checks:
            box.deleteLater()
        self.village_checks = []
        for name in names:
            box = QCheckBox(name)
            box.setChecked(name in accepted)
            box.toggled.connect(self._choice_changed)
            self.village_layout.addWidget(box)
            self.village_checks.append(box)
        self.village_box.setVisible(bool(names))

    # --- choices -----------------------------------------------------------------------

    def accepted_villages(self) -> set[str]:
        return {box.text() for box in self.village_checks if box.isChecked()}

    def _choice_changed(self, *_args) -> None:
        self.set_stale(_("Bạn đã đổi lựa chọn: bấm «Xem trước lại với lựa chọn này» để cập nhật số liệu "
                         "trước khi nhập."))

    def set_stale(self, text: str) -> None:
        show_message(self.stale, text)
        self.replan.setVisible(bool(text))
        self.stale_changed.emit()

    def is_stale(self) -> bool:
        return bool(self.stale.text())


class DoneStep(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("import_done_title")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold; color: #1b6e20;")
        layout.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setObjectName("import_done_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.save_rejects = QPushButton(_("Lưu các dòng bị loại ra tệp Excel để sửa…"))
        self.again = QPushButton(_("Nhập tệp khác"))
        self.again.setObjectName("import_again")
        buttons.addWidget(self.again)
        buttons.addWidget(self.save_rejects)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.rejects_note = message_label("ok")
        layout.addWidget(self.rejects_note)
        layout.addStretch(1)

    def show_result(self, plan: ImportPlan, result: ImportResult) -> None:
        self.title.setText(_("Đã nhập xong tệp {name}.").format(name=plan.table.file_name))
        lines = [f"• {label}: {figure}" for key, label, figure in count_rows(result.counts, plan.kind)
                 if figure != "0" or key in ("new_people", "updated", "new_cards", "rejected")]
        if result.villages_created:
            lines.append(_("Đã tạo thôn/xóm: {names}.").format(names=", ".join(result.villages_created)))
        if plan.rejected:
            lines.append(_("Các dòng bị loại chưa được nhập: lưu chúng ra tệp Excel, sửa rồi nhập lại tệp đó."))
        if plan.kind == "cards" and plan.unmatched and not plan.add_unmatched:
            lines.append(_("Những người không tìm thấy chưa được thêm."))
        lines.append(_("Các trang khác đã cập nhật theo dữ liệu mới."))
        self.summary.setText("\n".join(lines))
        self.save_rejects.setVisible(bool(rejected_rows(plan)))
        show_message(self.rejects_note, "")
