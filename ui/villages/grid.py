"""The village × year grid (targets or statistical population), with Excel paste.

Each typed cell is checked and saved at once (core: targets_grid.set_cell). Ctrl+V pastes
a block copied from Excel with its top-left corner at the current cell, all or nothing;
one copied cell fills every selected cell. Delete clears the selected cells. Ctrl+C copies.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune import targets_grid as tg

from ..context import AppContext


class GridTable(QTableWidget):
    paste_requested = Signal()
    copy_requested = Signal()
    clear_requested = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.matches(QKeySequence.Paste):
            self.paste_requested.emit()
        elif event.matches(QKeySequence.Copy):
            self.copy_requested.emit()
        elif event.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self.state() != QAbstractItemView.EditingState:
            self.clear_requested.emit()
        else:
            super().keyPressEvent(event)


class TargetsGrid(QWidget):
    """``kind`` is targets_grid.TARGET or targets_grid.POPULATION."""

    changed = Signal()

    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.years = tg.default_years(ctx.as_of.year)
        self.grid: tg.Grid | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        earlier = QPushButton(_("◀ Năm trước"))
        earlier.clicked.connect(lambda: self.shift_years(-1))
        later = QPushButton(_("Năm sau ▶"))
        later.clicked.connect(lambda: self.shift_years(1))
        bar.addWidget(earlier)
        bar.addWidget(later)
        bar.addStretch()
        paste = QPushButton(_("Dán từ Excel (Ctrl+V)"))
        paste.clicked.connect(self.paste_clipboard)
        bar.addWidget(paste)
        layout.addLayout(bar)
        self.table = GridTable()
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self.table.verticalHeader().setStyleSheet("QHeaderView::section { font-weight: normal; }")
        self.table.itemChanged.connect(self._item_changed)
        self.table.paste_requested.connect(self.paste_clipboard)
        self.table.copy_requested.connect(self.copy_selection)
        self.table.clear_requested.connect(self.clear_selection)
        layout.addWidget(self.table, 1)
        if kind == tg.TARGET:
            text = _("Tỷ lệ % có thẻ BHYT, ví dụ 95 hoặc 95,5. Ô của thôn để trống: thôn dùng "
                     "chỉ tiêu của xã. Chép một khối ô trong Excel rồi bấm Ctrl+V tại ô trên cùng bên trái.")
        else:
            text = _("Dân số do thống kê cung cấp (người). Năm chưa có số: tỷ lệ tính trên số người "
                     "trong danh sách. Dân số của cả xã (nếu nhập) được dùng thay cho tổng các thôn.")
        hint = QLabel(text, objectName="hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.reload()

    def reload(self) -> None:
        self.grid = tg.load_grid(self.ctx.db, self.kind, self.years)
        self._loading = True
        try:
            t = self.table
            t.clear()
            t.setRowCount(len(self.grid.rows))
            t.setColumnCount(len(self.years))
            t.setHorizontalHeaderLabels([_("Năm {year}").format(year=y) for y in self.years])
            t.setVerticalHeaderLabels([r.name for r in self.grid.rows])
            bold = QFont()
            bold.setBold(True)
            t.verticalHeaderItem(0).setFont(bold)
            for r in range(len(self.grid.rows)):
                for c in range(len(self.years)):
                    item = QTableWidgetItem(self.grid.text(r, c))
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                    if r == 0:
                        item.setFont(bold)
                    t.setItem(r, c, item)
        finally:
            self._loading = False

    def shift_years(self, delta: int) -> None:
        self.years = [y + delta for y in self.years]
        self.reload()

    def selected_cells(self) -> list[tuple[int, int]]:
        return sorted({(i.row(), i.column()) for i in self.table.selectedIndexes()})

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.grid is None:
            return
        r, c = item.row(), item.column()
        try:
            tg.set_cell(self.ctx.db, self.grid, r, c, item.text())
        except UserError as exc:
            QMessageBox.warning(self, _("Giá trị không hợp lệ"), str(exc))
        self._set_text(r, c, self.grid.text(r, c))
        self._saved()

    def _set_text(self, r: int, c: int, text: str) -> None:
        self._loading = True
        try:
            self.table.item(r, c).setText(text)
        finally:
            self._loading = False

    def paste_text(self, text: str) -> int:
        """Paste tab-separated text at the current cell; returns cells written (0 on error)."""
        assert self.grid is not None
        try:
            cells = self.selected_cells()
            if tg.is_single_cell(text) and len(cells) > 1:
                changes = tg.fill_changes(self.grid, text, cells)
            else:
                top, left = (cells[0] if cells else (max(self.table.currentRow(), 0),
                                                     max(self.table.currentColumn(), 0)))
                changes = tg.parse_paste(self.grid, text, top, left)
            n = tg.apply_changes(self.ctx.db, self.kind, changes, source=_("dán từ Excel"))
        except UserError as exc:
            QMessageBox.warning(self, _("Không dán được"), str(exc))
            return 0
        self.reload()
        self._saved()
        return n

    def paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def copy_selection(self) -> None:
        if self.grid is not None:
            QGuiApplication.clipboard().setText(tg.copy_text(self.grid, self.selected_cells()))

    def clear_selection(self) -> None:
        if self.grid is None:
            return
        changes = [tg.CellChange(self.grid.rows[r].village_id, self.grid.years[c], None)
                   for r, c in self.selected_cells() if self.grid.value(r, c) is not None]
        if changes:
            tg.apply_changes(self.ctx.db, self.kind, changes)
            self.reload()
            self._saved()

    def _saved(self) -> None:
        self.changed.emit()
