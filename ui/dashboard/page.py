"""Tổng quan: commune coverage against the year's target, villages, this week, the pace.

Figures come from bhyt_desktop.dashboard; the page only shows them. How it stays fast:

- after the file is opened or changed, the figures are computed with SQL on a worker
  thread (its own connection, ~0.3 s at 100,000 people), then a coverage timeline is built
  quietly on a worker (~1 s);
- while the timeline matches the file (the rule is bhyt_desktop.dashboard.cache), a new
  "as of" date is answered on the GUI thread from the timeline in a few milliseconds.

A click on a village (its name, or its bar) emits ``village_activated(village_id)``; the
main window opens the roster filtered to it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import touched
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_int, fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.coverage.timeline import Timeline, UnusualDates, build_timeline
from bhyt_desktop.dashboard.cache import TimelineCache, data_version
from bhyt_desktop.dashboard.figures import Dashboard, dashboard

from ..context import AppContext
from ..operations import run_operation, show_error
from ..style import BEHIND, ON_TARGET
from ..widgets import FigureCard
from .chart import RateChart
from .member_filter import MemberFilter
from .model import NAME, VILLAGE_ID_ROLE, VillageTableModel, signed

DEBOUNCE_MS = 120


class DashboardPage(QWidget):
    village_activated = Signal(int)
    refreshed = Signal(object)       # the Dashboard just shown (tests and benches wait on it)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.current: Dashboard | None = None
        self.full: Dashboard | None = None            # the whole commune, before a member filter
        self.cache = TimelineCache()                  # the timeline and when it may answer
        self._building = False
        self._closed = False
        self.last_refresh_ms: float | None = None     # GUI-thread time of the last fast refresh
        self._generation = 0
        self._stale = True
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(12)
        cards = QHBoxLayout()
        cards.setSpacing(12)
        self.rate_card = FigureCard(_("Tỷ lệ bao phủ toàn xã"))
        self.needed_card = FigureCard(_("Còn thiếu để đạt chỉ tiêu"))
        self.change_card = FigureCard(_("Thay đổi 7 ngày qua"))
        self.pace_card = FigureCard(_("Cần thêm mỗi tuần"))
        self.behind_card = FigureCard(_("Thôn/xóm chưa đạt"))
        for card in (self.rate_card, self.needed_card, self.change_card, self.pace_card,
                     self.behind_card):
            cards.addWidget(card, 1)
        layout.addLayout(cards)
        self.note = QLabel(objectName="hint")
        self.note.setWordWrap(True)
        self.member_filter = MemberFilter(ctx)
        self.member_filter.changed.connect(lambda: self.full and self.show_dashboard(self.full))
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.member_filter)
        layout.addLayout(note_row)

        self.model = VillageTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(NAME, Qt.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        self.table.setMouseTracking(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)   # measured once, not each refresh
        header.setStretchLastSection(True)
        header.sectionClicked.connect(lambda _i: header.setSortIndicatorShown(True))
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._activated)
        self.chart = RateChart()
        self.chart.village_clicked.connect(self.village_activated)
        self._fitted = False
        self.split = split = QSplitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([640, 420])
        split.setChildrenCollapsible(False)
        self.empty = QLabel(_("Chưa có thôn/xóm nào trong tệp này. Thêm thôn/xóm ở trang «Thôn & "
                              "chỉ tiêu», hoặc nhập danh sách nhân khẩu ở trang «Nhập dữ liệu»."),
                            objectName="placeholder")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.body = QStackedWidget()
        self.body.addWidget(split)
        self.body.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        hint = QLabel(_("Bấm vào tên thôn/xóm (hoặc cột của thôn trong biểu đồ) để xem danh "
                        "sách nhân khẩu. Dòng tô đỏ: chưa đạt chỉ tiêu."), objectName="hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        ctx.as_of_changed.connect(self.schedule_refresh)
        ctx.on_change(self, touched.FIGURES, self._data_changed)

    # --- refreshing ------------------------------------------------------------------

    def schedule_refresh(self, *_args) -> None:
        self._stale = True
        if self._closed or not self.isVisible():
            return
        if self.cache.answer(self.data_key()) is not None:
            self.refresh()                   # milliseconds: no need to wait
        else:
            self._timer.start()              # coalesce quick changes before a worker runs

    def page_closing(self) -> None:
        """The file is being closed: drop the timeline, ignore work still running."""
        self._closed = True
        self._timer.stop()
        self.cache.drop()

    @property
    def timeline(self) -> Timeline | None:
        return self.cache.timeline

    def _data_changed(self) -> None:
        self.cache.drop()
        self.schedule_refresh()

    def page_shown(self) -> None:
        if self._stale:
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self._timer.start()

    def data_key(self) -> tuple:
        """Changes whenever anything was written to the file (by any connection)."""
        return data_version(self.ctx.db)

    def refresh(self) -> None:
        """From the timeline when it is current (GUI thread, milliseconds), else on a worker."""
        if self._closed:
            return
        self._timer.stop()
        self._stale = False
        self._generation += 1
        as_of, ctx = self.ctx.as_of, self.ctx
        timeline = self.cache.answer(self.data_key())
        if timeline is not None:
            start = time.perf_counter()
            self.show_dashboard(dashboard(ctx.db, as_of, timeline=timeline))
            self.last_refresh_ms = (time.perf_counter() - start) * 1000
            return
        generation = self._generation

        def work(job, db):
            db.conn.execute("PRAGMA mmap_size = 0")         # see build_timeline below
            return generation, dashboard(db, as_of, job)

        self.setCursor(Qt.BusyCursor)
        run_operation(self, _("Đang tính số liệu tổng quan"), work, ctx=ctx,
                      on_success=self._computed, on_failure=self._failed, progress=False)

    def _computed(self, result: tuple[int, Dashboard]) -> None:
        generation, board = result
        if self._closed or generation != self._generation:
            return
        self.unsetCursor()
        self.show_dashboard(board)
        self.build_timeline()

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.unsetCursor()
        if isinstance(exc, UserError):
            QMessageBox.warning(self, _("Tổng quan"), str(exc))
        else:
            show_error(self, exc)

    def build_timeline(self) -> None:
        """Read the file once on a quiet worker so later date changes are instant."""
        if self._closed or self._building or self.timeline is not None:
            return
        self._building = True
        key, ctx = self.data_key(), self.ctx

        def work(job, db):
            # Read through SQLite's bounded page cache, not a second memory map of the
            # whole file (which would count twice in the process's memory).
            db.conn.execute("PRAGMA mmap_size = 0")
            try:
                with db.atomic():                 # one snapshot for both reads
                    return key, build_timeline(db, job)
            except UnusualDates:
                return key, None                  # odd dates in the file: stay on SQL

        def built(result) -> None:
            self._building = False
            read_at, timeline = result
            if self._closed:
                return
            if timeline is not None:
                self.cache.keep(timeline, read_at, self.data_key())

        def failed(_exc) -> None:
            self._building = False

        run_operation(self, _("Đang chuẩn bị số liệu"), work, ctx=ctx, on_success=built,
                      on_failure=failed, progress=False)

    def show_dashboard(self, board: Dashboard) -> None:
        self.full = board
        board = self.member_filter.narrow(board)
        self.current = board
        self.rate_card.title.setText(_("Tỷ lệ bao phủ toàn xã") if board is self.full
                                     else _("Tỷ lệ bao phủ các thôn phụ trách"))
        t = board.total
        year = board.as_of.year
        self.rate_card.set(fmt_pct(t.rate_pct) or "—", _("{ins} / {pop} người có thẻ").format(
            ins=fmt_int(t.insured), pop=fmt_int(t.population)),
            BEHIND if t.behind else (ON_TARGET if t.reached else None))
        if t.needed is None:
            self.needed_card.set("—", _("Chưa đặt chỉ tiêu năm {year} (trang Thôn & chỉ tiêu)")
                                 .format(year=year))
        else:
            self.needed_card.set(_("{n} người").format(n=fmt_int(t.needed)),
                                 _("để đạt chỉ tiêu {target} năm {year}").format(
                                     target=fmt_pct(t.target_pct), year=year))
        self.change_card.set(signed(t.change), _("Từ {start} đến {end}").format(
            start=fmt_date(board.since), end=fmt_date(board.as_of)),
            ON_TARGET if t.change > 0 else (BEHIND if t.change < 0 else None))
        if board.weekly_pace is None:
            self.pace_card.set("—", "")
        else:
            self.pace_card.set(_("{n} người/tuần").format(n=fmt_int(board.weekly_pace)),
                               _("Còn {weeks} tuần đến 31/12/{year}").format(
                                   weeks=board.weeks_left, year=year))
        if not board.has_target:
            self.behind_card.set("—", _("Chưa đặt chỉ tiêu năm {year} (trang Thôn & chỉ tiêu)")
                                 .format(year=year))
        else:
            self.behind_card.set(f"{board.behind_count} / {len(board.villages)}",
                                 _("thôn/xóm dưới chỉ tiêu"),
                                 BEHIND if board.behind_count else (ON_TARGET if board.villages else None))
        self.body.setCurrentWidget(self.empty if not board.villages else self.split)
        source = {"statistical": _("dân số thống kê năm {year}"),
                  "roster": _("số người trong danh sách (chưa có dân số thống kê năm {year})"),
                  "mixed": _("dân số thống kê ở một số thôn, số người trong danh sách ở các thôn còn lại")
                  }[t.population_source].format(year=year)
        notes = [n for n in (self.member_filter.note(), _("Tỷ lệ tính trên {source}.").format(source=source)) if n]
        for c in board.campaigns:
            notes.append(_("Đang trong đợt vận động «{name}» ({start} – {end}), chỉ tiêu {rate}.").format(
                name=c.name, start=fmt_date(c.start), end=fmt_date(c.end), rate=fmt_pct(c.target_pct)))
        self.note.setText(" ".join(notes))
        self.model.set_rows(board.villages)
        self._fit_table()
        self.chart.set_dashboard(board)
        self.refreshed.emit(board)

    def _fit_table(self) -> None:
        """Once, when the villages first show: columns fit their text, the table fits them.

        Measuring reads every cell, so it is not repeated on each refresh; afterwards the
        user's column widths and splitter position win.
        """
        if self._fitted or not self.model.rows:
            return
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        width = sum(header.sectionSize(c) for c in range(self.model.columnCount()))
        width += self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth() + 8
        if self.split.width() > width + self.chart.minimumWidth():
            self._fitted = True
            self.split.setSizes([width, self.split.width() - width])

    # --- clicks ----------------------------------------------------------------------

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == NAME:
            self._activated(index)

    def _activated(self, index: QModelIndex) -> None:
        vid = self.model.data(index, VILLAGE_ID_ROLE)
        if vid is not None:
            self.village_activated.emit(vid)
