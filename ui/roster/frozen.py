"""A table whose first column (the roster's name) stays in place when the list scrolls
sideways: Qt's "Frozen Column" technique.

A second QTableView lies over the left edge of the main one. It shares the model and the
selection model, shows only the frozen column, and follows the main view's vertical scroll,
row heights and column width. Clicks, double-clicks, sorting by its header and the header's
context menu go to the same places as on the main view; keyboard focus stays on the main view.

    table = FrozenColumnTable(frozen_column=0)
    table.setModel(model)           # the frozen view takes the model and selection model
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView


class FrozenColumnTable(QTableView):
    def __init__(self, frozen_column: int = 0, parent=None):
        super().__init__(parent)
        self.frozen_column = frozen_column
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozen_column")
        self.frozen.setFocusPolicy(Qt.NoFocus)
        self.frozen.setFrameShape(QFrame.NoFrame)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.frozen.setWordWrap(False)
        # A thin line on its right edge shows where the list slides under it.
        self.frozen.setStyleSheet("QTableView#frozen_column { border-right: 1px solid palette(mid); }")
        fh = self.frozen.horizontalHeader()
        fh.setSectionsClickable(True)
        fh.setSortIndicatorShown(True)
        fh.setContextMenuPolicy(Qt.CustomContextMenu)
        fh.customContextMenuRequested.connect(self.horizontalHeader().customContextMenuRequested)
        fh.sortIndicatorChanged.connect(self._frozen_sorted)
        fh.sectionResized.connect(self._frozen_resized)
        self.horizontalHeader().sortIndicatorChanged.connect(self._main_sorted)
        self.horizontalHeader().sectionResized.connect(self._main_resized)
        self.verticalHeader().sectionResized.connect(self._row_resized)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.doubleClicked.connect(self.doubleClicked)
        self.frozen.clicked.connect(lambda _i: self.setFocus())

    # --- the same model, selection and settings -----------------------------------------

    def setModel(self, model) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self._hide_other_columns)
        self._hide_other_columns()
        self._update_geometry()

    def setSelectionBehavior(self, behavior) -> None:
        super().setSelectionBehavior(behavior)
        self.frozen.setSelectionBehavior(behavior)

    def setSelectionMode(self, mode) -> None:
        super().setSelectionMode(mode)
        self.frozen.setSelectionMode(mode)

    def setAlternatingRowColors(self, on: bool) -> None:
        super().setAlternatingRowColors(on)
        self.frozen.setAlternatingRowColors(on)

    def _hide_other_columns(self) -> None:
        model = self.model()
        for col in range(model.columnCount() if model is not None else 0):
            self.frozen.setColumnHidden(col, col != self.frozen_column)
        self.frozen.setColumnWidth(self.frozen_column, self.columnWidth(self.frozen_column))
        vh, fvh = self.verticalHeader(), self.frozen.verticalHeader()
        fvh.setVisible(False)
        fvh.setSectionResizeMode(vh.sectionResizeMode(0) if vh.count() else QHeaderView.Fixed)
        fvh.setDefaultSectionSize(vh.defaultSectionSize())
        hh = self.horizontalHeader()
        self.frozen.horizontalHeader().setSortIndicator(hh.sortIndicatorSection(), hh.sortIndicatorOrder())

    # --- kept in step -------------------------------------------------------------------

    def _main_sorted(self, column: int, order) -> None:
        fh = self.frozen.horizontalHeader()
        fh.blockSignals(True)
        fh.setSortIndicator(column, order)
        fh.blockSignals(False)

    def _frozen_sorted(self, column: int, order) -> None:
        self.horizontalHeader().setSortIndicator(column, order)      # the page sorts on this

    def _main_resized(self, column: int, _old: int, new: int) -> None:
        if column == self.frozen_column and self.frozen.columnWidth(column) != new:
            self.frozen.setColumnWidth(column, new)
            self._update_geometry()

    def _frozen_resized(self, column: int, _old: int, new: int) -> None:
        if column == self.frozen_column and self.columnWidth(column) != new:
            self.setColumnWidth(column, new)
            self._update_geometry()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        self.frozen.setRowHeight(row, new)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._update_geometry()

    def _update_geometry(self) -> None:
        vh, fvh = self.verticalHeader(), self.frozen.verticalHeader()
        if fvh.defaultSectionSize() != vh.defaultSectionSize():
            fvh.setDefaultSectionSize(vh.defaultSectionSize())
        left = (0 if vh.isHidden() else vh.width()) + self.frameWidth()
        if self.frozen_column:
            left += self.columnViewportPosition(self.frozen_column) + self.horizontalOffset()
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(left, self.frameWidth(), self.columnWidth(self.frozen_column) + 1,
                                self.viewport().height() + self.horizontalHeader().height())

    # --- the keyboard never leaves the current cell under the frozen column ------------

    def moveCursor(self, action, modifiers):
        current = super().moveCursor(action, modifiers)
        width = self.frozen.columnWidth(self.frozen_column)
        if action == QAbstractItemView.MoveLeft and current.column() != self.frozen_column \
                and self.visualRect(current).left() < width:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + self.visualRect(current).left() - width)
        return current

    def scrollTo(self, index, hint=QAbstractItemView.EnsureVisible) -> None:
        if index.column() != self.frozen_column:
            super().scrollTo(index, hint)
            return
        # The frozen column is always in view: scroll up or down only, never sideways.
        bar = self.horizontalScrollBar()
        keep = bar.value()
        super().scrollTo(index, hint)
        bar.setValue(keep)
