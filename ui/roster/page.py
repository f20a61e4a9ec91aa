"""The roster page "Hộ gia đình & nhân khẩu": search, filters, the lazy table, the household
panel and the entry dialogs.

    page = RosterPage(ctx)          # ctx: ui.context.AppContext
    page.show_village(village_id)   # the dashboard opens the roster filtered to a village
    page.has_unsaved()              # an entry dialog holds edits not saved yet
"""

from __future__ import annotations

import time

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import touched
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import villages
from bhyt_desktop.commune.former import former_communes
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.roster import cards, records
from bhyt_desktop.roster import query as rq
from bhyt_desktop.roster.proposals import open_count

from . import model as m
from .columns import ColumnChooser
from .dialogs import CardDialog, HouseholdDialog, MoveDialog, PersonDialog, StatusDialog
from .frozen import FrozenColumnTable
from .household_panel import HouseholdPanel
from .outputs import ALL, RosterOutputs, combo_value
from .proposals import ProposalsDialog

SEARCH_DELAY_MS = 200
# "No filter" item data. Never None: PySide6 6.12 drops a reference to None each time a
# combo box item holding None is read back (currentData/itemData), which ends in
# "Fatal Python error: none_dealloc" after a few thousand reads.
OVERLAPPING = "overlapping"        # the card-state combo's entry for people with overlapping cards


class RosterPage(RosterOutputs, QWidget):
    list_changed = Signal(int)       # rows now shown (after a search / filter)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.dialogs: list = []
        self.last_query_ms = 0.0
        self._own_change = False
        self._fitted = False
        self._sort, self._descending = rq.SORT_NAME, False

        # --- search and filters
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Tìm theo tên (gõ không dấu cũng được), số CCCD, mã số BHXH, mã hộ…  (Ctrl+F)"))
        self.search.setToolTip(self.search.placeholderText())     # whole when the box is narrow
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._search_enter)

        self.village = QComboBox()
        self.group = QComboBox()
        self.card_state = QComboBox()
        self.age = QComboBox()
        self.status = QComboBox()
        self._fill_filters()
        for combo in (self.village, self.group, self.card_state, self.age, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.clear_btn = QPushButton(_("Bỏ lọc"))
        self.clear_btn.clicked.connect(self.clear_filters)
        self.proposals_btn = QPushButton()          # shown while an import's proposals wait
        self.proposals_btn.clicked.connect(self.review_proposals)

        # --- actions
        self.btn_add_household = QPushButton(_("Thêm hộ…"))
        self.btn_add_person = QPushButton(_("Thêm người vào hộ…"))
        self.btn_edit = QPushButton(_("Sửa (F2)"))
        self.btn_move = QPushButton(_("Chuyển hộ…"))
        self.btn_status = QPushButton(_("Chuyển đi / Đã mất…"))
        self.btn_card = QPushButton(_("Thêm thẻ (Ctrl+T)"))
        self.btn_print = QPushButton(_("In danh sách (PDF)…"))
        self.btn_visits = QPushButton(_("Danh sách vận động…"))
        self.btn_visits.setToolTip(_("Danh sách theo hộ để đi vận động từng nhà (PDF, Excel)"))
        self.mask_ids = QCheckBox(_("Che số định danh khi in"))
        self.mask_ids.setChecked(bool(getattr(ctx.settings, "mask_ids_in_print", True)))
        self.btn_add_household.clicked.connect(self.add_household)
        self.btn_add_person.clicked.connect(self.add_person)
        self.btn_edit.clicked.connect(self.edit_person)
        self.btn_move.clicked.connect(self.move_person)
        self.btn_status.clicked.connect(self.change_status)
        self.btn_card.clicked.connect(self.add_card)
        self.btn_print.clicked.connect(self.print_list)
        self.btn_visits.clicked.connect(self.open_visit_lists)

        # --- table
        self.model = m.RosterModel(self.db, ctx.as_of, self,
                                   expiring_days=getattr(ctx.settings, "expiring_days", 30))
        self.table = FrozenColumnTable(m.COL_NAME)       # the name stays when scrolling sideways
        self.table.setObjectName("roster_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.Fixed)
        vh.setDefaultSectionSize(24)
        vh.setMinimumWidth(48)
        vh.setVisible(False)        # row numbers of a 20,000-row list: width better spent on columns
        hh = self.table.horizontalHeader()
        hh.setSectionsClickable(True)
        hh.setSortIndicatorShown(True)
        hh.setSortIndicator(m.COL_NAME, Qt.AscendingOrder)
        hh.sortIndicatorChanged.connect(self._sort_changed)
        hh.setStretchLastSection(True)
        self.columns = ColumnChooser(self.table, ctx.settings)   # sized to content, optional ones
        self.table.doubleClicked.connect(lambda _i: self.edit_person())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.panel = HouseholdPanel(self.db, self)
        self.panel.as_of = ctx.as_of
        self.panel.expiring_days = self.model.filter.expiring_days
        self.panel.edit_household.connect(self.edit_household)
        self.panel.add_member.connect(lambda hid: self.add_person(hid))
        self.panel.edit_person.connect(self.edit_person)
        self.panel.add_card.connect(self.add_card)
        self.panel.card_deleted.connect(self._card_saved)

        self.count_label = QLabel()

        # --- layout
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        # Beside the search box, which gives up the room: in the filter row it made the window
        # 1448 px wide at the least, too wide for 1280.
        top.addWidget(self.proposals_btn)
        top.addWidget(self.count_label)
        top.addWidget(self.mask_ids)
        top.addWidget(self.btn_print)
        layout.addLayout(top)
        filters = QHBoxLayout()
        for w in (self.village, self.group, self.card_state, self.age, self.status):
            filters.addWidget(w)
        filters.addWidget(self.clear_btn)
        filters.addStretch()
        layout.addLayout(filters)
        actions = QHBoxLayout()
        for w in (self.btn_add_household, self.btn_add_person, self.btn_edit, self.btn_move,
                  self.btn_status, self.btn_card):
            actions.addWidget(w)
        actions.addStretch()
        actions.addWidget(self.btn_visits)
        layout.addLayout(actions)
        # The table gets the full width (12 columns fit 1366 px); the household below it.
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 300])
        layout.addWidget(self.splitter, 1)

        # tab order: search, filters, table, actions, panel
        chain = [self.search, self.village, self.group, self.card_state, self.age, self.status,
                 self.clear_btn, self.table, self.btn_add_household, self.btn_add_person,
                 self.btn_edit, self.btn_move, self.btn_status, self.btn_card, self.mask_ids,
                 self.btn_print, self.btn_visits, self.panel.members, self.panel.cards]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        QShortcut(QKeySequence.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence("F2"), self, activated=self.edit_person)
        QShortcut(QKeySequence("Ctrl+T"), self, activated=self.add_card)
        QShortcut(QKeySequence(Qt.Key_Return), self.table, activated=self.edit_person,
                  context=Qt.WidgetShortcut)

        ctx.as_of_changed.connect(self._as_of_changed)
        ctx.on_change(self, (touched.PEOPLE, touched.CARDS, touched.VILLAGES), self._data_changed)
        self.apply_filter()

    # --- filters ------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        def fill(combo, items, keep=True):
            current = combo.currentData() if keep else ALL
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            i = combo.findData(current)
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)
        formers = [(_("Cả xã cũ {name}").format(name=f.name), f"f:{f.id}") for f in former_communes(self.db)]
        fill(self.village, [(_("Tất cả thôn/xóm"), ALL)] + formers + [(v.name, v.id) for v in villages(self.db)])
        groups = [(_("Mọi nhóm đối tượng"), ALL)]
        names = {}
        for code, grp, name in cards.group_codes(self.db):
            names.setdefault(grp, []).append((code, name))
        for grp in sorted(names):
            groups.append((_("Nhóm {n}").format(n=grp), f"g:{grp}"))
            groups += [(f"    {code} — {name}", f"c:{code}") for code, name in names[grp]]
        fill(self.group, groups)
        fill(self.card_state, [(_("Mọi tình trạng thẻ"), ALL)] +
             [(rq.card_state_label(s) + (_(" (≤ {n} ngày)").format(n=self.model_days()) if s == "expiring" else ""), s)
              for s in rq.CARD_STATES] + [(defs.overlapping_label(), OVERLAPPING)])
        fill(self.age, [(_("Mọi độ tuổi"), ALL)] + [(rq.age_band_label(k), k) for k, *_r in rq.AGE_BANDS])
        fill(self.status, [(_("Mọi tình trạng cư trú"), ALL)] + [(rq.status_label(s), s) for s in rq.STATUS_FILTERS])
        self.group.setMaximumWidth(260)

    def model_days(self) -> int:
        return getattr(self.ctx.settings, "expiring_days", 30)

    def current_filter(self) -> rq.RosterFilter:
        kind, _sep, group = (self.group.currentData() or "").partition(":")
        state = combo_value(self.card_state)
        overlapping = state == OVERLAPPING
        return rq.RosterFilter(
            as_of=self.ctx.as_of, search=self.search.text(), village_id=self._village_id(),
            former_commune_id=self._former_id(),
            law_group=int(group) if kind == "g" else None,
            group_code=group if kind == "c" else None,
            card_state=None if overlapping else state, overlapping=overlapping,
            age_band=combo_value(self.age), status=combo_value(self.status), sort=self._sort, descending=self._descending,
            expiring_days=self.model_days())

    def _village_id(self) -> int | None:
        return v if isinstance(v := combo_value(self.village), int) else None

    def _former_id(self) -> int | None:          # "Cả xã cũ …" in the village list: "f:<id>"
        return int(v[2:]) if isinstance(v := combo_value(self.village), str) else None

    def apply_filter(self, keep_person: int | None = None) -> None:
        """Run the list query now (the search box calls this after a short pause)."""
        self._timer.stop()
        keep = keep_person if keep_person is not None else self.current_person()
        t0 = time.perf_counter()
        self.model.set_filter(self.current_filter())
        self.last_query_ms = (time.perf_counter() - t0) * 1000
        n = self.model.rowCount()
        self.count_label.setText(_("{n} người").format(n=fmt_int(n)))
        if n and not self._fitted:          # once, on the first rows: later the user's widths win
            self._fitted = True
            self.fit_columns()
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.select_row(row)
        elif n:
            self.select_row(0)
        else:
            self.panel.show_household(None)
        self._update_actions()
        self._update_proposals()
        self.list_changed.emit(n)

    def _reset_filters(self, *, village: bool) -> None:
        """Every filter (the village one too, with ``village``) and the search back to "all",
        without filtering at each step."""
        combos = (self.village,) * village + (self.group, self.card_state, self.age, self.status)
        for combo in combos:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        with QSignalBlocker(self.search):
            self.search.clear()

    def clear_filters(self) -> None:
        self._reset_filters(village=True)
        self.apply_filter()

    def show_village(self, village_id: int | None) -> None:
        """Show the roster of one village (the dashboard calls this), other filters cleared."""
        self._reset_filters(village=False)
        with QSignalBlocker(self.village):
            key = ALL if village_id is None else village_id
            i = self.village.findData(key)
            if i < 0:                      # a village added since the page was built
                self._fill_filters()
                i = max(0, self.village.findData(key))
            self.village.setCurrentIndex(i)
        self.apply_filter()

    def _sort_changed(self, column: int, order) -> None:
        sort = m.SORT_OF_COLUMN.get(column)
        if sort is None:               # not sortable: put the indicator back
            hh = self.table.horizontalHeader()
            hh.blockSignals(True)
            hh.setSortIndicator(next(c for c, s in m.SORT_OF_COLUMN.items() if s == self._sort),
                                Qt.DescendingOrder if self._descending else Qt.AscendingOrder)
            hh.blockSignals(False)
            return
        self._sort, self._descending = sort, order == Qt.DescendingOrder
        self.apply_filter()

    def fit_columns(self) -> None:
        self.columns.fit()

    def show_column(self, key: str, shown: bool) -> None:
        self.columns.show_column(key, shown)

    def _search_enter(self) -> None:
        self.apply_filter()
        if self.model.rowCount():
            self.table.setFocus()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- selection ----------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.table.scrollTo(index)

    def current_person(self) -> int | None:
        index = self.table.currentIndex() if hasattr(self, "table") else None
        return self.model.person_id(index.row()) if index is not None and index.isValid() else None

    def _row_changed(self, current, _previous) -> None:
        pid = self.model.person_id(current.row()) if current.isValid() else None
        hid = self.model.data(current, m.HouseholdIdRole) if pid else None
        self.panel.show_household(hid, pid)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.current_person() is not None
        for b in (self.btn_edit, self.btn_move, self.btn_status, self.btn_card):
            b.setEnabled(has)
        self.btn_add_person.setEnabled(self.panel.household_id is not None)
        self.btn_print.setEnabled(self.model.rowCount() > 0)

    def _update_proposals(self) -> None:
        """The proposals button: counted when the list is read again, not on every row."""
        n = open_count(self.db)
        self.proposals_btn.setText(_("Đề nghị đổi tình trạng ({n})…").format(n=n))
        self.proposals_btn.setVisible(n > 0)

    def review_proposals(self) -> None:
        dialog = ProposalsDialog(self.db, parent=self)    # the operator is attached to the file
        dialog.changed.connect(lambda: (self.apply_filter(), self.panel.refresh(), self._notify(touched.PEOPLE)))
        dialog.exec()
        self._update_proposals()

    # --- dialogs ------------------------------------------------------------------------

    def has_unsaved(self) -> bool:
        """True while an entry dialog holds edits that are not saved."""
        return any(d.isVisible() and d.is_dirty() for d in self.dialogs)

    def _open(self, dialog, on_saved) -> None:
        self.dialogs.append(dialog)
        dialog.saved.connect(on_saved)
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def current_dialog(self):
        return self.dialogs[-1] if self.dialogs else None

    def _target_person(self, person_id=None) -> int | None:
        return person_id if isinstance(person_id, int) and not isinstance(person_id, bool) else self.current_person()

    def add_household(self) -> None:
        self._open(HouseholdDialog(self.db, village_id=self._village_id(), parent=self),
                   self._household_added)

    def edit_household(self, household_id: int) -> None:
        self._open(HouseholdDialog(self.db, household_id, parent=self), self._household_saved)

    def add_person(self, household_id=None) -> None:
        hid = household_id if isinstance(household_id, int) and not isinstance(household_id, bool) \
            else self.panel.household_id
        if hid is None:
            QMessageBox.information(self, _("Thêm nhân khẩu"), _("Hãy chọn một hộ trước, hoặc thêm hộ mới."))
            return
        self._open(PersonDialog(self.db, household_id=hid, parent=self), self._person_added)

    def edit_person(self, person_id=None) -> None:
        pid = self._target_person(person_id)
        if pid is not None:
            self._open(PersonDialog(self.db, pid, parent=self), self._person_saved)

    def move_person(self) -> None:
        pid = self.current_person()
        if pid is not None:
            self._open(MoveDialog(self.db, pid, parent=self), self._person_moved)

    def change_status(self) -> None:
        pid = self.current_person()
        if pid is not None:
            self._open(StatusDialog(self.db, pid, parent=self), self._person_saved)

    def add_card(self, person_id=None) -> None:
        pid = self._target_person(person_id)
        if pid is not None:
            self._open(CardDialog(self.db, pid, self.ctx.as_of, parent=self), self._card_saved)

    # --- after a save -------------------------------------------------------------------

    def _notify(self, *topics: str) -> None:
        self._own_change = True
        try:
            self.ctx.notify_changed(*topics)
        finally:
            self._own_change = False

    def _person_saved(self, person_id: int, changed: str = touched.PEOPLE) -> None:
        """An existing person changed: repaint their row (the list order stays until the next search)."""
        self.model.refresh_people([person_id])
        self.panel.refresh()
        self._notify(changed)

    def _card_saved(self, person_id: int) -> None:
        """A card of the person was added or deleted."""
        self._person_saved(person_id, touched.CARDS)

    def _person_moved(self, person_id: int) -> None:
        """Repaint the row and show the household the person joined."""
        self.model.refresh_people([person_id])
        hid = records.household_of(self.db, person_id)
        self.panel.show_household(hid, person_id)
        self._notify(touched.PEOPLE)

    def _person_added(self, person_id: int) -> None:
        self.apply_filter(keep_person=person_id)
        if self.model.row_of(person_id) is None:
            # Not in the current filter: show the household anyway.
            hid = records.household_of(self.db, person_id)
            self.panel.show_household(hid, person_id)
        self._notify(touched.PEOPLE)

    def _household_saved(self, household_id: int) -> None:
        ids = rq.household_members(self.db, household_id)
        self.model.refresh_people(ids)
        self.panel.refresh()
        self._notify(touched.PEOPLE)

    def _household_added(self, household_id: int) -> None:
        self.panel.show_household(household_id)
        self._update_actions()
        self._notify(touched.PEOPLE)
        # A new household starts with its head.
        dialog = PersonDialog(self.db, household_id=household_id, parent=self)
        dialog.fields["relation"].widget.setCurrentText("Chủ hộ")
        dialog.finish()
        self._open(dialog, self._person_added)

    def _as_of_changed(self, _date) -> None:
        self.panel.as_of = self.ctx.as_of
        self.apply_filter()

    def _data_changed(self) -> None:
        if self._own_change:
            return
        self._fill_filters()
        self.apply_filter()
