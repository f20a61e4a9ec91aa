"""The household panel: the selected person's household, its members, and card histories."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
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

from bhyt_desktop.campaign.contribution import contribution_for, money_text, summary_lines
from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster import query as rq
from bhyt_desktop.roster import records

from .dialogs import household_type_items

_ITEM_FLAGS = Qt.ItemFlag(Qt.ItemIsEnabled | Qt.ItemIsSelectable)   # built once (slow in PySide6)
_ALIGN_RIGHT = Qt.AlignmentFlag(Qt.AlignRight | Qt.AlignVCenter)
_STATE_COLORS = {"expiring": "#9a6700", "waiting": "#1d4ed8", "lapsed": "#b42318", "never": "#6b7280"}


def _item(text: str, align_right: bool = False, data=None) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(_ITEM_FLAGS)
    if align_right:
        it.setTextAlignment(_ALIGN_RIGHT)
    if data is not None:
        it.setData(Qt.UserRole, data)
    return it


class HouseholdPanel(QWidget):
    edit_household = Signal(int)
    add_member = Signal(int)
    edit_person = Signal(int)
    add_card = Signal(int)
    card_deleted = Signal(int)      # person id

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.household_id: int | None = None
        self.as_of = clock.today()
        self.expiring_days = 30
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        layout = QVBoxLayout()                  # left: the household and its members
        outer.addLayout(layout, 5)
        right = QVBoxLayout()                   # right: the selected member's cards
        outer.addLayout(right, 4)          # 5:4, the card history whole at 1280 px
        self.title = QLabel(_("Chọn một người trong danh sách để xem hộ gia đình."))
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.RichText)
        layout.addWidget(self.title)
        self.contribution = QLabel("")        # what the household would pay (campaign/contribution.py)
        self.contribution.setWordWrap(True)
        layout.addWidget(self.contribution)
        row = QHBoxLayout()
        self.btn_edit = QPushButton(_("Sửa hộ…"))
        self.btn_add = QPushButton(_("Thêm thành viên…"))
        for b in (self.btn_edit, self.btn_add):
            b.setEnabled(False)
            row.addWidget(b)
        row.addStretch()
        layout.addLayout(row)
        self.btn_edit.clicked.connect(lambda: self.household_id and self.edit_household.emit(self.household_id))
        self.btn_add.clicked.connect(lambda: self.household_id and self.add_member.emit(self.household_id))

        self.members = QTableWidget(0, 5)
        self.members.setHorizontalHeaderLabels([_("Họ và tên"), _("Ngày sinh"), _("Quan hệ"), _("Hạn thẻ đến"),
                                                _("Thẻ")])
        self._setup(self.members)
        self.members.itemSelectionChanged.connect(self._member_changed)
        self.members.itemDoubleClicked.connect(lambda it: self.edit_person.emit(self.members.item(it.row(), 0).data(Qt.UserRole)))
        layout.addWidget(self.members, 3)

        self.cards_title = QLabel(_("<b>Lịch sử thẻ BHYT</b>"))
        right.addWidget(self.cards_title)
        self.cards = QTableWidget(0, 5)
        self.cards.setHorizontalHeaderLabels([_("Đối tượng"), _("Từ ngày"), _("Đến ngày"), _("Nơi cấp"), _("Nguồn")])
        self._setup(self.cards)
        # The source (a file name) takes what is left: the history needs no sideways scrolling.
        self.cards.horizontalHeader().setSectionResizeMode(4, QHeaderView.Stretch)
        right.addWidget(self.cards, 2)
        row = QHBoxLayout()
        self.btn_card = QPushButton(_("Thêm thẻ…"))
        self.btn_del_card = QPushButton(_("Xóa thẻ"))
        for b in (self.btn_card, self.btn_del_card):
            b.setEnabled(False)
            row.addWidget(b)
        row.addStretch()
        right.addLayout(row)
        self.btn_card.clicked.connect(lambda: self.person_id() and self.add_card.emit(self.person_id()))
        self.btn_del_card.clicked.connect(self._delete_card)

    @staticmethod
    def _setup(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(22)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    def person_id(self) -> int | None:
        row = self.members.currentRow()
        item = self.members.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item else None

    def show_household(self, household_id: int | None, person_id: int | None = None) -> None:
        self.household_id = household_id
        for b in (self.btn_edit, self.btn_add):
            b.setEnabled(household_id is not None)
        self.members.setRowCount(0)
        self.cards.setRowCount(0)
        if household_id is None:
            self.title.setText(_("Chọn một người trong danh sách để xem hộ gia đình."))
            self._show_contribution(None)
            self._member_changed()
            return
        h = records.household_record(self.db, household_id)
        code, address, phone, htype, vname, head = (h.code, h.address, h.phone, h.household_type,
                                                     h.village_name, h.head_name)
        types = dict((k, t) for t, k in household_type_items())
        parts = [f"<b>{_('Hộ')} {code}</b> — {vname}"]
        if address:
            parts.append(address)
        details = [_("Chủ hộ: {name}").format(name=head or _("(chưa có)")), types.get(htype, "")]
        if phone:
            details.append(_("ĐT: {phone}").format(phone=phone))
        self.title.setText(" — ".join(parts) + "<br>" + "; ".join(d for d in details if d))
        self._show_contribution(household_id)
        ids = rq.household_members(self.db, household_id)
        rows = rq.fetch_rows(self.db, ids, self.as_of, self.expiring_days)
        self.members.setRowCount(len(ids))
        select = 0
        for i, pid in enumerate(ids):
            r = rows[pid]
            name = r.full_name
            if r.status in ("moved_out", "deceased"):
                name += f" ({rq.status_label(r.status).lower()} {fmt_date(r.status_date)})"
            self.members.setItem(i, 0, _item(name, data=pid))
            self.members.setItem(i, 1, _item(rq.birth_text(r), True))
            self.members.setItem(i, 2, _item(r.relation))
            state = _item(rq.card_state_label(r.card_state) + (f" ({r.card_group})" if r.card_group else ""))
            color = _STATE_COLORS.get(r.card_state)
            if color:
                state.setForeground(QBrush(QColor(color)))
            to = _item(fmt_date(r.card_to), True)
            if color:
                to.setForeground(QBrush(QColor(color)))
            self.members.setItem(i, 3, to)
            self.members.setItem(i, 4, state)
            if pid == person_id:
                select = i
        if ids:
            self.members.selectRow(select)
        self._member_changed()

    def _show_contribution(self, household_id: int | None) -> None:
        self.contribution.setToolTip("")
        if household_id is None:
            self.contribution.setText("")
            return
        try:
            c = contribution_for(self.db, household_id, self.as_of, 12)
        except UserError as exc:
            self.contribution.setText(str(exc))
            return
        paying = sum(m.scheme != "insured" for m in c.members)
        self.contribution.setText(_("BHYT hộ gia đình 12 tháng cho {n} người chưa có thẻ nhóm khác: "
                                    "{total} (đã trừ hỗ trợ)").format(n=paying, total=money_text(c.total)))
        self.contribution.setToolTip("\n".join(summary_lines(c)))

    def refresh(self) -> None:
        pid = self.person_id()
        self.show_household(self.household_id, pid)

    def _member_changed(self) -> None:
        pid = self.person_id()
        self.btn_card.setEnabled(pid is not None)
        self.cards.setRowCount(0)
        self.btn_del_card.setEnabled(False)
        if pid is None:
            return
        cards = roster.cards_of(self.db, pid)
        name = self.members.item(self.members.currentRow(), 0).text()
        self.cards_title.setText(_("<b>Lịch sử thẻ BHYT</b> — {name}").format(name=name))
        self.cards.setRowCount(len(cards))
        for i, c in enumerate(reversed(cards)):       # newest first
            self.cards.setItem(i, 0, _item(c["group_code"], data=c["id"]))
            self.cards.setItem(i, 1, _item(fmt_date(c["valid_from"]), True))
            self.cards.setItem(i, 2, _item(fmt_date(c["valid_to"]), True))
            self.cards.setItem(i, 3, _item(_("Tại xã") if c["issued_here"] else _("Nơi khác")))
            source = _item(_("Nhập tay") if c["source"] == "manual" else c["source"])
            source.setToolTip(source.text())           # a long file name, cut short at 1280 px
            self.cards.setItem(i, 4, source)
        self.btn_del_card.setEnabled(bool(cards))
        if cards:
            self.cards.selectRow(0)

    def confirm_delete_card(self, text: str) -> bool:
        return QMessageBox.question(self, _("Xóa thẻ"), text, QMessageBox.Yes | QMessageBox.No,
                                    QMessageBox.No) == QMessageBox.Yes

    def _delete_card(self) -> None:
        row = self.cards.currentRow()
        pid = self.person_id()
        if row < 0 or pid is None:
            return
        card_id = self.cards.item(row, 0).data(Qt.UserRole)
        text = _("Xóa thẻ {code} từ {start} đến {end}?").format(
            code=self.cards.item(row, 0).text(), start=self.cards.item(row, 1).text(),
            end=self.cards.item(row, 2).text())
        if self.confirm_delete_card(text):
            roster.delete_card(self.db, card_id)
            self.card_deleted.emit(pid)
