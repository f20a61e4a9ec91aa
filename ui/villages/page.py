"""Thôn & chỉ tiêu: villages (add, rename, reorder, merge, deactivate), statistical
population and targets per village per year, campaign periods.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import touched
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune import details as cm
from bhyt_desktop.commune import former as fc
from bhyt_desktop.commune import targets_grid as tg
from bhyt_desktop.commune.village_list import VillageRow, move, village_rows

from ..context import AppContext
from .campaigns import CampaignsPanel
from .grid import TargetsGrid
from .staff import StaffPanel


class VillagesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[VillageRow] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        layout.addWidget(split)

        box = QGroupBox(_("Thôn/xóm"))
        left = QVBoxLayout(box)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Tên"), _("Trạng thái"), _("Số hộ"), _("Số người")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.rename_selected())
        left.addWidget(self.table, 1)
        self.show_inactive = QCheckBox(_("Hiện cả thôn/xóm đã ngừng dùng hoặc đã gộp"))
        self.show_inactive.toggled.connect(self.reload_villages)
        left.addWidget(self.show_inactive)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Thêm…"))
        self.add_button.clicked.connect(lambda: self.add_village())
        self.rename_button = QPushButton(_("Đổi tên…"))
        self.rename_button.clicked.connect(lambda: self.rename_selected())
        self.up_button = QPushButton(_("Lên"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(_("Xuống"))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        for b in (self.add_button, self.rename_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        buttons2 = QHBoxLayout()
        self.merge_button = QPushButton(_("Gộp vào thôn khác…"))
        self.merge_button.clicked.connect(lambda: self.merge_selected())
        self.active_button = QPushButton(_("Ngừng dùng"))
        self.active_button.clicked.connect(self.toggle_active)
        self.former_button = QPushButton(_("Thuộc xã cũ…"))
        self.former_button.setToolTip(_("Xã đã sáp nhập: thôn/xóm của từng xã cũ, ví dụ «Xóm 1 (Nam Hồng cũ)»."))
        self.former_button.clicked.connect(lambda: self.set_former_selected())
        buttons2.addWidget(self.merge_button)
        buttons2.addWidget(self.active_button)
        buttons2.addWidget(self.former_button)
        buttons2.addStretch()
        left.addLayout(buttons2)
        split.addWidget(box)

        self.tabs = QTabWidget()
        self.targets = TargetsGrid(ctx, tg.TARGET)
        self.population = TargetsGrid(ctx, tg.POPULATION)
        self.campaigns = CampaignsPanel(ctx)
        self.tabs.addTab(self.targets, _("Chỉ tiêu theo năm (%)"))
        self.tabs.addTab(self.population, _("Dân số thống kê"))
        self.tabs.addTab(self.campaigns, _("Đợt vận động"))
        self.staff = StaffPanel(ctx)
        self.tabs.addTab(self.staff, _("Ban Chỉ đạo, người thu"))
        for w, topic in ((self.targets, touched.TARGETS), (self.population, touched.TARGETS),
                         (self.campaigns, touched.CAMPAIGN), (self.staff, touched.CAMPAIGN)):
            w.changed.connect(lambda topic=topic: ctx.notify_changed(topic))
        split.addWidget(self.tabs)
        # The grids and campaigns have a row or a choice per village; the list counts people.
        ctx.on_change(self, (touched.VILLAGES,), self._changed)
        ctx.on_change(self, (touched.PEOPLE,), self.reload_villages)
        # The list needs little room (four short columns); the tabs' grids and the staff tables
        # need it all at 1280 px.
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([420, 610])
        self.reload_villages()

    # --- the village list --------------------------------------------------------------

    def reload_villages(self) -> None:
        selected = self.selected()
        self.rows = village_rows(self.ctx.db, include_inactive=self.show_inactive.isChecked())
        self.table.setRowCount(len(self.rows))
        for r, v in enumerate(self.rows):
            cells = [v.name, v.status_text, fmt_int(v.households), fmt_int(v.people)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if not v.active:
                    item.setForeground(Qt.gray)
                self.table.setItem(r, c, item)
        if selected:
            self.select(selected.id)
        self._update_buttons()

    def select(self, village_id: int) -> None:
        for r, v in enumerate(self.rows):
            if v.id == village_id:
                self.table.selectRow(r)

    def selected(self) -> VillageRow | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[rows.pop()] if len(rows) == 1 and self.rows else None

    def _update_buttons(self) -> None:
        v = self.selected()
        for b in (self.rename_button, self.up_button, self.down_button, self.merge_button,
                  self.active_button, self.former_button):
            b.setEnabled(v is not None)
        if v is not None:
            self.up_button.setEnabled(v.active)
            self.down_button.setEnabled(v.active)
            self.merge_button.setEnabled(v.active)
            self.active_button.setText(_("Ngừng dùng") if v.active else _("Dùng lại"))
            self.active_button.setEnabled(not v.merged_into)

    def _changed(self) -> None:
        self.reload_villages()
        self.targets.reload()
        self.population.reload()
        self.campaigns.reload()
        self.staff.reload()

    def _run(self, title: str, fn, changes: tuple[str, ...] = (touched.VILLAGES,)) -> bool:
        try:
            fn()
        except UserError as exc:
            QMessageBox.warning(self, title, str(exc))
            return False
        self.ctx.notify_changed(*changes)       # reloads this page too (on_change above)
        return True

    def add_village(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, _("Thêm thôn/xóm"), _("Tên thôn/xóm:"))
            if not ok:
                return False
        result = {}
        done = self._run(_("Thêm thôn/xóm"), lambda: result.setdefault("id", cm.add_village(self.ctx.db, name)))
        if done:
            self.select(result["id"])
        return done

    def rename_selected(self, name: str | None = None) -> bool:
        v = self.selected()
        if v is None:
            return False
        if name is None:
            own = fc.village_place(self.ctx.db, v.id)[0]
            name, ok = QInputDialog.getText(self, _("Đổi tên thôn/xóm"), _("Tên mới:"), text=own)
            if not ok or name == own:
                return False
        return self._run(_("Đổi tên thôn/xóm"), lambda: cm.rename_village(self.ctx.db, v.id, name))

    def set_former_selected(self, choice: str | None = None) -> bool:
        """Put the village in a former commune (or none); a new former commune is named here."""
        v = self.selected()
        if v is None:
            return False
        own, _current = fc.village_place(self.ctx.db, v.id)
        formers = fc.former_communes(self.ctx.db)
        none, new = _("(không thuộc xã cũ nào)"), _("Thêm xã cũ mới…")
        if choice is None:
            choice, ok = QInputDialog.getItem(self, _("Thuộc xã cũ"), _("«{name}» thuộc xã cũ:").format(
                name=v.name), [none, *[f.name for f in formers], new], 0, False)
            if not ok:
                return False
        if choice == new:
            choice, ok = QInputDialog.getText(self, _("Thêm xã cũ mới"), _("Tên xã cũ:"))
            if not ok:
                return False
            found: dict = {}
            if not self._run(_("Thêm xã cũ mới"),
                             lambda: found.setdefault("id", fc.add_former_commune(self.ctx.db, choice))):
                return False
            former_id = found["id"]
        else:
            former_id = next((f.id for f in formers if f.name == choice), None)
        return self._run(_("Thuộc xã cũ"), lambda: fc.set_village_place(self.ctx.db, v.id, own, former_id))

    def move_selected(self, delta: int) -> None:
        v = self.selected()
        if v is None or not v.active:
            return
        ids = [r.id for r in self.rows if r.active]
        self._run(_("Sắp xếp thôn/xóm"), lambda: cm.reorder_villages(self.ctx.db, move(ids, v.id, delta)))

    def merge_selected(self, target_id: int | None = None, *, confirm: bool = True) -> bool:
        v = self.selected()
        if v is None:
            return False
        others = [r for r in self.rows if r.active and r.id != v.id]
        if target_id is None:
            names = [r.name for r in others]
            if not names:
                return False
            name, ok = QInputDialog.getItem(
                self, _("Gộp thôn/xóm"), _("Gộp «{name}» vào thôn/xóm:").format(name=v.name),
                names, 0, False)
            if not ok:
                return False
            target_id = others[names.index(name)].id
        target = next((r for r in others if r.id == target_id), None)
        if target is None:
            return False
        if confirm and QMessageBox.question(self, _("Gộp thôn/xóm"), _(
                "Gộp «{src}» vào «{dst}»?\n\n{hh} hộ, {people} người chuyển sang «{dst}»; dân số "
                "thống kê được cộng vào «{dst}»; chỉ tiêu riêng của «{src}» bị bỏ; «{src}» "
                "ngừng dùng. Không hoàn tác được.").format(
                    src=v.name, dst=target.name, hh=fmt_int(v.households), people=fmt_int(v.people))
        ) != QMessageBox.Yes:
            return False
        done = self._run(_("Gộp thôn/xóm"), lambda: cm.merge_villages(self.ctx.db, v.id, target.id),
                         (touched.VILLAGES, touched.PEOPLE, touched.TARGETS))
        if done:
            self.select(target.id)
        return done

    def toggle_active(self) -> None:
        v = self.selected()
        if v is None:
            return
        if v.active and v.people and QMessageBox.question(self, _("Ngừng dùng thôn/xóm"), _(
                "«{name}» còn {n} người trong danh sách. Họ vẫn được tính vào số liệu. "
                "Ngừng dùng thôn này?").format(name=v.name, n=fmt_int(v.people))) != QMessageBox.Yes:
            return
        self._run(_("Ngừng dùng thôn/xóm"), lambda: cm.set_village_active(self.ctx.db, v.id, not v.active))
