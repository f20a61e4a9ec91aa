"""Step 2 of the import wizard: the detected header and columns over the first rows.

The user can move the header (row, one or two rows), say where the data starts, choose the
column of each field, and give a village for files that name none. Every change makes a new
``Mapping`` through the core (``with_column``, ``mapping_at``, ``with_rows``, ``with_village``).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.i18n import _
from bhyt_desktop.importing import FIELDS, Mapping, Table, column_letter, mapping_at
from bhyt_desktop.importing.header import PERIOD_ALTERNATIVES, REQUIRED

from .common import NO_COLUMN, cell_text, compact_rows, message_label, show_message

PREVIEW_DATA_ROWS = 12
CONTEXT_ROWS = 3          # rows shown above the header (title block), to help move it
GRID_COLUMNS = 3          # (label, combo) pairs per line on a wide page (two below WIDE px)
WIDE = 900
OUTSIDE = QBrush(QColor("#eeeeee"))
HEADER = QBrush(QColor("#dde8f5"))


class MappingStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table: Table | None = None
        self.mapping: Mapping | None = None
        self.kind = "roster"
        self.user_choices: dict[str, int | None] = {}   # fields the user set, kept when the header moves
        self._loading = False
        layout = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.problem = message_label("error")
        self.problem.setObjectName("import_mapping_problem")
        layout.addWidget(self.problem)
        self.note = message_label("warn")      # set by the page: a village taken from an earlier file
        layout.addWidget(self.note)
        self.group_note = message_label("warn")
        self.group_note.setObjectName("import_group_note")
        layout.addWidget(self.group_note)

        rows = QHBoxLayout()
        rows.addWidget(QLabel(_("Dòng tiêu đề:")))
        self.header_row = QSpinBox()
        self.header_row.setObjectName("import_header_row")
        self.header_rows = QSpinBox()
        self.header_rows.setRange(1, 2)
        self.header_rows.setSuffix(_(" dòng"))
        self.data_start = QSpinBox()
        self.data_start.setObjectName("import_data_start")
        rows.addWidget(self.header_row)
        rows.addWidget(QLabel(_("gồm")))
        rows.addWidget(self.header_rows)
        rows.addSpacing(16)
        rows.addWidget(QLabel(_("Dữ liệu bắt đầu từ dòng:")))
        rows.addWidget(self.data_start)
        rows.addStretch(1)
        layout.addLayout(rows)
        village_row = QHBoxLayout()
        village_row.addWidget(QLabel(_("Thôn/xóm cho dòng không ghi thôn:")))
        self.village = QComboBox()
        self.village.setObjectName("import_village")
        self.village.setEditable(True)
        self.village.setMinimumContentsLength(20)
        self.village.lineEdit().setPlaceholderText(_("(không có)"))
        village_row.addWidget(self.village)
        village_row.addSpacing(16)
        village_row.addWidget(QLabel(_("Mã đối tượng cho dòng không ghi mã:")))
        self.group = QComboBox()
        self.group.setObjectName("import_group")
        self.group.setToolTip(_("Mẫu D03-TS không có cột Mã đối tượng: chọn mã chung cho cả tệp, ví dụ GD."))
        village_row.addWidget(self.group)
        village_row.addStretch(1)
        layout.addLayout(village_row)
        self.header_row.valueChanged.connect(self._header_moved)
        self.header_rows.valueChanged.connect(self._header_moved)
        self.data_start.valueChanged.connect(self._data_moved)
        self.village.currentTextChanged.connect(self._village_changed)
        self.group.currentIndexChanged.connect(self._group_changed)

        box = QGroupBox(_("Cột của từng mục (sửa nếu chương trình nhận sai; * là mục bắt buộc)"))
        self.grid = QGridLayout(box)
        self.grid_columns = 0
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        for field, label in FIELDS.items():
            text = QLabel(_(label))
            combo = QComboBox()
            combo.setObjectName(f"map_{field}")
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(lambda _i, f=field: self._column_chosen(f))
            text.setBuddy(combo)
            self.combos[field], self.labels[field] = combo, text
        self._arrange(GRID_COLUMNS)
        box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)   # the preview takes the height
        layout.addWidget(box)

        self.raw_note = QLabel(_("Bảng trên là các ô gốc của tệp: số CCCD mất số 0 ở đầu, ngày ghi dạng số… "
                                 "sẽ được sửa khi nhập."))
        self.raw_note.setWordWrap(True)
        self.raw_note.setStyleSheet("color: #444;")
        self.preview = QTableWidget()
        self.preview.setObjectName("import_preview")
        self.preview.setEditTriggers(QTableWidget.NoEditTriggers)
        self.preview.setWordWrap(False)
        compact_rows(self.preview)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.raw_note)

    def _arrange(self, columns: int) -> None:
        """(label, combo) pairs in ``columns`` columns: three on a wide window, two on a narrow one."""
        if columns == self.grid_columns:
            return
        for c in range(2 * max(self.grid_columns, columns)):
            self.grid.setColumnStretch(c, 0)
        for i, field in enumerate(FIELDS):
            r, c = divmod(i, columns)
            self.grid.addWidget(self.labels[field], r, 2 * c, Qt.AlignRight)
            self.grid.addWidget(self.combos[field], r, 2 * c + 1)
        for c in range(columns):
            self.grid.setColumnStretch(2 * c + 1, 1)
        self.grid_columns = columns

    def resizeEvent(self, event) -> None:
        self._arrange(GRID_COLUMNS if event.size().width() >= WIDE else 2)
        super().resizeEvent(event)

    # --- loading -----------------------------------------------------------------------

    def load(self, table: Table, mapping: Mapping, kind: str, villages: list[str],
             groups: list[tuple[str, str]] = ()) -> None:
        self.table, self.mapping, self.kind = table, mapping, kind
        self.user_choices = {}
        self._loading = True
        try:
            n = len(table.rows)
            self.header_row.setRange(1, max(1, n))
            self.data_start.setRange(1, max(1, n))
            self.village.clear()
            self.village.addItems(villages)
            self.group.clear()
            self.group.addItem(_("(không có)"), "")
            for code, name in groups:
                self.group.addItem(f"{code}: {name}"[:48], code)
            letters = [(f"{column_letter(c)}: {h}" if h else column_letter(c)) for c, h in
                       enumerate(mapping.headers or [""] * table.width)]
            for combo in self.combos.values():
                combo.clear()
                combo.addItem(_("(không có trong tệp)"), NO_COLUMN)
                for c, text in enumerate(letters):
                    combo.addItem(text[:40], c)
        finally:
            self._loading = False
        self._show()

    def set_mapping(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        """Put the mapping on every control (without re-triggering them) and the preview."""
        m, t = self.mapping, self.table
        if m is None or t is None:
            return
        self._loading = True
        try:
            self.header_row.setValue(m.header_row + 1)
            self.header_rows.setValue(m.header_rows)
            self.data_start.setValue(m.data_start + 1)
            if self.village.currentText() != m.default_village:
                self.village.setEditText(m.default_village)
            self.group.setCurrentIndex(max(0, self.group.findData(m.default_group)))
            for field, combo in self.combos.items():
                # required, unless its D03-TS alternative ("Từ tháng", "Số tháng") is there
                star = " *" if field in REQUIRED[self.kind] and PERIOD_ALTERNATIVES.get(field) not in m.columns else ""
                self.labels[field].setText(_(FIELDS[field]) + star)
                col = m.columns.get(field, NO_COLUMN)
                headers = m.headers
                for i in range(1, combo.count()):  # header texts follow the header row
                    c = combo.itemData(i)
                    h = headers[c] if c < len(headers) else ""
                    combo.setItemText(i, (f"{column_letter(c)}: {h}" if h else column_letter(c))[:40])
                combo.setCurrentIndex(max(0, combo.findData(col)))
        finally:
            self._loading = False
        heads = ", ".join(str(m.header_row + 1 + i) for i in range(m.header_rows))
        text = _("Tệp {name}, trang «{sheet}»: tiêu đề ở dòng {heads}, dữ liệu từ dòng {start}.").format(
            name=t.file_name, sheet=t.sheet, heads=heads, start=m.data_start + 1)
        if m.source == "remembered":
            text += " " + _("Dùng cách chọn cột đã lưu cho mẫu tệp này.")
        self.info.setText(text + " " + _("Kiểm tra bảng dưới: mỗi cột có đúng mục chưa? Sửa ở các ô chọn."))
        show_message(self.problem, self.problem_text())
        show_message(self.group_note, "\n".join(t for t in (m.group_hint(self.kind), *m.column_notes) if t))
        self._fill_preview()

    def problem_text(self) -> str:
        m = self.mapping
        if m is None:
            return ""
        if not m.columns:
            return _("Không nhận ra bảng trong trang này: không thấy dòng tiêu đề có Họ và tên, Ngày sinh, "
                     "Số CCCD… Hãy chỉ đúng dòng tiêu đề, chọn cột cho từng mục, hoặc quay lại chọn trang "
                     "khác.")
        missing = m.missing(self.kind)
        if missing:
            return _("Còn thiếu cột bắt buộc: {cols}. Hãy chọn cột cho các mục này rồi bấm «Xem trước».").format(
                cols=", ".join(missing))
        return ""

    def ready(self) -> bool:
        return self.mapping is not None and not self.problem_text()

    def _fill_preview(self) -> None:
        m, t = self.mapping, self.table
        first = max(0, m.header_row - CONTEXT_ROWS)
        last = min(len(t.rows), m.data_start + PREVIEW_DATA_ROWS)
        shown = list(range(first, last))
        width = max(t.width, 1)
        p = self.preview
        p.clear()
        p.setColumnCount(width)
        p.setRowCount(len(shown))
        bold = QFont()
        bold.setBold(True)
        for c in range(width):
            field = m.field_of(c)
            head = QTableWidgetItem(f"{column_letter(c)}\n{_(FIELDS[field])}" if field else
                                    f"{column_letter(c)}\n—")
            if field:
                head.setFont(bold)
            p.setHorizontalHeaderItem(c, head)
        p.setVerticalHeaderLabels([str(i + 1) for i in shown])
        header_end = m.header_row + m.header_rows
        for r, i in enumerate(shown):
            row = t.rows[i]
            brush = HEADER if m.header_row <= i < header_end else (OUTSIDE if i < m.data_start else None)
            for c in range(min(len(row), width)):
                text = cell_text(row[c])
                if not text and brush is None:
                    continue
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if brush is not None:
                    item.setBackground(brush)
                p.setItem(r, c, item)
        p.resizeColumnsToContents()
        for c in range(width):
            p.setColumnWidth(c, min(max(p.columnWidth(c), 60), 200))

    # --- user changes ------------------------------------------------------------------

    def _column_chosen(self, field: str) -> None:
        if self._loading or self.mapping is None:
            return
        col = self.combos[field].currentData()
        current = self.mapping.columns.get(field, NO_COLUMN)
        if col == current:
            return
        self.user_choices[field] = None if col == NO_COLUMN else col
        self.set_mapping(self.mapping.with_column(field, self.user_choices[field]))

    def _header_moved(self, _value: int) -> None:
        if self._loading or self.mapping is None:
            return
        top, n = self.header_row.value() - 1, self.header_rows.value()
        if top + n > len(self.table.rows):
            n = 1
        moved = mapping_at(self.table, top, n)
        if not moved.columns:  # nothing recognised there: keep the columns chosen so far
            moved = self.mapping.with_rows(self.table, top, n)
        for field, col in self.user_choices.items():  # the user's own choices still hold
            moved = moved.with_column(field, col)
        self.set_mapping(replace(moved, default_village=self.mapping.default_village,
                                 default_group=self.mapping.default_group))

    def _data_moved(self, value: int) -> None:
        if self._loading or self.mapping is None:
            return
        m = self.mapping
        start = max(value - 1, m.header_row + m.header_rows)
        self.set_mapping(m.with_rows(self.table, m.header_row, m.header_rows, data_start=start))

    def _village_changed(self, text: str) -> None:
        if self._loading or self.mapping is None or text.strip() == self.mapping.default_village:
            return
        show_message(self.note, "")
        self.mapping = self.mapping.with_village(text)
        show_message(self.problem, self.problem_text())
        self.changed.emit()

    def _group_changed(self, _index: int) -> None:
        code = self.group.currentData() or ""
        if self._loading or self.mapping is None or code == self.mapping.default_group:
            return
        self.mapping = self.mapping.with_group(code)
        show_message(self.group_note, "\n".join(
            t for t in (self.mapping.group_hint(self.kind), *self.mapping.column_notes) if t))
        self.changed.emit()
