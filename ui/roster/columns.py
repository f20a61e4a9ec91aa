"""The roster table's columns: sized to their content, the less-used ones optional.

Right-click the header to show or hide a column; the choice is this user's
(``Settings.roster_hidden_columns``), kept across files and sessions. The name is always
shown. By default «Giới tính», «Quan hệ» and «Mã số BHXH» are hidden so that the main
columns fit a 1366-pixel screen without sideways scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QTableView

from . import model as m

OPTIONAL_COLUMNS = {"birth": m.COL_BIRTH, "sex": m.COL_SEX, "household": m.COL_HOUSEHOLD,
                    "relation": m.COL_RELATION, "village": m.COL_VILLAGE, "cccd": m.COL_CCCD,
                    "bhxh": m.COL_BHXH, "group": m.COL_CARD, "card_to": m.COL_CARD_TO,
                    "card_state": m.COL_CARD_STATE, "status": m.COL_STATUS}
MAX_NAME_WIDTH = 240


class ColumnChooser:
    def __init__(self, table: QTableView, settings):
        self.table, self.settings = table, settings
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.CustomContextMenu)
        header.customContextMenuRequested.connect(self.menu)
        self.apply_hidden()

    def hidden(self) -> list[str]:
        return list(getattr(self.settings, "roster_hidden_columns", []))

    def apply_hidden(self) -> None:
        hidden = set(self.hidden())
        for key, col in OPTIONAL_COLUMNS.items():
            self.table.setColumnHidden(col, key in hidden)

    def fit(self) -> None:
        """Columns as wide as their header and the rows loaded (the name at most 240 px)."""
        self.table.resizeColumnsToContents()
        if self.table.columnWidth(m.COL_NAME) > MAX_NAME_WIDTH:
            self.table.setColumnWidth(m.COL_NAME, MAX_NAME_WIDTH)

    def menu(self, pos) -> None:
        menu = QMenu(self.table)
        title = self.table.model().headerData
        for key, col in OPTIONAL_COLUMNS.items():
            action = menu.addAction(title(col, Qt.Horizontal, Qt.DisplayRole))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(col))
            action.toggled.connect(lambda on, k=key: self.show_column(k, on))
        menu.popup(self.table.horizontalHeader().viewport().mapToGlobal(pos))

    def show_column(self, key: str, shown: bool) -> None:
        """Show or hide an optional column; remembered in this user's settings."""
        hidden = [k for k in self.hidden() if k != key] + ([] if shown else [key])
        self.settings.roster_hidden_columns = hidden
        self.settings.save()
        self.apply_hidden()
        if shown:
            self.table.resizeColumnToContents(OPTIONAL_COLUMNS[key])
