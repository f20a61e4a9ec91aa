"""Ban Chỉ đạo & người thu: committee members and the villages each follows; collectors
(agents, village heads, mass-organisation staff) with their codes. Views only: every rule is
in bhyt_desktop/campaign/members.py and collectors.py."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.campaign import collectors as col
from bhyt_desktop.campaign import members as mem
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune import details as cm

from ..context import AppContext
from ..widgets import list_table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))


class StaffPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.members: list[mem.Member] = []
        self.collectors: list[col.Collector] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self._members_box(), 3)
        layout.addWidget(self._collectors_box(), 2)
        self.reload()

    # --- members ------------------------------------------------------------------------

    def _members_box(self) -> QGroupBox:
        box = QGroupBox(_("Thành viên Ban Chỉ đạo và thôn phụ trách"))
        v = QVBoxLayout(box)
        self.member_table = list_table([_("Họ tên"), _("Chức vụ"), _("Điện thoại"), _("Thôn/xóm phụ trách")])
        for column in (1, 3):       # long positions and village lists share the width
            self.member_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.Stretch)
        self.member_table.setWordWrap(True)
        self.member_table.itemSelectionChanged.connect(self._member_selected)
        v.addWidget(self.member_table, 1)
        row = QHBoxLayout()
        form = QFormLayout()
        self.member_name = QLineEdit()
        self.member_position = QLineEdit()
        self.member_position.setPlaceholderText(_("ví dụ: Phó Chủ tịch UBND xã"))
        self.member_phone = QLineEdit()
        form.addRow(_("Họ tên:"), self.member_name)
        form.addRow(_("Chức vụ:"), self.member_position)
        form.addRow(_("Điện thoại:"), self.member_phone)
        row.addLayout(form, 3)
        self.village_list = QListWidget()
        self.village_list.setMaximumHeight(110)
        self.village_list.setToolTip(_("Đánh dấu các thôn/xóm thành viên phụ trách"))
        row.addWidget(self.village_list, 2)
        v.addLayout(row)
        buttons = QHBoxLayout()
        self.add_member_button = QPushButton(_("Thêm thành viên"))
        self.add_member_button.clicked.connect(self.add_member)
        self.assign_button = QPushButton(_("Lưu thay đổi"))
        self.assign_button.setToolTip(_("Lưu họ tên, chức vụ, điện thoại và các thôn phụ trách của "
                                        "thành viên đang chọn"))
        self.assign_button.clicked.connect(self.save_member)
        self.delete_member_button = QPushButton(_("Xóa thành viên"))
        self.delete_member_button.clicked.connect(self.delete_member)
        for b in (self.add_member_button, self.assign_button, self.delete_member_button):
            buttons.addWidget(b)
        buttons.addStretch()
        self.incentive_button = QPushButton(_("Thù lao vận động, hộ gia hạn…"))
        self.incentive_button.setToolTip(_("Bảng thù lao thẻ mới của người thu và số hộ gia hạn trong tháng"))
        self.incentive_button.clicked.connect(self.open_incentive)
        buttons.addWidget(self.incentive_button)
        v.addLayout(buttons)
        return box

    def checked_villages(self) -> list[int]:
        return [self.village_list.item(i).data(Qt.UserRole) for i in range(self.village_list.count())
                if self.village_list.item(i).checkState() == Qt.Checked]

    def set_checked_villages(self, ids: list[int]) -> None:
        for i in range(self.village_list.count()):
            item = self.village_list.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in ids else Qt.Unchecked)

    def selected_member(self) -> mem.Member | None:
        rows = {i.row() for i in self.member_table.selectedIndexes()}
        return self.members[rows.pop()] if len(rows) == 1 else None

    def _member_selected(self) -> None:
        m = self.selected_member()
        self.assign_button.setEnabled(m is not None)
        self.delete_member_button.setEnabled(m is not None)
        if m is not None:
            self.set_checked_villages(m.village_ids)
            self.member_name.setText(m.name)
            self.member_position.setText(m.position)
            self.member_phone.setText(m.phone)

    def _run(self, title: str, fn) -> bool:
        try:
            fn()
        except UserError as exc:
            QMessageBox.warning(self, title, str(exc))
            return False
        self.reload()
        self.changed.emit()
        return True

    def add_member(self) -> bool:
        done = self._run(_("Thêm thành viên"), lambda: mem.add_member(
            self.ctx.db, self.member_name.text(), position=self.member_position.text(),
            phone=self.member_phone.text(), village_ids=self.checked_villages()))
        if done:
            for w in (self.member_name, self.member_position, self.member_phone):
                w.clear()
        return done

    def assign_villages(self) -> bool:
        m = self.selected_member()
        if m is None:
            return False
        ids = self.checked_villages()
        return self._run(_("Thôn phụ trách"), lambda: mem.set_villages(self.ctx.db, m.id, ids))

    def save_member(self) -> bool:
        """The selected member's name, position, phone and villages as the form shows them."""
        m = self.selected_member()
        if m is None:
            return False
        ids = self.checked_villages()

        def write() -> None:
            mem.update_member(self.ctx.db, m.id, name=self.member_name.text(),
                              position=self.member_position.text(), phone=self.member_phone.text(),
                              operator=self.ctx.settings.operator)
            mem.set_villages(self.ctx.db, m.id, ids, operator=self.ctx.settings.operator)

        done = self._run(_("Sửa thành viên"), write)
        if done:
            row = next((i for i, x in enumerate(self.members) if x.id == m.id), -1)
            if row >= 0:
                self.member_table.selectRow(row)
        return done

    def delete_member(self, *, confirm: bool = True) -> bool:
        m = self.selected_member()
        if m is None:
            return False
        if confirm and QMessageBox.question(self, _("Xóa thành viên"), _("Xóa thành viên «{name}»?").format(
                name=m.name)) != QMessageBox.Yes:
            return False
        return self._run(_("Xóa thành viên"), lambda: mem.delete_member(self.ctx.db, m.id))

    # --- collectors ---------------------------------------------------------------------

    def _collectors_box(self) -> QGroupBox:
        box = QGroupBox(_("Người thu (đại lý thu, trưởng thôn, đoàn thể)"))
        v = QVBoxLayout(box)
        self.collector_table = list_table([_("Mã số"), _("Họ tên"), _("Loại"), _("Thôn/xóm"), _("Điện thoại")])
        header = self.collector_table.horizontalHeader()
        header.setStretchLastSection(False)          # the name takes what is left, no sideways scroll
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        v.addWidget(self.collector_table, 1)
        form = QHBoxLayout()
        self.collector_code = QLineEdit()
        self.collector_code.setPlaceholderText(_("Mã số"))
        self.collector_code.setMinimumWidth(70)
        self.collector_code.setMaximumWidth(90)
        self.collector_name = QLineEdit()
        self.collector_name.setPlaceholderText(_("Họ tên"))
        self.collector_kind = QComboBox()
        for kind in col.KINDS:
            self.collector_kind.addItem(col.kind_label(kind), kind)
        self.collector_village = QComboBox()
        self.add_collector_button = QPushButton(_("Thêm"))
        self.add_collector_button.clicked.connect(self.add_collector)
        for w in (self.collector_code, self.collector_name, self.collector_kind, self.collector_village,
                  self.add_collector_button):
            form.addWidget(w)
        v.addLayout(form)
        return box

    def add_collector(self) -> bool:
        done = self._run(_("Thêm người thu"), lambda: col.add_collector(
            self.ctx.db, self.collector_code.text(), self.collector_name.text(),
            kind=self.collector_kind.currentData(), village_id=self.collector_village.currentData()))
        if done:
            self.collector_code.clear()
            self.collector_name.clear()
        return done

    def open_incentive(self):
        from ..campaign.incentive_dialog import open_incentive
        return open_incentive(self.ctx, self)

    # --- both ---------------------------------------------------------------------------

    def reload(self) -> None:
        villages = cm.villages(self.ctx.db)
        self.village_list.clear()
        for vil in villages:
            item = QListWidgetItem(vil.name)
            item.setData(Qt.UserRole, vil.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.village_list.addItem(item)
        self.collector_village.clear()
        self.collector_village.addItem(_("(không gắn thôn)"), None)
        for vil in villages:
            self.collector_village.addItem(vil.name, vil.id)
        self.members = mem.members(self.ctx.db)
        _fill(self.member_table, [[m.name, m.position, m.phone, ", ".join(m.village_names)]
                                  for m in self.members])
        self.collectors = col.collectors(self.ctx.db)
        _fill(self.collector_table, [[k.code, k.name, col.kind_label(k.kind), k.village_name, k.phone]
                                     for k in self.collectors])
        self._member_selected()
