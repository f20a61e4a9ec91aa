"""The dashboard's village table: a small sortable model over dashboard rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bhyt_desktop.dashboard import UnitRow
from bhyt_desktop.formats import fmt_int, fmt_pct
from bhyt_desktop.i18n import _

from ..style import BEHIND, BEHIND_BG, ON_TARGET

NAME, POPULATION, INSURED, RATE, TARGET, NEEDED, CHANGE = range(7)
HEADERS = ["Thôn/xóm", "Dân số", "Có thẻ BHYT", "Tỷ lệ", "Chỉ tiêu", "Còn thiếu", "7 ngày qua"]
VILLAGE_ID_ROLE = Qt.UserRole + 1
SORT_ROLE = Qt.UserRole + 2


def signed(n: int) -> str:
    return f"+{fmt_int(n)}" if n > 0 else ("0" if n == 0 else f"−{fmt_int(-n)}")


class VillageTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[UnitRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._order: dict[int | None, int] = {}

    def set_rows(self, rows: list[UnitRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._order = {r.village_id: i for i, r in enumerate(rows)}   # the villages' own order
        if self._sort:
            self._apply_sort(*self._sort)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return _(HEADERS[section])
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == CHANGE:
            return _("Số người có thẻ hôm nay trừ số người có thẻ 7 ngày trước")
        if orientation == Qt.Horizontal and role == Qt.TextAlignmentRole and section != NAME:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def sort_value(self, row: UnitRow, column: int) -> Any:
        return [self._order.get(row.village_id, 0), row.population, row.insured, row.rate_pct, row.target_pct,
                row.needed, row.change][column]

    def data(self, index: QModelIndex, role=Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return [
                row.name, fmt_int(row.population), fmt_int(row.insured), fmt_pct(row.rate_pct),
                fmt_pct(row.target_pct) or "—", "—" if row.needed is None else fmt_int(row.needed),
                signed(row.change),
            ][col]
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignLeft | Qt.AlignVCenter) if col == NAME else int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.BackgroundRole and row.behind:
            return QBrush(QColor(BEHIND_BG))
        if role == Qt.ForegroundRole:
            if col in (RATE, NEEDED) and row.behind:
                return QBrush(QColor(BEHIND))
            if col == RATE and row.needed == 0:
                return QBrush(QColor(ON_TARGET))
            if col == NAME:
                return QBrush(QColor("#1f6fb2"))
        if role == Qt.FontRole and col == RATE:
            # (no underline on names: it hides the dot below ạ, ặ, ọ...)
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ToolTipRole:
            if col == NAME:
                return _("Bấm để mở danh sách nhân khẩu của {name}").format(name=row.name)
            if col == POPULATION:
                return {"statistical": _("Dân số thống kê"), "roster": _("Số người trong danh sách"),
                        "mixed": _("Có thôn theo thống kê, có thôn theo danh sách")}.get(
                            row.population_source, "")
            if col == TARGET and row.target_inherited:
                return _("Thôn chưa có chỉ tiêu riêng: dùng chỉ tiêu của xã")
            if row.behind:
                return _("Chưa đạt chỉ tiêu")
        if role == VILLAGE_ID_ROLE:
            return row.village_id
        if role == SORT_ROLE:
            return self.sort_value(row, col)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort(column, order)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        def key(r: UnitRow):
            value = self.sort_value(r, column)
            return (value is None, value if value is not None else 0)
        self.rows.sort(key=key, reverse=order == Qt.DescendingOrder)
        if order == Qt.DescendingOrder:   # keep blanks last either way
            self.rows.sort(key=lambda r: self.sort_value(r, column) is None)
