"""The dashboard's village table: a small sortable model over dashboard rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bhyt_desktop.common.formats import fmt_int, fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.dashboard.figures import UnitRow

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
        self._cells: dict[int, list[dict[int, Any]]] = {}

    def set_rows(self, rows: list[UnitRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._order = {r.village_id: i for i, r in enumerate(rows)}   # the villages' own order
        self._cells = {id(r): self._cell_roles(r) for r in self.rows}  # formatted once per refresh
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
        """From a per-cell cache built once per refresh: painting asks ~10 roles per cell."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        return self._cells[id(row)][index.column()].get(role)

    def _cell_roles(self, row: UnitRow) -> list[dict[int, Any]]:
        texts = self._texts(row)
        left, right = int(Qt.AlignLeft | Qt.AlignVCenter), int(Qt.AlignRight | Qt.AlignVCenter)
        behind_bg, behind_fg = QBrush(QColor(BEHIND_BG)), QBrush(QColor(BEHIND))
        cells = []
        for col in range(len(HEADERS)):
            roles: dict[int, Any] = {
                Qt.DisplayRole: texts[col],
                Qt.TextAlignmentRole: left if col == NAME else right,
                VILLAGE_ID_ROLE: row.village_id,
                SORT_ROLE: self.sort_value(row, col),
            }
            if row.behind:
                roles[Qt.BackgroundRole] = behind_bg
                roles[Qt.ToolTipRole] = _("Chưa đạt chỉ tiêu")
            if col in (RATE, NEEDED) and row.behind:
                roles[Qt.ForegroundRole] = behind_fg
            elif col == RATE and row.reached:
                roles[Qt.ForegroundRole] = QBrush(QColor(ON_TARGET))
            elif col == NAME:
                roles[Qt.ForegroundRole] = QBrush(QColor("#1f6fb2"))
            if col == RATE:
                # (no underline on names: it would hide the dot below ạ, ặ, ọ...)
                font = QFont()
                font.setBold(True)
                roles[Qt.FontRole] = font
            if col == NAME:
                roles[Qt.ToolTipRole] = _("Bấm để mở danh sách nhân khẩu của {name}").format(name=row.name)
            elif col == POPULATION:
                roles[Qt.ToolTipRole] = {
                    "statistical": _("Dân số thống kê"), "roster": _("Số người trong danh sách"),
                    "mixed": _("Có thôn theo thống kê, có thôn theo danh sách"),
                }.get(row.population_source, "")
            elif col == TARGET and row.target_inherited:
                roles[Qt.ToolTipRole] = _("Thôn chưa có chỉ tiêu riêng: dùng chỉ tiêu của xã")
            cells.append(roles)
        return cells

    @staticmethod
    def _texts(row: UnitRow) -> list[str]:
        return [row.name, fmt_int(row.population), fmt_int(row.insured), fmt_pct(row.rate_pct),
                fmt_pct(row.target_pct) or "—", "—" if row.needed is None else fmt_int(row.needed),
                signed(row.change)]

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
