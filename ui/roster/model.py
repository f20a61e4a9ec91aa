"""A lazy table model over the roster (the Anki browser way).

The model keeps only the ordered person ids that SQL returned for the current filter
(``bhyt_desktop.roster_query.person_ids``). Rows are fetched from SQLite when a view asks
for them, one block of ``BLOCK`` rows at a time, into a bounded cache. After an edit,
``refresh_people(ids)`` marks those rows stale and emits ``dataChanged`` only for them.
Sorting and filtering are SQL; there is no proxy model and no list of all rows.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import mask
from bhyt_desktop.roster import query as rq

# Column constants (order on screen).
COL_NAME, COL_BIRTH, COL_SEX, COL_HOUSEHOLD, COL_RELATION, COL_VILLAGE, COL_CCCD, COL_BHXH, \
    COL_CARD, COL_CARD_TO, COL_CARD_STATE, COL_STATUS = range(12)
COLUMN_COUNT = 12

# Custom roles.
PersonIdRole = int(Qt.UserRole.value) + 1
HouseholdIdRole = PersonIdRole + 1
RowRole = PersonIdRole + 2          # the whole RosterRow
CardStateRole = PersonIdRole + 3

# Columns whose header click sorts, and the SQL sort they mean.
SORT_OF_COLUMN = {COL_NAME: rq.SORT_NAME, COL_BIRTH: rq.SORT_BIRTH,
                  COL_HOUSEHOLD: rq.SORT_HOUSEHOLD, COL_VILLAGE: rq.SORT_VILLAGE}

# A screen shows ~35 rows; every list change fetches the first block before painting, so
# a smaller block shows a new list sooner (100 rows: 1.7 ms, 200 rows: 3.6 ms).
BLOCK = 100            # rows fetched per query
MAX_BLOCKS = 100       # cached blocks (10,000 rows at most)

# Built once: combining Qt flags costs ~16 µs in PySide6, too much inside data().
_ALIGN_RIGHT = Qt.AlignmentFlag(Qt.AlignRight | Qt.AlignVCenter)
_FLAGS = Qt.ItemFlag(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_HORIZONTAL = Qt.Orientation.Horizontal
_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT = (int(r.value) for r in (
    Qt.DisplayRole, Qt.ToolTipRole, Qt.ForegroundRole, Qt.TextAlignmentRole))
_RIGHT_COLUMNS = frozenset((COL_BIRTH, COL_CARD_TO, COL_CCCD, COL_BHXH))
_STATE_BRUSHES = {"expiring": QBrush(QColor("#9a6700")), "waiting": QBrush(QColor("#1d4ed8")),
                  "lapsed": QBrush(QColor("#b42318")),
                  "never": QBrush(QColor("#6b7280"))}
_GREY = _STATE_BRUSHES["never"]
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT, HouseholdIdRole, RowRole, CardStateRole))


def headers() -> list[str]:
    return [_("Họ và tên"), _("Ngày sinh"), _("Giới tính"), _("Mã hộ"), _("Quan hệ"), _("Thôn/xóm"),
            _("Số CCCD"), _("Mã số BHXH"), _("Đối tượng"), _("Hạn thẻ đến"), _("Tình trạng thẻ"),
            _("Cư trú")]


class RosterModel(QAbstractTableModel):
    def __init__(self, db, as_of: dt.date, parent=None, *, expiring_days: int = 30,
                 mask_ids: bool = False):
        super().__init__(parent)
        self.db = db
        self.filter = rq.RosterFilter(as_of=as_of, expiring_days=expiring_days)
        self.mask_ids = mask_ids
        self.ids: array = array("q")
        self._row_of: dict[int, int] | None = None     # id -> row, built only when needed
        self._blocks: OrderedDict[int, dict[int, rq.RosterRow]] = OrderedDict()
        self.fetch_count = 0                             # SQL row fetches (tests, bench)
        self._headers: list[str] | None = None           # column titles, built on first use

    # --- loading ------------------------------------------------------------------------

    def set_filter(self, f: rq.RosterFilter) -> None:
        """Run the list query for ``f`` and show its ids (row data is fetched later)."""
        ids = rq.person_ids(self.db, f)
        self.beginResetModel()
        self.filter = f
        self.ids = ids
        self._row_of = None
        self._blocks.clear()
        self._headers = None          # rebuilt in the current language on next use
        self.endResetModel()

    def reload(self) -> None:
        self.set_filter(self.filter)

    def refresh_people(self, person_ids) -> None:
        """Mark these people's rows stale and repaint only them (after an edit)."""
        wanted = set(person_ids)
        if not wanted:
            return
        for block in self._blocks.values():
            for pid in wanted & block.keys():
                del block[pid]
        lookup = self._rows_by_id().get if len(wanted) > 20 else self.row_of
        for pid in wanted:
            row = lookup(pid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    def _rows_by_id(self) -> dict[int, int]:
        if self._row_of is None:
            self._row_of = {pid: i for i, pid in enumerate(self.ids)}
        return self._row_of

    def row_of(self, person_id: int) -> int | None:
        if self._row_of is not None:
            return self._row_of.get(person_id)
        try:
            return self.ids.index(person_id)      # a C scan of the id array: well under 1 ms
        except ValueError:
            return None

    def person_id(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_data(self, row: int) -> rq.RosterRow | None:
        if not 0 <= row < len(self.ids):
            return None
        pid = self.ids[row]
        start = row - row % BLOCK
        block = self._blocks.get(start)
        if block is None or pid not in block:
            block = self._fetch_block(start, block)
        else:
            self._blocks.move_to_end(start)
        return block.get(pid)

    def _fetch_block(self, start: int, block: dict | None) -> dict:
        ids = self.ids[start:start + BLOCK]
        if block:
            ids = [i for i in ids if i not in block]     # only the stale ones
        rows = rq.fetch_rows(self.db, ids, self.filter.as_of, self.filter.expiring_days)
        self.fetch_count += 1
        if block is None:
            block = {}
            self._blocks[start] = block
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        block.update(rows)
        self._blocks.move_to_end(start)
        return block

    def cached_rows(self) -> int:
        return sum(len(b) for b in self._blocks.values())

    # --- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section, orientation, role=_DISPLAY):
        # Called ~1,000 times per list change (the row header sizes itself from its
        # labels): plain int / identity tests, no enum arithmetic, titles built once
        # per reset (7.8 ms -> ~1 ms per search).
        if role != _DISPLAY:
            return None
        if orientation is _HORIZONTAL:
            if self._headers is None:
                self._headers = headers()
            return self._headers[section]
        return str(section + 1)

    def flags(self, index):
        return _FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex, role=_DISPLAY):
        # The view asks ~4 roles per cell on every paint: the ones this model never answers
        # (font, decoration, check state, background...) return before any call into Qt.
        if role not in _ROLES:
            if role == PersonIdRole and index.isValid():
                return self.person_id(index.row())
            return None
        if not index.isValid():
            return None
        col = index.column()
        if role == _ALIGNMENT:
            return _ALIGN_RIGHT if col in _RIGHT_COLUMNS else None
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == HouseholdIdRole:
            return row.household_id
        if role == RowRole:
            return row
        if role == CardStateRole:
            return row.card_state
        if role == _FOREGROUND:
            if col == COL_CARD_STATE or col == COL_CARD_TO:
                return _STATE_BRUSHES.get(row.card_state)
            if row.status in ("moved_out", "deceased"):
                return _GREY
            return None
        text = self._text(row, col)
        if role == _TOOLTIP:
            if col == COL_STATUS and row.status_date:
                return f"{text} — {fmt_date(row.status_date)}"
            if col == COL_CARD_TO and row.card_from:
                return _("Từ {start} đến {end}").format(start=fmt_date(row.card_from), end=fmt_date(row.card_to))
            return None
        return text

    def _text(self, row: rq.RosterRow, col: int) -> str:
        if col == COL_NAME:
            return row.full_name
        if col == COL_BIRTH:
            return rq.birth_text(row)
        if col == COL_SEX:
            return rq.sex_text(row.sex)
        if col == COL_HOUSEHOLD:
            return row.household_code
        if col == COL_RELATION:
            return row.relation
        if col == COL_VILLAGE:
            return row.village_name
        if col == COL_CCCD:
            return mask(row.cccd) if self.mask_ids else (row.cccd or "")
        if col == COL_BHXH:
            return mask(row.bhxh_code) if self.mask_ids else (row.bhxh_code or "")
        if col == COL_CARD:
            return row.card_group or ""
        if col == COL_CARD_TO:
            return fmt_date(row.card_to)
        if col == COL_CARD_STATE:
            return rq.card_state_label(row.card_state)
        if col == COL_STATUS:
            return rq.status_label(row.status)
        return ""
